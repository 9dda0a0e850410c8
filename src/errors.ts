// Typed errors: every problem with the caller's input has a class to `instanceof` and a code.

export type NMFErrorCode =
  | "NEGATIVE_ENTRY" | "NAN_ENTRY" | "INFINITE_ENTRY" | "ZERO_ENTRY"
  | "SHAPE_MISMATCH" | "INVALID_TYPE" | "EMPTY_MATRIX" | "ALL_ZERO_FACTOR" | "INVALID_INDEX" | "DUPLICATE_ENTRY"
  | "PARSE_ERROR" | "TOO_LARGE"
  | "INVALID_RANK" | "INVALID_OPTION" | "UNKNOWN_OPTION"
  | "NOT_FITTED" | "UNSUPPORTED_RUNTIME" | "OUT_OF_MEMORY" | "NON_FINITE_RESULT";

/** Base class of every error nmf-wasm throws on purpose. */
export class NMFError extends Error {
  readonly code: NMFErrorCode;
  constructor(code: NMFErrorCode, message: string) {
    super(message);
    this.name = new.target.name;
    this.code = code;
  }
}

/** An entry of an input matrix is negative, NaN or infinite. */
export class MatrixValueError extends NMFError {
  constructor(code: "NEGATIVE_ENTRY" | "NAN_ENTRY" | "INFINITE_ENTRY" | "ALL_ZERO_FACTOR" | "ZERO_ENTRY",
    message: string, readonly matrix: string, readonly row: number, readonly col: number) {
    super(code, message);
  }
}

/** An input matrix has the wrong type, shape or length, or is empty. */
export class MatrixShapeError extends NMFError {
  constructor(code: "SHAPE_MISMATCH" | "INVALID_TYPE" | "EMPTY_MATRIX" | "INVALID_INDEX" | "DUPLICATE_ENTRY" | "PARSE_ERROR" | "TOO_LARGE",
    message: string,
    readonly matrix: string) {
    super(code, message);
  }
}

/** An option is unknown or has a value out of its range (rank included). */
export class OptionError extends NMFError {
  constructor(code: "INVALID_RANK" | "INVALID_OPTION" | "UNKNOWN_OPTION", message: string,
    readonly option: string) {
    super(code, message);
  }
}

/** The estimator was used before `fit`. */
export class NotFittedError extends NMFError {
  constructor(message: string) {
    super("NOT_FITTED", message);
  }
}

/**
 * The error a fit stops with when its AbortSignal fires: the signal's reason, whatever it is (a
 * DOMException named AbortError when abort() was called without one).
 */
export function abortError(signal: AbortSignal): unknown {
  const reason: unknown = signal.reason;
  return reason !== undefined ? reason : new DOMException("The factorization was aborted", "AbortError");
}
