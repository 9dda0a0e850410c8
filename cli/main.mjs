// The nmf-wasm command line: `fit`, `topics`, `rank`. Errors are one line naming the file and
// the entry (a stack trace only with --debug); exit codes: 0 ok, 1 bad input or failure, 2 bad
// usage, 130 interrupted (Ctrl-C).
import { readFileSync } from "node:fs";
import { Command, CommanderError } from "commander";
import { MatrixValueError, NMFError, OptionError } from "nmf-wasm";
import { CliError } from "./errors.mjs";
import { fitCommand } from "./fit.mjs";
import { flagOf } from "./fit-options.mjs";
import { rankCommand } from "./rank.mjs";
import { topicsCommand } from "./topics.mjs";

const VERSION = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")).version;

/** The one-line message for an error (an unexpected one says that --debug shows where it came from). */
function messageOf(error, context) {
  if (error instanceof CliError) return error.message;
  if (error instanceof OptionError) return `${flagOf(error.option)}: ${error.message}`;
  if (error instanceof MatrixValueError && error.matrix === "V" && context.input) {
    // The library names the entry 0-based ("V at (0, 1) is …"): say where it is in the file instead.
    const rest = /^V at \(\d+, \d+\) (.*)$/s.exec(error.message);
    return `${context.input.where(error.row, error.col)}${rest ? ` ${rest[1]}` : `: ${error.message}`}`;
  }
  if (error instanceof NMFError) return error.message;
  return `${error?.message ?? String(error)} (unexpected: run with --debug for the stack trace)`;
}

/** Run the CLI on `argv` (without node and the script); resolves to the exit code. */
export async function main(argv) {
  const debug = argv.includes("--debug");
  const controller = new AbortController();
  const context = { signal: controller.signal, input: undefined };
  let interrupts = 0;
  const onInterrupt = () => {
    if (++interrupts > 1) process.exit(130); // a second Ctrl-C: stop now
    process.stderr.write("\nnmf-wasm: interrupted, stopping…\n");
    controller.abort();
  };
  process.on("SIGINT", onInterrupt);

  const program = new Command("nmf-wasm")
    .description("Non-negative matrix factorization (WebAssembly SIMD) from the command line")
    .version(VERSION)
    .option("--debug", "print stack traces of errors")
    .showHelpAfterError("(run with --help for usage)")
    .exitOverride()
    .configureOutput({ outputError: (text, write) => write(text.replace(/^error: /, "nmf-wasm: ")) });
  for (const command of [fitCommand(context), topicsCommand(context), rankCommand(context)]) {
    program.addCommand(command.exitOverride().showHelpAfterError("(run with --help for usage)")
      .configureOutput({ outputError: (text, write) => write(text.replace(/^error: /, `nmf-wasm ${command.name()}: `)) }));
  }
  try {
    await program.parseAsync(argv.filter((a) => a !== "--debug"), { from: "user" });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version exit 0; a usage error has been printed by commander already.
      return error.exitCode === 0 ? 0 : 2;
    }
    if (controller.signal.aborted && (error?.name === "AbortError" || error === controller.signal.reason)) {
      return 130;
    }
    if (debug) console.error(error?.stack ?? String(error));
    console.error(`nmf-wasm: ${messageOf(error, context)}`);
    return error instanceof CliError ? error.exitCode : 1;
  } finally {
    process.off("SIGINT", onInterrupt);
  }
}
