// Stop-word lists from the `stopword` package (MIT, 62 languages, one ES module with no
// dependencies, so nmf-wasm/text loads in a browser through an import map, no bundler). A
// maintained package rather than lists pasted into our source. Its lists are shorter than
// scikit-learn's (English: 108 words against 318), so vocabularies differ from
// TfidfVectorizer(stop_words='english'): pass your own array for another list.
import * as lists from "stopword";

/** Language names accepted by `stopWords`, and the ISO 639-3 code of each list. */
const LANGUAGES: Readonly<Record<string, string>> = {
  afrikaans: "afr", arabic: "ara", armenian: "hye", basque: "eus", bengali: "ben", breton: "bre",
  bulgarian: "bul", catalan: "cat", chinese: "zho", croatian: "hrv", czech: "ces", danish: "dan",
  dutch: "nld", english: "eng", esperanto: "epo", estonian: "est", finnish: "fin", french: "fra",
  galician: "glg", german: "deu", greek: "ell", gujarati: "guj", hausa: "hau", hebrew: "heb",
  hindi: "hin", hungarian: "hun", indonesian: "ind", irish: "gle", italian: "ita", japanese: "jpn",
  korean: "kor", kurdish: "kur", latin: "lat", latvian: "lav", lithuanian: "lit", malay: "msa",
  marathi: "mar", burmese: "mya", norwegian: "nob", persian: "fas", polish: "pol", portuguese: "por",
  "brazilian-portuguese": "porBr", punjabi: "panGu", romanian: "ron", russian: "rus", slovak: "slk",
  slovenian: "slv", somali: "som", sotho: "sot", spanish: "spa", swahili: "swa", swedish: "swe",
  tagalog: "tgl", thai: "tha", turkish: "tur", ukrainian: "ukr", urdu: "urd", vietnamese: "vie",
  yoruba: "yor", zulu: "zul", lugbara: "lgg",
};

const cache = new Map<string, ReadonlySet<string>>();

/**
 * The built-in stop-word list of `language` — a lowercase name ('english', 'spanish', …) or the
 * list's ISO 639-3 code ('eng', 'spa', …) — or undefined when there is none.
 */
export function stopWordList(language: string): ReadonlySet<string> | undefined {
  const code = Object.hasOwn(LANGUAGES, language) ? LANGUAGES[language] : language;
  const words = (lists as unknown as Record<string, unknown>)[code];
  if (!/^[a-z]{3}/.test(code) || !Array.isArray(words)) return undefined;
  let set = cache.get(code);
  if (!set) {
    set = new Set(words as string[]);
    cache.set(code, set);
  }
  return set;
}

/** The names accepted by `stopWords` (ISO 639-3 codes are accepted too). */
export const STOP_WORD_LANGUAGES: readonly string[] = Object.keys(LANGUAGES).sort();

/** The English list (`stopWords: 'english'`). */
export const ENGLISH_STOP_WORDS: ReadonlySet<string> = stopWordList("english")!;
