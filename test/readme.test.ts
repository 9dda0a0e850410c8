// Every ```ts / ```js block of README.md runs as written, against the built package, in a fresh
// Node process of a stand-in user project (test/consumer.ts): ES modules by default, CommonJS for a
// block that uses require(). TypeScript is only stripped (transpileModule), not type-checked. A
// `// → text` comment, at the end of a console.log line or on a line of its own, is a line of output
// the block must print.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPO, makeConsumer, run, type Consumer } from "./consumer.js";

interface Block { lang: string; code: string; line: number }

/** The fenced ts/js blocks of a markdown text, with the line each starts on. */
export function codeBlocks(markdown: string): Block[] {
  const blocks: Block[] = [];
  const fence = /^```(\w*)[^\n]*\n([\s\S]*?)^```\s*$/gm;
  let m: RegExpExecArray | null;
  while ((m = fence.exec(markdown)) !== null) {
    if (["ts", "typescript", "js", "javascript"].includes(m[1])) {
      blocks.push({ lang: m[1], code: m[2], line: markdown.slice(0, m.index).split("\n").length });
    }
  }
  return blocks;
}

/** The outputs a block promises: the text after `// →` on a console.log line, or on a line of its own. */
function promisedOutput(code: string): string[] {
  return [...code.matchAll(/^(?:.*console\.log\(.*|\s*)\/\/ → (.+)$/gm)].map((m) => m[1].trim());
}

const readme = readFileSync(join(REPO, "README.md"), "utf8");
const blocks = codeBlocks(readme);

let consumer: Consumer;
beforeAll(() => {
  consumer = makeConsumer();
});
afterAll(() => consumer.remove());

describe("README code blocks", () => {
  it("finds the blocks, and the extractor sees fences only at line starts", () => {
    expect(blocks.length).toBeGreaterThanOrEqual(6);
    expect(codeBlocks("```ts\na()\n```\ntext ```ts b``` \n```sh\nls\n```\n```js\nc()\n```\n").map((b) => b.code))
      .toEqual(["a()\n", "c()\n"]);
    expect(promisedOutput("console.log(x); // → 4 2\nfoo(); // → no\nf(g).catch(console.log);\n  // → a b\n"))
      .toEqual(["4 2", "a b"]);
  });

  it.each(blocks.map((b) => [`line ${b.line}`, b] as const))("the block at %s runs", async (_, block) => {
    const commonJs = /\brequire\(/.test(block.code) && !/^\s*import\s/m.test(block.code);
    const js = ts.transpileModule(block.code, {
      compilerOptions: { target: ts.ScriptTarget.ES2022, module: commonJs ? ts.ModuleKind.CommonJS : ts.ModuleKind.ESNext },
    }).outputText;
    const file = consumer.write(`block-${block.line}.${commonJs ? "cjs" : "mjs"}`, js);
    const r = await run(process.execPath, [file], consumer.dir);
    const stderr = r.stderr.replace(/.*ExperimentalWarning.*\n|.*--trace-warnings.*\n/g, "");
    expect(stderr, `README.md line ${block.line}`).toBe("");
    expect(r.code).toBe(0);
    const lines = r.stdout.split("\n").map((l) => l.trim());
    for (const expected of promisedOutput(block.code)) expect(lines, `README.md line ${block.line}`).toContain(expected);
  }, 60_000);
});
