// Tokenization: scikit-learn's default token pattern in JavaScript, and the analyzer that chains
// preprocessing, tokenizing and stop-word removal the way CountVectorizer's build_analyzer does.
import { OptionError } from "../errors.js";

/**
 * The default token pattern: runs of two or more letters, digits or underscores.
 *
 * scikit-learn's default is `(?u)\b\w\w+\b`. Python's Unicode `\w` is letters (L*), numbers
 * (Nd, Nl, No) and the underscore, i.e. `[\p{L}\p{N}_]`; and since `\b` sits between a word and a
 * non-word character, `\b\w\w+\b` matches exactly the maximal runs of ≥ 2 word characters, which
 * is what this pattern matches. Combining marks (\p{M}) are word characters in neither, so a
 * decomposed "é" (e + U+0301) splits a word in both: normalize text to NFC first if needed.
 */
export const DEFAULT_TOKEN_PATTERN: RegExp = /[\p{L}\p{N}_]{2,}/gu;

/** A compiled token pattern: a global regex, and whether its capture group 1 is the token. */
export interface CompiledPattern {
  regex: RegExp;
  useGroup: boolean;
}

/** Compile a token pattern (RegExp or source string) into a global, Unicode-aware regex. */
export function compilePattern(pattern: unknown, option = "tokenPattern"): CompiledPattern {
  let regex: RegExp;
  if (typeof pattern === "string") {
    try {
      regex = new RegExp(pattern, "gu");
    } catch (error) {
      throw new OptionError("INVALID_OPTION",
        `${option} is not a valid JavaScript regular expression: ${(error as Error).message} ` +
        "(Python-only syntax such as the inline flag (?u) is not supported; the u flag is always on)", option);
    }
  } else if (pattern instanceof RegExp) {
    let flags = pattern.flags.replace("y", "");
    if (!flags.includes("g")) flags += "g";
    if (!flags.includes("u") && !flags.includes("v")) flags += "u";
    try {
      regex = new RegExp(pattern.source, flags);
    } catch (error) {
      throw new OptionError("INVALID_OPTION",
        `${option} is not valid with the u flag, which tokenizing needs: ${(error as Error).message}`, option);
    }
  } else {
    throw new OptionError("INVALID_OPTION",
      `${option} must be a RegExp or a regular-expression string, got ${describe(pattern)}`, option);
  }
  // Count the capture groups: an empty alternative makes the regex match "" and report them all.
  const probe = new RegExp(`${regex.source}|`, regex.flags.replace("g", "")).exec("");
  const groups = probe === null ? 0 : probe.length - 1;
  if (groups > 1) {
    throw new OptionError("INVALID_OPTION",
      `${option} has ${groups} capturing groups; at most one is allowed (its text is the token), as in scikit-learn`,
      option);
  }
  return { regex, useGroup: groups === 1 };
}

const DEFAULT_COMPILED: CompiledPattern = { regex: DEFAULT_TOKEN_PATTERN, useGroup: false };

/** The default pattern, compiled. */
export function defaultPattern(): CompiledPattern {
  return DEFAULT_COMPILED;
}

function runPattern(text: string, { regex, useGroup }: CompiledPattern): string[] {
  const out: string[] = [];
  // One regex object is reused: save and restore lastIndex so a nested call cannot disturb an outer one.
  const saved = regex.lastIndex;
  regex.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = regex.exec(text)) !== null) {
    const token = useGroup ? m[1] : m[0];
    if (m[0].length === 0) regex.lastIndex++; // a pattern that can match "" must still advance
    if (token !== undefined && token.length > 0) out.push(token);
  }
  regex.lastIndex = saved;
  return out;
}

export interface TokenizeOptions {
  /** Lowercase the text first (default true). */
  lowercase?: boolean | undefined;
  /** Token pattern (default {@link DEFAULT_TOKEN_PATTERN}); with one capture group, its text is the token. */
  pattern?: RegExp | string | undefined;
}

/**
 * Split a text into tokens as scikit-learn's default analyzer does: lowercase, then every match
 * of the token pattern. Stop words are not removed here. A building block for custom tokenizers
 * (e.g. `tokenizer: (doc) => tokenize(doc).map(stem)`).
 */
export function tokenize(text: string, options: TokenizeOptions = {}): string[] {
  if (typeof text !== "string") {
    throw new OptionError("INVALID_OPTION", `tokenize expects a string, got ${describe(text)}`, "text");
  }
  const compiled = options.pattern === undefined ? DEFAULT_COMPILED : compilePattern(options.pattern, "pattern");
  return runPattern(options.lowercase === false ? text : text.toLowerCase(), compiled);
}

/** Everything the analyzer needs, already validated. */
export interface AnalyzerConfig {
  lowercase: boolean;
  preprocessor: ((doc: string) => string) | undefined;
  tokenizer: ((doc: string) => string[]) | undefined;
  pattern: CompiledPattern;
  stopWords: ReadonlySet<string> | undefined;
}

/**
 * scikit-learn's word analyzer: preprocess (the custom preprocessor, or else lowercase), tokenize
 * (the custom tokenizer, or else the pattern), then drop stop words.
 */
export function buildAnalyzer(config: AnalyzerConfig): (doc: string) => string[] {
  const { lowercase, preprocessor, tokenizer, pattern, stopWords } = config;
  return (doc: string): string[] => {
    let text = doc;
    if (preprocessor) {
      text = preprocessor(doc);
      if (typeof text !== "string") {
        throw new OptionError("INVALID_OPTION", `preprocessor must return a string, got ${describe(text)}`,
          "preprocessor");
      }
    } else if (lowercase) {
      text = doc.toLowerCase();
    }
    let tokens: string[];
    if (tokenizer) {
      tokens = tokenizer(text);
      if (!Array.isArray(tokens)) {
        throw new OptionError("INVALID_OPTION", `tokenizer must return an array of strings, got ${describe(tokens)}`,
          "tokenizer");
      }
      for (const t of tokens) {
        if (typeof t !== "string") {
          throw new OptionError("INVALID_OPTION",
            `tokenizer must return an array of strings, but it returned one containing ${describe(t)}`, "tokenizer");
        }
      }
      if (stopWords && stopWords.size > 0) tokens = tokens.filter((t) => !stopWords.has(t)); // never modify the caller's array
    } else {
      tokens = runPattern(text, pattern);
      if (stopWords && stopWords.size > 0) {
        let kept = 0;
        for (let i = 0; i < tokens.length; i++) {
          const t = tokens[i];
          if (!stopWords.has(t)) tokens[kept++] = t;
        }
        tokens.length = kept;
      }
    }
    return tokens;
  };
}

/** A short description of a value for error messages. */
export function describe(x: unknown): string {
  if (x === null) return "null";
  if (x === undefined) return "undefined";
  if (Array.isArray(x)) return "an array";
  if (typeof x === "string") return JSON.stringify(x.length > 40 ? `${x.slice(0, 40)}…` : x);
  if (x instanceof RegExp) return String(x);
  if (typeof x === "object") return `an object (${Object.prototype.toString.call(x).slice(8, -1)})`;
  if (typeof x === "function") return "a function";
  return `${typeof x} ${String(x)}`;
}
