// The fit flags shared by `fit`, `topics` and `rank`, turned into nmf-wasm's options (only the
// flags given are passed, so the library's defaults apply otherwise).
import { Option } from "commander";
import { usageError } from "./errors.mjs";

const LOSSES = ["frobenius", "kullback-leibler", "kl", "itakura-saito"];

function number(flag, { integer = false, min = -Infinity } = {}) {
  return (text) => {
    const x = Number(text);
    if (text.trim() === "" || !Number.isFinite(x) || (integer && !Number.isInteger(x)) || x < min) {
      const what = integer ? (min >= 1 ? "a positive integer" : min >= 0 ? "a non-negative integer" : "an integer")
        : min >= 0 ? "a non-negative number" : "a number";
      throw usageError(`${flag} must be ${what}, got '${text}'`);
    }
    return x;
  };
}

function loss(text) {
  if (LOSSES.includes(text)) return text;
  const beta = Number(text);
  if (text.trim() !== "" && Number.isFinite(beta)) return beta;
  throw usageError(`--loss must be one of ${LOSSES.join(", ")} or a β number, got '${text}'`);
}

/** Add the fit flags to a commander command (rank separately: `rank` takes --ranks instead). */
export function addFitOptions(command, { runs = true } = {}) {
  command
    .addOption(new Option("--loss <loss>", `${LOSSES.join(" | ")} | β (default frobenius)`).argParser(loss))
    .addOption(new Option("--solver <solver>", "solver (default hals for frobenius, else mu; KL warm-started by hals)").choices(["hals", "cd", "anls", "mu"]))
    .addOption(new Option("--init <init>", "initialization (default nndsvda; random when rank > min(rows, cols))")
      .choices(["random", "nndsvd", "nndsvda", "nndsvdar"]))
    .option("--max-iter <n>", "maximum iterations (default 200)", number("--max-iter", { integer: true, min: 1 }))
    .option("--tol <x>", "stopping tolerance (default 1e-4; 0 runs max-iter)", number("--tol", { min: 0 }))
    .option("--seed <n>", "random seed (default: random)", number("--seed", { integer: true }))
    .option("--threads <n>", "worker threads (passed to the library as `threads`)", number("--threads", { integer: true, min: 1 }))
    .option("--alpha-w <x>", "regularization of W (default 0)", number("--alpha-w", { min: 0 }))
    .option("--alpha-h <x>", "regularization of H (default: same as --alpha-w)", number("--alpha-h", { min: 0 }))
    .option("--l1-ratio <x>", "L1 share of the regularization, 0–1 (default 0)", number("--l1-ratio", { min: 0 }));
  if (runs) command.option("--runs <n>", "fit n times (seeds seed, seed+1, …) and keep the lowest error (default 1)", number("--runs", { integer: true, min: 1 }));
  return command;
}

/** Positive integer parser for other flags (--rank, --top, …). */
export const positiveInteger = (flag) => number(flag, { integer: true, min: 1 });
export const nonNegativeNumber = (flag) => number(flag, { min: 0 });

const FLAG_OF = { maxIter: "--max-iter", alphaW: "--alpha-w", alphaH: "--alpha-h", l1Ratio: "--l1-ratio" };

/** The command-line flag for a library option name (for OptionError messages). */
export function flagOf(option) {
  return FLAG_OF[option] ?? `--${option}`;
}

/** nmf-wasm options from parsed flags: only those given. */
export function fitOptions(flags) {
  const options = {};
  for (const key of ["loss", "solver", "init", "maxIter", "tol", "seed", "threads", "alphaW", "alphaH", "l1Ratio"]) {
    if (flags[key] !== undefined) options[key] = flags[key];
  }
  return options;
}

/** The solver a fit uses (the library's default when none was given). */
export function solverOf(options) {
  const frobenius = options.loss === undefined || options.loss === "frobenius" || options.loss === 2;
  return options.solver ?? (frobenius ? "hals" : "mu");
}
