// The package as a user gets it: require() from CommonJS, the public .d.ts under a strict consumer
// tsconfig, and the file list `npm pack` would publish. Each runs the real tool in a child process
// against the built dist/ (npm test builds first).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPO, makeConsumer, run, type Consumer } from "./consumer.js";

let consumer: Consumer;
beforeAll(() => {
  consumer = makeConsumer();
});
afterAll(() => consumer.remove());

const [major, minor] = process.versions.node.split(".").map(Number);
/** require() of an ES module without a flag: Node 20.19+, 22.12+ and 23+. */
const requireEsm = major > 22 || (major === 22 && minor >= 12) || (major === 20 && minor >= 19);

describe("CommonJS consumers", () => {
  it.runIf(requireEsm)("require('nmf-wasm') and require('nmf-wasm/text') load and fit", async () => {
    const script = consumer.write("use.cjs", `
      const { nmf, OptionError } = require("nmf-wasm");
      const { vectorize, topTerms } = require("nmf-wasm/text");
      (async () => {
        // Rank 1: the outer product of [1, 2, 3] and [1, 1, 2] is fitted exactly.
        const fit = await nmf({ rows: 3, cols: 3, data: [1, 1, 2, 2, 2, 4, 3, 3, 6] }, { rank: 1, maxIter: 100 });
        const { matrix, vocabulary } = vectorize(["red apples", "green apples", "red cars"], { weighting: "counts" });
        let rejected = "";
        try { await nmf({ rows: 1, cols: 1, data: [1] }, { rank: 0 }); } catch (e) { rejected = e instanceof OptionError ? e.code : String(e); }
        console.log(JSON.stringify({ error: fit.reconstructionError, vocabulary, nnz: matrix.indices.length, rejected,
          top: topTerms({ rows: 1, cols: 4, data: [0, 3, 1, 2] }, vocabulary, 1)[0][0].term }));
      })();
    `);
    const r = await run(process.execPath, [script], consumer.dir);
    expect(r.stderr.replace(/.*ExperimentalWarning.*\n|.*--trace-warnings.*\n/g, "")).toBe("");
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.error).toBeLessThan(1e-3);
    expect(out.vocabulary).toEqual(["apples", "cars", "green", "red"]);
    expect(out.nnz).toBe(6);
    expect(out.rejected).toBe("INVALID_RANK");
    expect(out.top).toBe("cars");
  });
});

describe("TypeScript consumers", () => {
  it("the public .d.ts check under lib ES2022 (no DOM), types node, skipLibCheck false, exactOptionalPropertyTypes", async () => {
    consumer.write("tsconfig.json", JSON.stringify({
      compilerOptions: {
        target: "ES2022", module: "NodeNext", moduleResolution: "NodeNext", lib: ["ES2022"], types: ["node"],
        typeRoots: [join(REPO, "node_modules", "@types")], strict: true, exactOptionalPropertyTypes: true,
        skipLibCheck: false, noEmit: true,
      },
      files: ["use.mts"],
    }));
    // Each @ts-expect-error must meet an error (else tsc fails): the types are checked, not `any`.
    consumer.write("use.mts", `
      import { nmf, NMF, OptionError, kernelVariant, setKernelVariant, cooToCsr, type NMFOptions, type NMFResult } from "nmf-wasm";
      import { vectorize, topTerms, documentTopics, stopWordList, type TextVectorizerOptions, type TokenizeOptions } from "nmf-wasm/text";
      // Every optional option accepts undefined (new options too): Ok<T> is true, else the keys that do not.
      type RejectsUndefined<T, K = keyof T> = K extends keyof T
        ? ({} extends Pick<T, K> ? ({ [P in K]: undefined } extends Pick<T, K> ? never : K) : never) : never;
      type Ok<T> = [RejectsUndefined<T>] extends [never] ? true : RejectsUndefined<T>;
      const allOptional: [Ok<NMFOptions>, Ok<TextVectorizerOptions>, Ok<TokenizeOptions>] = [true, true, true];
      // @ts-expect-error the check itself catches an option typed without undefined
      const caught: Ok<{ a?: number; b: number }> = true;
      declare const maybeSeed: number | undefined;
      declare const maybeWords: string | undefined;
      const options: NMFOptions = { rank: 2, seed: maybeSeed, maxIter: undefined, signal: AbortSignal.timeout(1000) };
      const fit: NMFResult = await nmf({ rows: 2, cols: 2, data: new Float32Array(4) }, options);
      const w: Float32Array = fit.W.data;
      const model = new NMF({ rank: 1, loss: "kl", tol: undefined });
      await model.fit([[1, 2], [3, 4]]);
      const variant: "relaxed-simd" | "simd128" = await kernelVariant();
      setKernelVariant(variant);
      const text: TextVectorizerOptions = { stopWords: maybeWords, minDf: undefined };
      const { matrix, vocabulary } = vectorize(["a b"], text);
      topTerms(fit.H, vocabulary, 3);
      documentTopics(fit.W, { normalize: undefined });
      stopWordList("spanish")?.has("el");
      cooToCsr({ rows: 1, cols: 1, row: [0], col: [0], data: [1] });
      if (matrix.format !== "csr" || !(new OptionError("INVALID_RANK", "x", "rank") instanceof Error)) throw new Error();
      // @ts-expect-error rank is required
      await nmf([[1]], {});
      // @ts-expect-error not a loss
      await nmf([[1]], { rank: 1, loss: "l1" });
      // @ts-expect-error a variant is one of three strings
      setKernelVariant("avx");
      export { w, allOptional, caught };
    `);
    const tsc = join(REPO, "node_modules", "typescript", "bin", "tsc");
    const r = await run(process.execPath, [tsc, "-p", "tsconfig.json"], consumer.dir);
    expect(r.stdout + r.stderr).toBe("");
    expect(r.code).toBe(0);
  }, 60_000);
});

interface PackEntry { path: string; size: number }

describe("npm pack", () => {
  it("ships dist (no baseline), README, LICENSE, CHANGELOG; the kernels once; everything exports names", async () => {
    const npm = process.platform === "win32" ? "npm.cmd" : "npm";
    const r = await run(npm, ["pack", "--dry-run", "--json", "--ignore-scripts"], REPO);
    expect(r.code, r.stderr).toBe(0);
    const [{ files, unpackedSize }] = JSON.parse(r.stdout) as [{ files: PackEntry[]; unpackedSize: number }];
    const paths = files.map((f) => f.path);
    for (const needed of ["package.json", "README.md", "LICENSE", "CHANGELOG.md", "dist/index.js", "dist/index.d.ts",
      "dist/text/index.js", "dist/text/index.d.ts", "dist/wasm/binaries.generated.js"]) {
      expect(paths, needed).toContain(needed);
    }
    const stray = paths.filter((p) => !/^(dist\/|bin\/nmf-wasm\.mjs$|cli\/[\w-]+\.mjs$|package\.json$|README\.md$|LICENSE$|CHANGELOG\.md$)/.test(p) ||
      p.startsWith("dist/baseline/") || /\.(map|wasm|ts)$/.test(p) && !p.endsWith(".d.ts"));
    expect(stray).toEqual([]);

    // Every file package.json's exports, main and types point at is in the pack.
    const pkg = JSON.parse(readFileSync(join(REPO, "package.json"), "utf8"));
    const targets = [pkg.main, pkg.types, ...Object.values(pkg.bin as Record<string, string>), ...Object.values(pkg.exports as Record<string, unknown>)
      .flatMap((t) => (typeof t === "string" ? [t] : Object.values(t as Record<string, string>)))];
    for (const t of targets) expect(paths, t).toContain(t.replace(/^\.\//, ""));

    // The kernel bytes ship once: each binary's base64 is in exactly one file (the shared-memory
    // builds in a module of their own, loaded only for threads).
    const holdersOf = (wasm: string) => {
      const base64 = readFileSync(join(REPO, "build", wasm)).toString("base64");
      return paths.filter((p) => readFileSync(join(REPO, p), "utf8").includes(base64));
    };
    expect(holdersOf("nmf-simd.wasm")).toEqual(["dist/wasm/binaries.generated.js"]);
    expect(holdersOf("nmf-simd-threads.wasm")).toEqual(["dist/wasm/threaded-binaries.generated.js"]);
    const kernels = files.filter((f) => f.path.startsWith("dist/wasm/") && f.path.endsWith("binaries.generated.js"))
      .reduce((sum, f) => sum + f.size, 0);
    expect(unpackedSize - kernels).toBeLessThan(640 * 1024); // the rest is small (JS, types, docs)
  }, 60_000);
});
