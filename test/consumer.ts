// A stand-in for a user's project: a temporary directory whose node_modules/nmf-wasm links to this
// repository, so `import`/`require('nmf-wasm')` resolve through package.json's exports to the
// built dist/, exactly as after `npm install`. Used by the packaging and README tests.
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const REPO = fileURLToPath(new URL("..", import.meta.url));

export interface Consumer {
  dir: string;
  /** Write a file (relative to the consumer's directory) and return its absolute path. */
  write(name: string, text: string): string;
  remove(): void;
}

export function makeConsumer(): Consumer {
  if (!existsSync(join(REPO, "dist", "index.js"))) throw new Error("dist/ is missing: run `npm run build` first");
  const dir = mkdtempSync(join(tmpdir(), "nmf-wasm-consumer-"));
  mkdirSync(join(dir, "node_modules"));
  symlinkSync(REPO, join(dir, "node_modules", "nmf-wasm"), "dir");
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "consumer", private: true }));
  return {
    dir,
    write(name, text) {
      const file = join(dir, name);
      writeFileSync(file, text);
      return file;
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export interface RunResult { code: number | null; stdout: string; stderr: string }

/** Run a command in `cwd` and collect its output (never rejects: the exit code is in the result). */
export function run(command: string, args: string[], cwd: string, timeoutMs = 60_000): Promise<RunResult> {
  return new Promise((resolve) => {
    execFile(command, args, { cwd, timeout: timeoutMs, maxBuffer: 16 * 2 ** 20, encoding: "utf8" },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : null) : 0;
        resolve({ code, stdout, stderr });
      });
  });
}
