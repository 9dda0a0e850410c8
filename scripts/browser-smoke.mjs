// Browser smoke test: proves the built package runs in a real browser as-is, with no bundler
// and no copied files. A tiny node:http server serves the repository's dist/ (the kernels are
// embedded as base64 in dist/wasm/binaries.generated.js, so plain ES modules suffice) and
// scripts/browser-smoke.html, which imports 'nmf-wasm' through an import map, runs two small
// factorizations, vectorizes a few Spanish sentences with 'nmf-wasm/text' (its stop-word
// dependency, stopword's ES module, served from node_modules) and POSTs the outcome back.
// Headless Chromium is driven by its command line only (no puppeteer/playwright). The same swimmer
// fit is run in Node, with the kernel build the browser used, for comparison. The page is loaded
// twice: plain, where a fit asking for threads runs on one (no SharedArrayBuffer without
// cross-origin isolation), and with COOP/COEP headers, where it runs on the worker pool; both must
// give the single-threaded fit's exact bits.
//
//   node scripts/browser-smoke.mjs            # run the check (needs `npm run build` first)
//   node scripts/browser-smoke.mjs --serve    # only serve the page, to open it in any browser
//
// Skips (exit 0) when Chromium is missing: set CHROMIUM=/path/to/chrome to use another build.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { extname, join, normalize, sep } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";
const TIMEOUT_MS = 60_000;
const SEED = 12;
const ITERS = 300;
const serveOnly = process.argv.includes("--serve");

/** The swimmer fit the page runs, in Node with the kernel build `variant`: { error, ms, variant }. */
async function nodeSwimmerFit(variant) {
  const { nmf, kernelVariant, setKernelVariant } = await import("nmf-wasm");
  const { swimmerData } = await import("../examples/swimmer-data.mjs");
  setKernelVariant(variant);
  const started = performance.now();
  const fit = await nmf(swimmerData(), { rank: 17, init: "random", seed: SEED, maxIter: ITERS, tol: 0 });
  return { error: fit.reconstructionError, ms: performance.now() - started, variant: await kernelVariant() };
}

// Child mode: the Node fit with a given build (Node 20 runs the relaxed one only behind a flag).
const childVariant = process.argv[process.argv.indexOf("--node-fit") + 1];
if (process.argv.includes("--node-fit")) {
  console.log(JSON.stringify(await nodeSwimmerFit(childVariant)));
  process.exit(0);
}

const TYPES = { ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".mjs": "text/javascript",
  ".map": "application/json", ".json": "application/json", ".wasm": "application/wasm" };
/** Only these parts of the repository are served. */
const SERVED = [join(ROOT, "dist") + sep, join(ROOT, "examples", "swimmer-data.mjs"),
  join(ROOT, "node_modules", "stopword", "dist", "stopword.esm.mjs")];

function fail(message) {
  console.error(`browser smoke: FAIL: ${message}`);
  process.exit(1);
}

if (!existsSync(join(ROOT, "dist", "index.js"))) fail("dist/index.js is missing: run `npm run build` first");
if (!serveOnly && !existsSync(CHROMIUM)) {
  console.log(`browser smoke: SKIP: no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM=/path/to/chrome)`);
  process.exit(0);
}

let resolveResult;
let resultPromise = new Promise((resolve) => { resolveResult = resolve; });
const requests = [];
/** What makes a page cross-origin isolated (SharedArrayBuffer, so the worker pool). */
const ISOLATION_HEADERS = { "cross-origin-opener-policy": "same-origin", "cross-origin-embedder-policy": "require-corp" };

const server = createServer((req, res) => {
  const url = new URL(req.url, "http://localhost");
  if (req.method === "POST" && url.pathname === "/result") {
    let body = "";
    req.on("data", (chunk) => { body += chunk; });
    req.on("end", () => {
      res.writeHead(204).end();
      try {
        resolveResult(JSON.parse(body));
      } catch {
        resolveResult({ ok: false, error: `unparsable result: ${body.slice(0, 200)}` });
      }
    });
    return;
  }
  let file;
  if (url.pathname === "/" || url.pathname === "/index.html") file = join(ROOT, "scripts", "browser-smoke.html");
  else {
    const candidate = normalize(join(ROOT, decodeURIComponent(url.pathname)));
    if (SERVED.some((allowed) => candidate === allowed || (allowed.endsWith(sep) && candidate.startsWith(allowed)))) {
      file = candidate;
    }
  }
  const status = file && existsSync(file) ? 200 : 404;
  requests.push(`${status} ${url.pathname}`);
  if (status !== 200) {
    res.writeHead(404, { "content-type": "text/plain" }).end("not found");
    return;
  }
  res.writeHead(200, {
    "content-type": TYPES[extname(file)] ?? "application/octet-stream", "cache-control": "no-store",
    ...(url.searchParams.get("isolated") === "1" ? ISOLATION_HEADERS : {}),
  });
  res.end(readFileSync(file));
});
await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
const pageUrl = `http://127.0.0.1:${server.address().port}/?seed=${SEED}&iters=${ITERS}`;

if (serveOnly) {
  console.log(`serving ${pageUrl} (Ctrl-C to stop)`);
  const result = await resultPromise;
  console.log(JSON.stringify(result, null, 2));
  server.close();
  process.exit(result.ok ? 0 : 1);
}

/** Load `url` in a headless Chromium until the page POSTs its result (or fails); Chromium is stopped after. */
async function runPage(url) {
  resultPromise = new Promise((resolve) => { resolveResult = resolve; });
  const profile = mkdtempSync(join(tmpdir(), "nmf-wasm-chromium-"));
  const chromium = spawn(CHROMIUM, [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-extensions", "--mute-audio", "--disable-breakpad", "--disable-crash-reporter", `--user-data-dir=${profile}`, url,
  ], { stdio: ["ignore", "ignore", "pipe"], detached: true });
  let chromiumLog = "";
  chromium.stderr.on("data", (chunk) => { chromiumLog = (chromiumLog + chunk).slice(-4000); });
  const exited = new Promise((resolve) => chromium.on("exit", (code, signal) => resolve({ code, signal })));
  chromium.on("error", (error) => resolveResult({ ok: false, error: `cannot start ${CHROMIUM}: ${error.message}` }));

  const browserStarted = performance.now();
  let timer;
  const result = await Promise.race([
    resultPromise,
    exited.then(({ code, signal }) => ({ ok: false, error: `Chromium exited early (code ${code}, signal ${signal})` })),
    new Promise((resolve) => { timer = setTimeout(() => resolve({ ok: false, error: `no result within ${TIMEOUT_MS / 1000} s` }), TIMEOUT_MS); }),
  ]);
  clearTimeout(timer);
  const browserMs = performance.now() - browserStarted;

  // Stop the Chromium we started (its whole process group: browser, zygote, renderer), then clean up.
  if (chromium.exitCode === null && chromium.signalCode === null) {
    try { process.kill(-chromium.pid, "SIGTERM"); } catch { /* already gone */ }
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 3000))]);
    if (chromium.exitCode === null && chromium.signalCode === null) {
      try { process.kill(-chromium.pid, "SIGKILL"); } catch { /* already gone */ }
    }
  }
  chromium.stderr.destroy();
  rmSync(profile, { recursive: true, force: true });
  return { result, browserMs, chromiumLog };
}

const plain = await runPage(pageUrl);
const isolated = plain.result.ok ? await runPage(`${pageUrl}&isolated=1`) : undefined;
server.closeAllConnections();
server.close();

const failed = !plain.result.ok ? plain : !isolated.result.ok ? isolated : undefined;
if (failed) {
  if (requests.length) console.error(`requests: ${requests.join(", ")}`);
  if (failed.chromiumLog) console.error(`Chromium stderr (tail):\n${failed.chromiumLog}`);
  fail(`${failed === isolated ? "cross-origin isolated page: " : ""}${failed.result.error}`);
}
const { result, browserMs } = plain;

// Node's own run of the same swimmer fit with the kernel build the browser used, for comparison
// (builds with and without fused multiply-add round differently, and this near-exact fit's small
// error amplifies that: relaxed vs SIMD128 differed by 23 %).
const nodeFit = await new Promise((resolve, reject) => {
  const child = spawn(process.execPath, ["--experimental-wasm-relaxed-simd", fileURLToPath(import.meta.url),
    "--node-fit", result.kernelVariant], { stdio: ["ignore", "pipe", "inherit"] });
  let out = "";
  child.stdout.on("data", (chunk) => { out += chunk; });
  child.on("error", reject);
  child.on("exit", (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`Node fit exited with ${code}`))));
}).catch((error) => fail(`Node's swimmer fit: ${error.message}`));

const checks = [];
const check = (ok, what) => checks.push({ ok: Boolean(ok), what });
check(["relaxed-simd", "simd128"].includes(result.kernelVariant), `kernel variant is known (${result.kernelVariant})`);
check(result.small.relativeError < 1e-2, `rank-3 matrix fitted: relative error ${result.small.relativeError.toExponential(2)} < 1e-2`);
const [wr, wc, hr, hc] = result.small.shapes;
check(result.small.shapes.join() === "40,3,3,30", `shapes W ${wr}×${wc}, H ${hr}×${hc} (expected 40×3, 3×30)`);
check(result.small.nonNegative && result.swimmer.nonNegative, "factors non-negative");
check(result.vocabulary?.join() === "casa,gato,gatos,perro",
  `nmf-wasm/text with Spanish stop words through the import map (vocabulary ${result.vocabulary?.join(", ")})`);
check(result.swimmer.iterations === ITERS, `swimmer fit ran ${ITERS} iterations (${result.swimmer.iterations})`);
check(result.swimmer.progressEvents === ITERS / 10, `onProgress called every 10 iterations (${result.swimmer.progressEvents}×)`);
check(nodeFit.variant === result.kernelVariant, `Node ran the browser's kernel build (${nodeFit.variant})`);
const relDiff = Math.abs(result.swimmer.error - nodeFit.error) / nodeFit.error;
check(relDiff < 1e-3, `swimmer error matches Node's: browser ${result.swimmer.error.toPrecision(6)} vs Node ` +
  `${nodeFit.error.toPrecision(6)} (relative difference ${relDiff.toExponential(1)})`);
// The threaded fit: one thread on the plain page (and why), the pool on the isolated one; the same bits.
for (const [page, run, threads] of [["plain", plain.result, 1], ["isolated", isolated.result, 2]]) {
  const t = run.threaded;
  check(t.crossOriginIsolated === (page === "isolated"), `${page} page: crossOriginIsolated ${t.crossOriginIsolated}`);
  check(t.threads === threads, `${page} page: a fit asking for 2 threads ran on ${t.threads}${t.note ? ` (${t.note})` : ""}`);
  if (page === "plain") check(/cross-origin isolated/.test(t.note ?? ""), `plain page: the note says why (${t.note})`);
  check(t.identical, `${page} page: the 2-thread fit's W, H and error are the 1-thread fit's bits`);
}
check(isolated.result.threaded.error === plain.result.threaded.error,
  `the threaded fit's error is the same on both pages (${plain.result.threaded.error})`);
const notFound = requests.filter((r) => r.startsWith("404") && !r.endsWith("/favicon.ico"));
check(notFound.length === 0, `every module request served (${requests.length} requests${notFound.length ? `; ${notFound.join(", ")}` : ""})`);

console.log(`browser smoke: ${result.userAgent}`);
console.log(`  kernel variant: Chromium ${result.kernelVariant}, Node ${nodeFit.variant}`);
console.log(`  swimmer rank 17, ${ITERS} iterations: Chromium ${result.swimmer.ms.toFixed(0)} ms, Node ${nodeFit.ms.toFixed(0)} ms ` +
  `(page round trip incl. browser start ${(browserMs / 1000).toFixed(1)} s)`);
for (const { ok, what } of checks) console.log(`  ${ok ? "ok  " : "FAIL"} ${what}`);
if (checks.some((c) => !c.ok)) fail(`${checks.filter((c) => !c.ok).length} check(s) failed`);
console.log("browser smoke: PASS");
process.exit(0); // don't wait for the HTTP server's lingering keep-alive sockets
