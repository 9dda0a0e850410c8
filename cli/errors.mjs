// Errors the CLI reports as one line (no stack trace unless --debug), with the exit code to use.

/** A problem with the user's input or arguments: message printed as is, exit code 1 (or 2 for usage). */
export class CliError extends Error {
  constructor(message, exitCode = 1) {
    super(message);
    this.name = "CliError";
    this.exitCode = exitCode;
  }
}

/** A usage error (bad flag value): exit code 2, like commander's own. */
export function usageError(message) {
  return new CliError(message, 2);
}
