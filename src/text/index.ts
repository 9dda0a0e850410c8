// nmf-wasm/text: from documents to a document-term matrix (scikit-learn's CountVectorizer /
// TfidfVectorizer semantics), and from a fitted model's W and H to topics.
export {
  TextVectorizer, vectorize, compareCodePoints,
  type TextVectorizerOptions, type DocumentTermMatrix, type VectorizeResult,
} from "./vectorizer.js";
export { tokenize, DEFAULT_TOKEN_PATTERN, type TokenizeOptions } from "./tokenize.js";
export { ENGLISH_STOP_WORDS, STOP_WORD_LANGUAGES, stopWordList } from "./stop-words.js";
export {
  topTerms, documentTopics, type TermWeight, type DocumentTopics, type DenseMatrixView,
} from "./topics.js";
