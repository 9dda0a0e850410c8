// nmf-wasm/text on a corpus small enough to count by hand: every expected count and tf-idf value
// below is worked out in the comments, not computed by the code under test.
import { describe, expect, it } from "vitest";
import { MatrixShapeError, MatrixValueError, NMFError, NotFittedError, OptionError } from "../src/errors.js";
import {
  ENGLISH_STOP_WORDS, STOP_WORD_LANGUAGES, stopWordList, TextVectorizer, compareCodePoints, documentTopics,
  tokenize, topTerms, vectorize,
  type DocumentTermMatrix, type TextVectorizerOptions,
} from "../src/text/index.js";

// Tokens (lowercased, ≥ 2 word characters, so "a" is dropped):
//   d0 "The cat sat on the mat."   the ×2, cat, sat, on, mat
//   d1 "The dog sat on the log!"   the ×2, dog, sat, on, log
//   d2 "Cats and dogs"             cats, and, dogs
//   d3 ""                          (nothing)
//   d4 "The CAT, the cat: a cat."  the ×2, cat ×3
const docs = [
  "The cat sat on the mat.",
  "The dog sat on the log!",
  "Cats and dogs",
  "",
  "The CAT, the cat: a cat.",
];
// Vocabulary (alphabetical) and, per term, df (documents) and corpus count:
//   col: 0 and  1 cat  2 cats  3 dog  4 dogs  5 log  6 mat  7 on  8 sat  9 the
//   df:    1      2      1       1      1       1      1      2     2      3
//   tf:    1      4      1       1      1       1      1      2     2      6
const VOCAB = ["and", "cat", "cats", "dog", "dogs", "log", "mat", "on", "sat", "the"];

/** Row i as { term: value }. */
function row(m: DocumentTermMatrix, vocabulary: readonly string[], i: number): Record<string, number> {
  const out: Record<string, number> = {};
  for (let p = m.indptr[i]; p < m.indptr[i + 1]; p++) out[vocabulary[m.indices[p]]] = m.data[p];
  return out;
}

function expectRowClose(actual: Record<string, number>, expected: Record<string, number>): void {
  expect(Object.keys(actual).sort()).toEqual(Object.keys(expected).sort());
  for (const [term, value] of Object.entries(expected)) expect(actual[term]).toBeCloseTo(value, 12);
}

function expectCanonical(m: DocumentTermMatrix): void {
  expect(m.format).toBe("csr");
  expect(m.indptr).toBeInstanceOf(Int32Array);
  expect(m.indices).toBeInstanceOf(Int32Array);
  expect(m.data).toBeInstanceOf(Float64Array);
  expect(m.indptr.length).toBe(m.rows + 1);
  expect(m.indptr[0]).toBe(0);
  expect(m.indptr[m.rows]).toBe(m.indices.length);
  expect(m.data.length).toBe(m.indices.length);
  for (let i = 0; i < m.rows; i++) {
    for (let p = m.indptr[i]; p < m.indptr[i + 1]; p++) {
      expect(m.indices[p]).toBeGreaterThanOrEqual(0);
      expect(m.indices[p]).toBeLessThan(m.cols);
      if (p > m.indptr[i]) expect(m.indices[p]).toBeGreaterThan(m.indices[p - 1]); // sorted, no duplicates
    }
  }
}

function failure(f: () => unknown): NMFError {
  try {
    f();
  } catch (error) {
    expect(error).toBeInstanceOf(NMFError);
    return error as NMFError;
  }
  throw new Error("expected the call to throw");
}

describe("counts (CountVectorizer semantics)", () => {
  it("tokenizes, lowercases, sorts the vocabulary and builds a canonical CSR", () => {
    const { matrix, vocabulary } = vectorize(docs, { weighting: "counts" });
    expect(vocabulary).toEqual(VOCAB);
    expectCanonical(matrix);
    expect(matrix.rows).toBe(5);
    expect(matrix.cols).toBe(10);
    expect(Array.from(matrix.indptr)).toEqual([0, 5, 10, 13, 13, 15]);
    expect(Array.from(matrix.indices)).toEqual([1, 6, 7, 8, 9, 3, 5, 7, 8, 9, 0, 2, 4, 1, 9]);
    expect(Array.from(matrix.data)).toEqual([1, 1, 1, 1, 2, 1, 1, 1, 1, 2, 1, 1, 1, 3, 2]);
    expect(row(matrix, vocabulary, 3)).toEqual({}); // the empty document is an empty row
  });

  it("exposes document frequencies; binary counts each term once per document", () => {
    const v = new TextVectorizer({ weighting: "counts", binary: true });
    const m = v.fitTransform(docs);
    expect(Array.from(v.documentFrequency)).toEqual([1, 2, 1, 1, 1, 1, 1, 2, 2, 3]);
    expect(row(m, v.vocabulary, 4)).toEqual({ cat: 1, the: 1 });
    expect(v.idf).toBeUndefined();
  });

  it("lowercase: false keeps case (uppercase sorts first, by code point)", () => {
    const { vocabulary, matrix } = vectorize(docs, { weighting: "counts", lowercase: false });
    expect(vocabulary.slice(0, 4)).toEqual(["CAT", "Cats", "The", "and"]);
    expect(row(matrix, vocabulary, 4)).toEqual({ CAT: 1, The: 1, cat: 2, the: 1 });
  });

  it("transform reuses the fitted vocabulary and ignores unseen terms", () => {
    const v = new TextVectorizer({ weighting: "counts" }).fit(docs);
    const m = v.transform(["Bird, cat; CAT and a bird", "", "zebra"]);
    expectCanonical(m);
    expect(m.cols).toBe(10);
    expect(row(m, v.vocabulary, 0)).toEqual({ and: 1, cat: 2 });
    expect(row(m, v.vocabulary, 1)).toEqual({});
    expect(row(m, v.vocabulary, 2)).toEqual({});
    expect(v.termIndex("the")).toBe(9);
    expect(v.termIndex("bird")).toBe(-1);
  });
});

describe("tf-idf (TfidfVectorizer semantics)", () => {
  // n = 5 documents; smooth idf = ln((1 + n) / (1 + df)) + 1:
  //   df 1 → ln(6/2) + 1 = ln 3 + 1 ≈ 2.0986;  df 2 → ln(6/3) + 1 = ln 2 + 1 ≈ 1.6931;
  //   df 3 → ln(6/4) + 1 = ln 1.5 + 1 ≈ 1.4055
  const idf1 = Math.log(3) + 1, idf2 = Math.log(2) + 1, idf3 = Math.log(1.5) + 1;

  it("default: counts × smooth idf, rows L2-normalized (by hand)", () => {
    const v = new TextVectorizer();
    const m = v.fitTransform(docs);
    expectCanonical(m);
    expect(v.vocabulary).toEqual(VOCAB);
    const idf = Array.from(v.idf!);
    [idf1, idf2, idf1, idf1, idf1, idf1, idf1, idf2, idf2, idf3].forEach((x, j) => expect(idf[j]).toBeCloseTo(x, 14));
    // d0: cat 1·idf2, mat 1·idf1, on 1·idf2, sat 1·idf2, the 2·idf3; ‖·‖² = 3·idf2² + idf1² + 4·idf3².
    const n0 = Math.sqrt(3 * idf2 ** 2 + idf1 ** 2 + 4 * idf3 ** 2);
    expectRowClose(row(m, v.vocabulary, 0),
      { cat: idf2 / n0, mat: idf1 / n0, on: idf2 / n0, sat: idf2 / n0, the: (2 * idf3) / n0 });
    // d2: and, cats, dogs all once with df 1 → three equal entries, each 1/√3.
    expectRowClose(row(m, v.vocabulary, 2), { and: 1 / Math.sqrt(3), cats: 1 / Math.sqrt(3), dogs: 1 / Math.sqrt(3) });
    // d3: empty row stays empty (no division by zero).
    expect(m.indptr[4] - m.indptr[3]).toBe(0);
    // d4: cat 3·idf2, the 2·idf3; ‖·‖ = √(9·idf2² + 4·idf3²).
    const n4 = Math.sqrt(9 * idf2 ** 2 + 4 * idf3 ** 2);
    expectRowClose(row(m, v.vocabulary, 4), { cat: (3 * idf2) / n4, the: (2 * idf3) / n4 });
    // In numbers: 3·1.693147 = 5.079442; 9·1.693147² + 4·1.405465² = 25.80072 + 7.90133 = 33.70205,
    // √ = 5.805347; 5.079442 / 5.805347 ≈ 0.87496.
    expect(row(m, v.vocabulary, 4).cat).toBeCloseTo(0.87496, 4);
    // transform of the same documents gives the same matrix.
    const again = v.transform(docs);
    expect(Array.from(again.indices)).toEqual(Array.from(m.indices));
    Array.from(again.data).forEach((x, p) => expect(x).toBeCloseTo(m.data[p], 14));
  });

  it("sublinearTf, smoothIdf: false, norm 'l1' and null, useIdf: false", () => {
    // d4 with sublinear tf: cat 1 + ln 3, the 1 + ln 2; ×idf, L2.
    let v = new TextVectorizer({ sublinearTf: true });
    let m = v.fitTransform(docs);
    const c = (1 + Math.log(3)) * idf2, t = (1 + Math.log(2)) * idf3;
    expectRowClose(row(m, v.vocabulary, 4), { cat: c / Math.hypot(c, t), the: t / Math.hypot(c, t) });

    // Unsmoothed idf = ln(n / df) + 1: cat (df 2) ln 2.5 + 1, the (df 3) ln(5/3) + 1; no norm.
    v = new TextVectorizer({ smoothIdf: false, norm: null });
    m = v.fitTransform(docs);
    expectRowClose(row(m, v.vocabulary, 4), { cat: 3 * (Math.log(2.5) + 1), the: 2 * (Math.log(5 / 3) + 1) });

    // L1: divide by the sum of absolute values.
    v = new TextVectorizer({ norm: "l1" });
    m = v.fitTransform(docs);
    const s = 3 * idf2 + 2 * idf3;
    expectRowClose(row(m, v.vocabulary, 4), { cat: (3 * idf2) / s, the: (2 * idf3) / s });

    // No idf: plain counts, L2-normalized: (3, 2)/√13.
    v = new TextVectorizer({ useIdf: false });
    m = v.fitTransform(docs);
    expect(v.idf).toBeUndefined();
    expectRowClose(row(m, v.vocabulary, 4), { cat: 3 / Math.sqrt(13), the: 2 / Math.sqrt(13) });
  });
});

describe("pruning: minDf, maxDf, maxFeatures", () => {
  const vocab = (options: TextVectorizerOptions) => vectorize(docs, { weighting: "counts", ...options }).vocabulary;

  it("minDf and maxDf as document counts (integers) or proportions", () => {
    expect(vocab({ minDf: 2 })).toEqual(["cat", "on", "sat", "the"]); // df ≥ 2
    expect(vocab({ minDf: 0.5 })).toEqual(["the"]); // df ≥ 0.5·5 = 2.5
    expect(vocab({ maxDf: 2 })).toEqual(VOCAB.filter((t) => t !== "the")); // df ≤ 2
    expect(vocab({ maxDf: 0.3 })).toEqual(["and", "cats", "dog", "dogs", "log", "mat"]); // df ≤ 1.5
    expect(vocab({ maxDf: 1 })).toEqual(VOCAB); // 1 = 100% (scikit-learn's default 1.0)
    expect(vocab({ minDf: 1 })).toEqual(VOCAB); // 1 = one document (scikit-learn's default 1)
    expect(vocab({ minDf: 2, maxDf: 0.5 })).toEqual(["cat", "on", "sat"]); // 2 ≤ df ≤ 2.5
  });

  it("maxFeatures keeps the highest corpus counts, ties to the alphabetically first", () => {
    expect(vocab({ maxFeatures: 2 })).toEqual(["cat", "the"]); // the 6, cat 4
    // the 6, cat 4, then on 2 and sat 2 tie: "on" sorts first.
    const v = new TextVectorizer({ weighting: "counts", maxFeatures: 3 });
    const m = v.fitTransform(docs);
    expect(v.vocabulary).toEqual(["cat", "on", "the"]);
    expect(v.prunedTerms).toEqual(["and", "cats", "dog", "dogs", "log", "mat", "sat"]);
    expect(row(m, v.vocabulary, 1)).toEqual({ on: 1, the: 2 });
    expect(row(m, v.vocabulary, 2)).toEqual({}); // every term of d2 was pruned
    expect(vocab({ maxFeatures: 100 })).toEqual(VOCAB);
  });

  it("idf uses the document frequencies of the kept terms over all documents", () => {
    const v = new TextVectorizer({ minDf: 2 });
    v.fit(docs);
    // cat, on, sat: df 2 → ln 2 + 1; the: df 3 → ln 1.5 + 1 (n is still 5).
    expect(Array.from(v.idf!)).toEqual([Math.log(2) + 1, Math.log(2) + 1, Math.log(2) + 1, Math.log(1.5) + 1]
      .map((x) => expect.closeTo(x, 14)));
  });
});

describe("stop words, tokens and hooks", () => {
  it("'english' is the stopword package's 108-word list and is removed after lowercasing", () => {
    expect(ENGLISH_STOP_WORDS.size).toBe(108);
    for (const w of ["the", "and", "on", "would", "is"]) expect(ENGLISH_STOP_WORDS.has(w)).toBe(true);
    for (const w of ["cat", "system"]) expect(ENGLISH_STOP_WORDS.has(w)).toBe(false);
    const { vocabulary, matrix } = vectorize(docs, { weighting: "counts", stopWords: "english" });
    expect(vocabulary).toEqual(["cat", "cats", "dog", "dogs", "log", "mat", "sat"]);
    expect(row(matrix, vocabulary, 4)).toEqual({ cat: 3 });
  });

  it("other languages by name or ISO 639-3 code; an unknown name is an OptionError listing the way out", () => {
    const spanish = ["El gato y el perro", "La casa de los gatos", "un perro en la casa"];
    const { vocabulary } = vectorize(spanish, { weighting: "counts", stopWords: "spanish" });
    expect(vocabulary).toEqual(["casa", "gato", "gatos", "perro"]);
    expect(vectorize(spanish, { weighting: "counts", stopWords: "spa" }).vocabulary).toEqual(vocabulary);
    expect(stopWordList("spanish")).toBe(stopWordList("spa"));
    expect(stopWordList("english")).toBe(ENGLISH_STOP_WORDS);
    expect(STOP_WORD_LANGUAGES).toContain("german");
    for (const name of STOP_WORD_LANGUAGES) expect(stopWordList(name)?.size, name).toBeGreaterThan(20);
    for (const name of ["klingon", "removeStopwords", "default", "_123", "English"]) {
      expect(stopWordList(name), name).toBeUndefined();
      const e = failure(() => vectorize(spanish, { stopWords: name }));
      expect(e).toMatchObject({ code: "INVALID_OPTION", option: "stopWords" });
      expect(e.message).toMatch(/unknown stopWords list.*STOP_WORD_LANGUAGES/);
    }
  });

  it("a custom stop-word list; with lowercase: false it is matched case-sensitively", () => {
    expect(vectorize(docs, { weighting: "counts", stopWords: ["the", "cat"] }).vocabulary)
      .toEqual(["and", "cats", "dog", "dogs", "log", "mat", "on", "sat"]);
    expect(vectorize(["The the"], { weighting: "counts", lowercase: false, stopWords: ["the"] }).vocabulary)
      .toEqual(["The"]);
  });

  it("unicode words stay whole; vocabulary is in code-point order", () => {
    const { vocabulary, matrix } = vectorize(
      ["Naïve café owners", "CAFÉ naïve", "Ünïcödé—déjà vu, 東京 x 42 under_score"], { weighting: "counts" });
    // "x" is too short; ü (U+00FC) and 東 (U+6771) sort after ASCII letters.
    expect(vocabulary).toEqual(["42", "café", "déjà", "naïve", "owners", "under_score", "vu", "ünïcödé", "東京"]);
    expect(row(matrix, vocabulary, 1)).toEqual({ café: 1, naïve: 1 });
  });

  it("code-point order differs from UTF-16 order beyond the BMP, as in Python", () => {
    // U+FF5A (fullwidth z) < U+1D41A (math bold a), though "\uD835" < "\uFF5A" as UTF-16.
    expect(compareCodePoints("\uFF5A", "\u{1D41A}")).toBeLessThan(0);
    expect(["\u{1D41A}", "\uFF5A", "b", "a"].sort(compareCodePoints)).toEqual(["a", "b", "\uFF5A", "\u{1D41A}"]);
    expect(vectorize(["𝐚𝐛 ｚｚ"], { weighting: "counts" }).vocabulary).toEqual(["ｚｚ", "𝐚𝐛"]);
  });

  it("tokenize follows (?u)\\b\\w\\w+\\b, combining marks included", () => {
    expect(tokenize("It's a well-known fact: C3PO & R2 (v2.0)")).toEqual(["it", "well", "known", "fact", "c3po", "r2", "v2"]);
    expect(tokenize("Hello World", { lowercase: false })).toEqual(["Hello", "World"]);
    // A decomposed é (e + U+0301) is not a word character in Python's \w either: the word splits.
    expect(tokenize("cafe\u0301 caf\u00e9")).toEqual(["cafe", "café"]);
  });

  it("tokenPattern: RegExp or string; one capture group selects the token", () => {
    expect(vectorize(["a b a"], { weighting: "counts", tokenPattern: /\w+/ }).vocabulary).toEqual(["a", "b"]);
    const tags = vectorize(["love #nmf and #wasm", "#nmf"], { weighting: "counts", tokenPattern: "#(\\w+)" });
    expect(tags.vocabulary).toEqual(["nmf", "wasm"]);
    expect(row(tags.matrix, tags.vocabulary, 0)).toEqual({ nmf: 1, wasm: 1 });
  });

  it("tokenizer hook (e.g. a stemmer) replaces the pattern; stop words still apply", () => {
    const stem = (w: string) => w.replace(/s$/, "");
    const calls: string[] = [];
    const { vocabulary, matrix } = vectorize(docs, {
      weighting: "counts", stopWords: ["the"],
      tokenizer: (doc) => { calls.push(doc); return tokenize(doc, { lowercase: false }).map(stem); },
    });
    expect(calls[4]).toBe("the cat, the cat: a cat."); // receives the lowercased document
    expect(vocabulary).toEqual(["and", "cat", "dog", "log", "mat", "on", "sat"]);
    expect(row(matrix, vocabulary, 2)).toEqual({ and: 1, cat: 1, dog: 1 });
  });

  it("preprocessor replaces lowercasing (as in scikit-learn)", () => {
    const v = vectorize(["Hello, WORLD"], { weighting: "counts", preprocessor: (d) => d.replace(/,/g, " comma ") });
    expect(v.vocabulary).toEqual(["Hello", "WORLD", "comma"]);
    expect(new TextVectorizer({ stopWords: "english" }).buildAnalyzer()("The Cat sat")).toEqual(["cat", "sat"]);
  });
});

describe("errors", () => {
  it("bad corpora → OptionError on 'docs'", () => {
    expect(failure(() => vectorize([]))).toMatchObject({ code: "INVALID_OPTION", option: "docs" });
    expect(failure(() => vectorize("one string" as never)).message).toMatch(/single string/);
    expect(failure(() => vectorize(["ok", 3] as never)).message).toMatch(/document 1/);
  });

  it("bad option values → OptionError naming the option", () => {
    const bad: [TextVectorizerOptions, string][] = [
      [{ minDf: 1.5 }, "minDf"], [{ minDf: -1 }, "minDf"], [{ maxDf: NaN }, "maxDf"],
      [{ minDf: 3, maxDf: 2 }, "maxDf"], [{ minDf: 0.6, maxDf: 0.5 }, "maxDf"],
      [{ maxFeatures: 0 }, "maxFeatures"], [{ maxFeatures: 2.5 }, "maxFeatures"],
      [{ stopWords: "klingon" }, "stopWords"], [{ stopWords: 3 as never }, "stopWords"], [{ norm: "l3" as never }, "norm"],
      [{ weighting: "bm25" as never }, "weighting"], [{ weighting: "counts", norm: "l2" }, "norm"],
      [{ weighting: "counts", sublinearTf: true }, "sublinearTf"], [{ lowercase: "yes" as never }, "lowercase"],
      [{ tokenizer: (d) => d.split(" "), tokenPattern: /\w+/ }, "tokenPattern"],
      [{ tokenPattern: "(\\w)(\\w)" }, "tokenPattern"], [{ tokenPattern: "(?u)\\b\\w\\w+\\b" }, "tokenPattern"],
      [{ preprocessor: (d) => d, lowercase: true }, "lowercase"],
    ];
    for (const [options, option] of bad) {
      const e = failure(() => new TextVectorizer(options));
      expect(e).toBeInstanceOf(OptionError);
      expect((e as OptionError).option).toBe(option);
      expect(e.message).toContain(option);
    }
    const e = failure(() => new TextVectorizer({ min_df: 2 } as never));
    expect(e).toMatchObject({ code: "UNKNOWN_OPTION", option: "min_df" });
    expect(e.message).toMatch(/did you mean 'minDf'/);
  });

  it("an empty vocabulary names the option that emptied it", () => {
    // Proportions are checked against the corpus size at fit: 0.8·5 = 4 documents > maxDf 2.
    expect(failure(() => vectorize(docs, { minDf: 0.8, maxDf: 2 }))).toMatchObject({ option: "maxDf" });
    expect(failure(() => vectorize(docs, { minDf: 4 })).message).toMatch(/fewer documents than minDf.*lower minDf/);
    expect(failure(() => vectorize(docs, { minDf: 0, maxDf: 0.1 }))).toMatchObject({ option: "maxDf" });
    // df is 1 or 3 here: each bound alone keeps something, together nothing.
    expect(failure(() => vectorize(["aa bb cc", "cc dd", "cc"], { minDf: 2, maxDf: 2 })).message)
      .toMatch(/within both bounds/);
    expect(failure(() => vectorize(["The and of", "it is"], { stopWords: "english" })))
      .toMatchObject({ option: "stopWords" });
    expect(failure(() => vectorize(["a b c", "!?"]))).toMatchObject({ option: "tokenPattern" });
    expect(failure(() => vectorize(["x"], { tokenizer: () => [] }))).toMatchObject({ option: "tokenizer" });
  });

  it("using a vectorizer before fit → NotFittedError; bad hook results → OptionError", () => {
    const v = new TextVectorizer();
    expect(() => v.transform(docs)).toThrow(NotFittedError);
    expect(() => v.vocabulary).toThrow(NotFittedError);
    expect(v.fitted).toBe(false);
    expect(failure(() => vectorize(["x"], { tokenizer: () => "x" as never }))).toMatchObject({ option: "tokenizer" });
    expect(failure(() => vectorize(["x"], { preprocessor: () => 1 as never }))).toMatchObject({ option: "preprocessor" });
  });
});

describe("topics", () => {
  const H = { rows: 2, cols: 4, data: Float32Array.from([0.1, 0.9, 0, 0.5, 2, 0, 1, 1]) };
  const terms = ["a", "b", "c", "d"];

  it("topTerms: descending weight, ties by column, n capped at the vocabulary size", () => {
    const top = topTerms(H, terms, 3);
    expect(top[0]).toEqual([{ term: "b", weight: expect.closeTo(0.9, 6) }, { term: "d", weight: 0.5 },
      { term: "a", weight: expect.closeTo(0.1, 6) }]);
    expect(top[1].map((t) => t.term)).toEqual(["a", "c", "d"]); // c and d tie at 1: column order
    expect(topTerms(H, terms, 10)[1].map((t) => t.term)).toEqual(["a", "c", "d", "b"]);
    expect(topTerms(H, terms)[0]).toHaveLength(4); // default n = 10
  });

  it("topTerms checks shapes and n", () => {
    const e = failure(() => topTerms(H, ["a", "b", "c"], 2));
    expect(e).toBeInstanceOf(MatrixShapeError);
    expect(e).toMatchObject({ code: "SHAPE_MISMATCH" });
    expect(e.message).toMatch(/vocabulary has 3 terms but H has 4 columns/);
    expect(failure(() => topTerms({ rows: 2, cols: 4, data: [1, 2, 3] }, terms)).code).toBe("SHAPE_MISMATCH");
    expect(failure(() => topTerms(H, terms, 0))).toBeInstanceOf(OptionError);
  });

  it("documentTopics: rows sum to 1, all-zero rows stay zero, dominant topic per document", () => {
    const W = { rows: 4, cols: 3, data: [1, 3, 0, 0, 0, 0, 2, 2, 4, 0, 5, 5] };
    const { weights, dominant } = documentTopics(W);
    expect(weights.rows).toBe(4);
    expect(weights.cols).toBe(3);
    expect(Array.from(weights.data)).toEqual([0.25, 0.75, 0, 0, 0, 0, 0.25, 0.25, 0.5, 0, 0.5, 0.5]);
    expect(Array.from(dominant)).toEqual([1, -1, 2, 1]); // ties → lower topic; no topic → −1
    const raw = documentTopics(W, { normalize: false });
    expect(Array.from(raw.weights.data)).toEqual(W.data);
    expect(Array.from(raw.dominant)).toEqual([1, -1, 2, 1]);
    expect(failure(() => documentTopics({ rows: 1, cols: 2, data: [1, -1] }))).toBeInstanceOf(MatrixValueError);
    expect(failure(() => documentTopics({ rows: 2, cols: 2, data: [1] })).code).toBe("SHAPE_MISMATCH");
  });
});
