// Documents → document-term matrix (CSR) + vocabulary, with scikit-learn's CountVectorizer and
// TfidfVectorizer semantics: same tokens, same pruning (minDf, maxDf, maxFeatures), alphabetical
// columns, smooth idf and L2-normalized rows by default.
import { NotFittedError, OptionError } from "../errors.js";
import { stopWordList } from "./stop-words.js";
import { buildAnalyzer, compilePattern, defaultPattern, describe, type AnalyzerConfig } from "./tokenize.js";

/** A CSR document-term matrix: one row per document, one column per vocabulary term. */
export interface DocumentTermMatrix {
  format: "csr";
  rows: number;
  cols: number;
  /** rows + 1 offsets into indices/data. */
  indptr: Int32Array;
  /** Column of each stored entry: strictly increasing within each row. */
  indices: Int32Array;
  /** Counts or tf-idf weights, float64 (nmf-wasm converts to float32 when it copies V). */
  data: Float64Array;
}

export interface TextVectorizerOptions {
  /** Lowercase documents before tokenizing (default true). Not applied when `preprocessor` is given. */
  lowercase?: boolean | undefined;
  /**
   * Replaces the preprocessing step (lowercasing), as in scikit-learn: it receives the raw
   * document and returns the text to tokenize. Lowercase in it yourself if you want that.
   */
  preprocessor?: ((doc: string) => string) | undefined;
  /**
   * Replaces the token pattern: receives the (preprocessed) document and returns its tokens.
   * The hook for stemming or lemmatizing, e.g. with a stemmer from the `natural` package:
   * `tokenizer: (doc) => doc.match(/[\p{L}\p{N}_]{2,}/gu)?.map(stem) ?? []`.
   * Stop words are removed from what it returns.
   */
  tokenizer?: ((doc: string) => string[]) | undefined;
  /**
   * Token pattern (default `/[\p{L}\p{N}_]{2,}/gu`, scikit-learn's `(?u)\b\w\w+\b`). A string is
   * compiled with flags "gu". With one capturing group, the group's text is the token.
   */
  tokenPattern?: RegExp | string | undefined;
  /**
   * A built-in list by language ('english', 'spanish', … or its ISO 639-3 code 'eng', 'spa', …:
   * the `stopword` package's lists), your own list, or none (default). Matched after lowercasing.
   */
  stopWords?: string | readonly string[] | null | undefined;
  /**
   * Ignore terms in fewer documents than this: an integer ≥ 1 is a document count, a number in
   * [0, 1) a proportion of the documents (default 1: keep every term).
   */
  minDf?: number | undefined;
  /**
   * Ignore terms in more documents than this: a number in [0, 1] is a proportion of the documents,
   * an integer ≥ 2 a document count (default 1 = 100%: keep every term).
   */
  maxDf?: number | undefined;
  /** Keep only this many terms, those with the highest corpus-wide counts (default: all). */
  maxFeatures?: number | null | undefined;
  /** Count each term at most once per document (default false). */
  binary?: boolean | undefined;
  /** 'tfidf' (default, TfidfVectorizer) or 'counts' (CountVectorizer: raw term counts). */
  weighting?: "tfidf" | "counts" | undefined;
  /** Row normalization for tf-idf: 'l2' (default), 'l1' or null. */
  norm?: "l2" | "l1" | null | undefined;
  /** Multiply by the inverse document frequency (default true). */
  useIdf?: boolean | undefined;
  /** idf = ln((1 + n) / (1 + df)) + 1 when true (default), ln(n / df) + 1 when false. */
  smoothIdf?: boolean | undefined;
  /** Use 1 + ln(tf) instead of tf (default false). */
  sublinearTf?: boolean | undefined;
}

type DfBound = { kind: "count" | "proportion"; value: number };

interface ResolvedTextOptions {
  analyzer: AnalyzerConfig;
  stopWordsGiven: boolean;
  minDf: DfBound;
  maxDf: DfBound;
  maxFeatures: number | undefined;
  binary: boolean;
  tfidf: boolean;
  norm: "l2" | "l1" | null;
  useIdf: boolean;
  smoothIdf: boolean;
  sublinearTf: boolean;
}

const KNOWN = new Set(["lowercase", "preprocessor", "tokenizer", "tokenPattern", "stopWords", "minDf", "maxDf",
  "maxFeatures", "binary", "weighting", "norm", "useIdf", "smoothIdf", "sublinearTf"]);

/** scikit-learn spellings users will try, and ours. */
const RENAMED: Record<string, string> = {
  stop_words: "stopWords", min_df: "minDf", max_df: "maxDf", max_features: "maxFeatures",
  token_pattern: "tokenPattern", use_idf: "useIdf", smooth_idf: "smoothIdf", sublinear_tf: "sublinearTf",
  stopwords: "stopWords", ngram_range: "(n-grams are not supported; use a tokenizer that emits them)",
};

const TFIDF_ONLY = ["norm", "useIdf", "smoothIdf", "sublinearTf"] as const;

function invalid(option: string, message: string): OptionError {
  return new OptionError("INVALID_OPTION", message, option);
}

function bool(value: unknown, name: string, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== "boolean") throw invalid(name, `${name} must be true or false, got ${describe(value)}`);
  return value;
}

function dfBound(value: unknown, name: "minDf" | "maxDf"): DfBound {
  if (value === undefined) return name === "minDf" ? { kind: "count", value: 1 } : { kind: "proportion", value: 1 };
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0 || (value > 1 && !Number.isInteger(value))) {
    throw invalid(name, `${name} must be a document count (an integer ≥ 1) or a proportion of the documents in ` +
      `[0, 1], got ${describe(value)}`);
  }
  // JavaScript cannot tell 1 from 1.0: 1 means each option's scikit-learn default (minDf 1 document, maxDf 100%).
  if (value === 1) return name === "minDf" ? { kind: "count", value: 1 } : { kind: "proportion", value: 1 };
  return value > 1 ? { kind: "count", value } : { kind: "proportion", value };
}

function showDf(b: DfBound): string {
  return b.kind === "count" ? `${b.value} document${b.value === 1 ? "" : "s"}` : `${b.value} of the documents`;
}

function resolveTextOptions(options: unknown): ResolvedTextOptions {
  if (options === undefined) options = {};
  if (options === null || typeof options !== "object" || Array.isArray(options)) {
    throw invalid("options", `options must be an object, got ${describe(options)}`);
  }
  const o = options as Record<string, unknown>;
  for (const key of Object.keys(o)) {
    if (!KNOWN.has(key)) {
      const r = RENAMED[key];
      const hint = r === undefined ? "" : r.startsWith("(") ? ` ${r}` : ` (did you mean '${r}'?)`;
      throw new OptionError("UNKNOWN_OPTION", `unknown option '${key}'${hint}`, key);
    }
  }
  const lowercase = bool(o.lowercase, "lowercase", true);
  const preprocessor = o.preprocessor;
  if (preprocessor !== undefined && typeof preprocessor !== "function") {
    throw invalid("preprocessor", `preprocessor must be a function (doc: string) => string, got ${describe(preprocessor)}`);
  }
  if (preprocessor !== undefined && o.lowercase === true) {
    throw invalid("lowercase", "lowercase is not applied when a preprocessor is given (as in scikit-learn): " +
      "lowercase inside the preprocessor, or leave lowercase unset");
  }
  const tokenizer = o.tokenizer;
  if (tokenizer !== undefined && typeof tokenizer !== "function") {
    throw invalid("tokenizer", `tokenizer must be a function (doc: string) => string[], got ${describe(tokenizer)}`);
  }
  if (tokenizer !== undefined && o.tokenPattern !== undefined) {
    throw invalid("tokenPattern", "give either tokenizer or tokenPattern, not both (a tokenizer replaces the pattern)");
  }
  const pattern = o.tokenPattern === undefined ? defaultPattern() : compilePattern(o.tokenPattern);

  let stopWords: ReadonlySet<string> | undefined;
  const sw = o.stopWords;
  if (typeof sw === "string") {
    stopWords = stopWordList(sw);
    if (stopWords === undefined) {
      throw invalid("stopWords", `unknown stopWords list ${describe(sw)}: give a language name such as 'english' or ` +
        "'spanish' (STOP_WORD_LANGUAGES lists them), its ISO 639-3 code, or an array of words");
    }
  } else if (Array.isArray(sw)) {
    for (const w of sw) {
      if (typeof w !== "string") throw invalid("stopWords", `stopWords must contain only strings, found ${describe(w)}`);
    }
    stopWords = new Set(sw as string[]);
  } else if (sw !== undefined && sw !== null) {
    throw invalid("stopWords", `stopWords must be a language name, an array of strings or null, got ${describe(sw)}`);
  }

  const minDf = dfBound(o.minDf, "minDf");
  const maxDf = dfBound(o.maxDf, "maxDf");
  if (minDf.kind === maxDf.kind && minDf.value > maxDf.value) {
    throw invalid("maxDf", `maxDf (${showDf(maxDf)}) is below minDf (${showDf(minDf)}): no term could be kept`);
  }
  let maxFeatures: number | undefined;
  if (o.maxFeatures !== undefined && o.maxFeatures !== null) {
    const m = o.maxFeatures;
    if (typeof m !== "number" || !Number.isInteger(m) || m < 1) {
      throw invalid("maxFeatures", `maxFeatures must be a positive integer or null, got ${describe(m)}`);
    }
    maxFeatures = m;
  }
  const binary = bool(o.binary, "binary", false);
  const weighting = o.weighting ?? "tfidf";
  if (weighting !== "tfidf" && weighting !== "counts") {
    throw invalid("weighting", `weighting must be 'tfidf' or 'counts', got ${describe(weighting)}`);
  }
  const tfidf = weighting === "tfidf";
  if (!tfidf) {
    for (const name of TFIDF_ONLY) {
      if (o[name] !== undefined) {
        throw invalid(name, `${name} only applies to weighting 'tfidf', but weighting is 'counts'`);
      }
    }
  }
  const norm = o.norm === undefined ? "l2" : o.norm;
  if (norm !== "l2" && norm !== "l1" && norm !== null) {
    throw invalid("norm", `norm must be 'l2', 'l1' or null, got ${describe(norm)}`);
  }
  return {
    analyzer: {
      lowercase,
      preprocessor: preprocessor as ((doc: string) => string) | undefined,
      tokenizer: tokenizer as ((doc: string) => string[]) | undefined,
      pattern,
      stopWords,
    },
    stopWordsGiven: stopWords !== undefined && stopWords.size > 0,
    minDf, maxDf, maxFeatures, binary, tfidf, norm,
    useIdf: bool(o.useIdf, "useIdf", true),
    smoothIdf: bool(o.smoothIdf, "smoothIdf", true),
    sublinearTf: bool(o.sublinearTf, "sublinearTf", false),
  };
}

function checkDocs(docs: unknown, method: string): readonly string[] {
  if (typeof docs === "string") {
    throw invalid("docs", `${method} expects an array of documents, got a single string (wrap it: [text])`);
  }
  if (!Array.isArray(docs)) throw invalid("docs", `${method} expects an array of strings, got ${describe(docs)}`);
  for (let i = 0; i < docs.length; i++) {
    if (typeof docs[i] !== "string") {
      throw invalid("docs", `document ${i} is ${describe(docs[i])}, not a string`);
    }
  }
  return docs as readonly string[];
}

/** Compare strings by Unicode code point, as Python (and so scikit-learn's sorted vocabulary) does. */
export function compareCodePoints(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let ca = a.charCodeAt(i), cb = b.charCodeAt(i);
    if (ca !== cb) {
      // UTF-16 order differs from code-point order only between surrogates and U+E000–U+FFFF.
      if (ca >= 0xd800 && cb >= 0xd800) {
        ca = ca >= 0xe000 ? ca - 0x800 : ca + 0x2000;
        cb = cb >= 0xe000 ? cb - 0x800 : cb + 0x2000;
      }
      return ca - cb;
    }
  }
  return a.length - b.length;
}

/** Per-document term counts in COO-by-row form, with ids in first-seen (fit) or column (transform) order. */
interface RowCounts {
  rows: number;
  indptr: Int32Array;
  ids: Int32Array;
  counts: Float64Array;
  nnz: number;
}

function grow<T extends Int32Array | Float64Array>(a: T, need: number): T {
  if (need <= a.length) return a;
  let size = a.length * 2;
  while (size < need) size *= 2;
  const b = new (a.constructor as new (n: number) => T)(size);
  b.set(a);
  return b;
}

/**
 * Count each document's tokens. With `fixed`, tokens outside it are skipped and ids are its
 * values; otherwise new tokens are added to `terms`/`ids` in first-seen order.
 */
function countRows(docs: readonly string[], analyze: (doc: string) => string[],
  termIds: Map<string, number>, terms: string[] | null): RowCounts {
  const rows = docs.length;
  const indptr = new Int32Array(rows + 1);
  let ids = new Int32Array(1024), counts = new Float64Array(1024);
  let lastDoc = new Int32Array(Math.max(1024, termIds.size)).fill(-1);
  let slot = new Int32Array(lastDoc.length);
  let nnz = 0;
  for (let d = 0; d < rows; d++) {
    const tokens = analyze(docs[d]);
    for (let t = 0; t < tokens.length; t++) {
      const token = tokens[t];
      let id = termIds.get(token);
      if (id === undefined) {
        if (terms === null) continue;
        id = terms.length;
        termIds.set(token, id);
        terms.push(token);
        if (id >= lastDoc.length) {
          const old = lastDoc.length;
          lastDoc = grow(lastDoc, id + 1);
          lastDoc.fill(-1, old);
          slot = grow(slot, id + 1);
        }
      }
      if (lastDoc[id] !== d) {
        lastDoc[id] = d;
        slot[id] = nnz;
        if (nnz === ids.length) {
          ids = grow(ids, nnz + 1);
          counts = grow(counts, nnz + 1);
        }
        ids[nnz] = id;
        counts[nnz] = 1;
        nnz++;
      } else {
        counts[slot[id]] += 1;
      }
    }
    indptr[d + 1] = nnz;
  }
  return { rows, indptr, ids, counts, nnz };
}

/**
 * Build a canonical CSR matrix (columns increasing in each row) from row counts, mapping ids to
 * columns through `colOf` (−1 drops the entry; null: ids are columns). Two counting-sort passes
 * (rows → columns → rows), O(nnz + rows + cols), no comparison sort.
 */
function toCsr(rc: RowCounts, colOf: Int32Array | null, cols: number, binary: boolean): DocumentTermMatrix {
  const { rows, indptr: rp, ids, counts } = rc;
  // Pass 1: scatter into CSC; rows come out increasing within each column.
  const colCount = new Int32Array(cols + 1);
  const rowKept = new Int32Array(rows);
  for (let i = 0; i < rows; i++) {
    for (let p = rp[i]; p < rp[i + 1]; p++) {
      const c = colOf === null ? ids[p] : colOf[ids[p]];
      if (c >= 0) {
        colCount[c + 1]++;
        rowKept[i]++;
      }
    }
  }
  for (let c = 0; c < cols; c++) colCount[c + 1] += colCount[c];
  const nnz = colCount[cols];
  const cscRow = new Int32Array(nnz), cscVal = new Float64Array(nnz);
  const next = colCount.slice(0, cols);
  for (let i = 0; i < rows; i++) {
    for (let p = rp[i]; p < rp[i + 1]; p++) {
      const c = colOf === null ? ids[p] : colOf[ids[p]];
      if (c >= 0) {
        const q = next[c]++;
        cscRow[q] = i;
        cscVal[q] = binary ? 1 : counts[p];
      }
    }
  }
  // Pass 2: scatter back to CSR; columns come out increasing within each row.
  const indptr = new Int32Array(rows + 1);
  for (let i = 0; i < rows; i++) indptr[i + 1] = indptr[i] + rowKept[i];
  const indices = new Int32Array(nnz), data = new Float64Array(nnz);
  const at = indptr.slice(0, rows);
  for (let c = 0; c < cols; c++) {
    for (let q = colCount[c]; q < colCount[c + 1]; q++) {
      const p = at[cscRow[q]]++;
      indices[p] = c;
      data[p] = cscVal[q];
    }
  }
  return { format: "csr", rows, cols, indptr, indices, data };
}

/**
 * Turns documents into a document-term matrix, like scikit-learn's TfidfVectorizer (default) or
 * CountVectorizer (`weighting: 'counts'`). Fit learns the vocabulary (sorted alphabetically by code
 * point, like sklearn's feature names) and, for tf-idf, the idf weights; transform reuses them.
 */
export class TextVectorizer {
  private readonly opts: ResolvedTextOptions;
  private vocab: string[] | undefined;
  private index: Map<string, number> | undefined;
  private idfWeights: Float64Array | undefined;
  private df: Int32Array | undefined;
  private pruned: string[] = [];

  constructor(options: TextVectorizerOptions = {}) {
    this.opts = resolveTextOptions(options);
  }

  /** The fitted vocabulary: column j of every matrix is the term `vocabulary[j]`. */
  get vocabulary(): string[] {
    if (!this.vocab) throw new NotFittedError("call fit or fitTransform before reading vocabulary");
    return this.vocab;
  }

  /** idf weight of each vocabulary term (tf-idf with useIdf only; otherwise undefined). */
  get idf(): Float64Array | undefined {
    return this.idfWeights;
  }

  /** Number of fitted documents containing each vocabulary term. */
  get documentFrequency(): Int32Array {
    if (!this.df) throw new NotFittedError("call fit or fitTransform before reading documentFrequency");
    return this.df;
  }

  /**
   * Terms seen during fit but dropped by minDf, maxDf or maxFeatures, alphabetically (scikit-learn's
   * stop_words_). Stop words themselves are never counted, so they are not listed.
   */
  get prunedTerms(): string[] {
    return this.pruned;
  }

  /** Whether fit has run. */
  get fitted(): boolean {
    return this.vocab !== undefined;
  }

  /** Column of `term` in the vocabulary, or −1. */
  termIndex(term: string): number {
    if (!this.index) throw new NotFittedError("call fit or fitTransform before termIndex");
    return this.index.get(term) ?? -1;
  }

  /** The document → tokens function used (preprocessing, tokenizing and stop-word removal). */
  buildAnalyzer(): (doc: string) => string[] {
    return buildAnalyzer(this.opts.analyzer);
  }

  /** Learn the vocabulary (and idf) from `docs`. */
  fit(docs: readonly string[]): this {
    this.fitTransform(docs);
    return this;
  }

  /** Learn the vocabulary (and idf) from `docs` and return their matrix (one tokenizing pass). */
  fitTransform(docs: readonly string[]): DocumentTermMatrix {
    const list = checkDocs(docs, "fit");
    const n = list.length;
    if (n === 0) throw invalid("docs", "cannot fit on an empty corpus: pass at least one document");
    const o = this.opts;
    const analyze = buildAnalyzer(o.analyzer);
    const termIds = new Map<string, number>();
    const terms: string[] = [];
    const rc = countRows(list, analyze, termIds, terms);
    const V = terms.length;
    if (V === 0) throw this.emptyVocabularyError(list);

    // Document frequency and corpus frequency (with binary, every count is 1) of each term.
    const df = new Int32Array(V), tf = new Float64Array(V);
    for (let p = 0; p < rc.nnz; p++) {
      const id = rc.ids[p];
      df[id]++;
      tf[id] += o.binary ? 1 : rc.counts[p];
    }
    // Alphabetical order of the terms (code points, as Python sorts).
    const order = Array.from({ length: V }, (_, i) => i);
    order.sort((a, b) => compareCodePoints(terms[a], terms[b]));

    // Pruning, as sklearn's _limit_features: df bounds, then the maxFeatures most frequent.
    const maxDoc = o.maxDf.kind === "count" ? o.maxDf.value : o.maxDf.value * n;
    const minDoc = o.minDf.kind === "count" ? o.minDf.value : o.minDf.value * n;
    if (maxDoc < minDoc) {
      throw invalid("maxDf", `maxDf (${showDf(o.maxDf)} = ${maxDoc}) corresponds to fewer documents than minDf ` +
        `(${showDf(o.minDf)} = ${minDoc}) for ${n} documents`);
    }
    const keep = new Uint8Array(V); // by id
    let kept = 0;
    for (let id = 0; id < V; id++) {
      if (df[id] <= maxDoc && df[id] >= minDoc) {
        keep[id] = 1;
        kept++;
      }
    }
    if (kept === 0) throw this.prunedAllError(df, minDoc, maxDoc, n);
    if (o.maxFeatures !== undefined && kept > o.maxFeatures) {
      // Highest corpus count first; ties go to the alphabetically first term (lower column).
      const rank = new Int32Array(V);
      for (let r = 0; r < V; r++) rank[order[r]] = r;
      const candidates: number[] = [];
      for (let id = 0; id < V; id++) if (keep[id]) candidates.push(id);
      candidates.sort((a, b) => tf[b] - tf[a] || rank[a] - rank[b]);
      for (let r = o.maxFeatures; r < candidates.length; r++) keep[candidates[r]] = 0;
      kept = o.maxFeatures;
    }
    const colOf = new Int32Array(V).fill(-1);
    const vocabulary: string[] = [];
    const pruned: string[] = [];
    const docFreq = new Int32Array(kept);
    for (const id of order) {
      if (keep[id]) {
        docFreq[vocabulary.length] = df[id];
        colOf[id] = vocabulary.length;
        vocabulary.push(terms[id]);
      } else {
        pruned.push(terms[id]);
      }
    }
    const X = toCsr(rc, colOf, kept, o.binary);

    let idf: Float64Array | undefined;
    if (o.tfidf && o.useIdf) {
      const s = o.smoothIdf ? 1 : 0;
      idf = new Float64Array(kept);
      for (let c = 0; c < kept; c++) idf[c] = Math.log((n + s) / (docFreq[c] + s)) + 1;
    }
    this.vocab = vocabulary;
    this.index = new Map(vocabulary.map((t, i) => [t, i]));
    this.idfWeights = idf;
    this.df = docFreq;
    this.pruned = pruned;
    this.weigh(X);
    return X;
  }

  /** The matrix of `docs` over the fitted vocabulary (terms not in it are ignored). */
  transform(docs: readonly string[]): DocumentTermMatrix {
    if (!this.index) throw new NotFittedError("call fit or fitTransform before transform");
    const list = checkDocs(docs, "transform");
    const rc = countRows(list, buildAnalyzer(this.opts.analyzer), this.index, null);
    const X = toCsr(rc, null, this.index.size, this.opts.binary);
    this.weigh(X);
    return X;
  }

  /** tf → tf-idf in place: sublinear tf, idf, row normalization. */
  private weigh(X: DocumentTermMatrix): void {
    const o = this.opts;
    if (!o.tfidf) return;
    const { indptr, indices, data, rows } = X;
    const idf = this.idfWeights;
    for (let i = 0; i < rows; i++) {
      const start = indptr[i], end = indptr[i + 1];
      let norm = 0;
      for (let p = start; p < end; p++) {
        let v = data[p];
        if (o.sublinearTf) v = 1 + Math.log(v);
        if (idf) v *= idf[indices[p]];
        data[p] = v;
        norm += o.norm === "l2" ? v * v : Math.abs(v);
      }
      if (o.norm === null || norm === 0) continue;
      const scale = 1 / (o.norm === "l2" ? Math.sqrt(norm) : norm);
      for (let p = start; p < end; p++) data[p] *= scale;
    }
  }

  private emptyVocabularyError(docs: readonly string[]): OptionError {
    const o = this.opts;
    if (o.stopWordsGiven) {
      const noStop = buildAnalyzer({ ...o.analyzer, stopWords: undefined });
      if (docs.some((d) => noStop(d).length > 0)) {
        return invalid("stopWords", "empty vocabulary: every token of every document is a stop word");
      }
    }
    const source = o.analyzer.tokenizer ? "tokenizer" : "tokenPattern";
    return invalid(source, `empty vocabulary: the ${source === "tokenizer" ? "tokenizer returned" : "token pattern found"}` +
      " no tokens in any document (the default pattern needs words of at least 2 letters or digits)");
  }

  private prunedAllError(df: Int32Array, minDoc: number, maxDoc: number, n: number): OptionError {
    let underMax = 0, overMin = 0;
    for (let id = 0; id < df.length; id++) {
      if (df[id] <= maxDoc) underMax++;
      if (df[id] >= minDoc) overMin++;
    }
    const o = this.opts;
    const bounds = `minDf ${showDf(o.minDf)} → ≥ ${minDoc}, maxDf ${showDf(o.maxDf)} → ≤ ${maxDoc} of ${n} documents`;
    if (underMax === 0) {
      return invalid("maxDf", `after pruning, no terms remain: every term is in more documents than maxDf allows ` +
        `(${bounds}); raise maxDf`);
    }
    if (overMin === 0) {
      return invalid("minDf", `after pruning, no terms remain: every term is in fewer documents than minDf requires ` +
        `(${bounds}); lower minDf`);
    }
    return invalid("minDf", `after pruning, no terms remain: no term's document frequency is within both bounds ` +
      `(${bounds}); lower minDf or raise maxDf`);
  }
}

/** Result of {@link vectorize}. */
export interface VectorizeResult {
  matrix: DocumentTermMatrix;
  vocabulary: string[];
  /** The fitted vectorizer, to transform new documents the same way. */
  vectorizer: TextVectorizer;
}

/** One-shot: fit a {@link TextVectorizer} on `docs` and return their matrix and the vocabulary. */
export function vectorize(docs: readonly string[], options: TextVectorizerOptions = {}): VectorizeResult {
  const vectorizer = new TextVectorizer(options);
  const matrix = vectorizer.fitTransform(docs);
  return { matrix, vocabulary: vectorizer.vocabulary, vectorizer };
}
