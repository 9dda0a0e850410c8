// End-to-end test of the built web demo (demo/dist, from `npm run demo:build`) in headless
// Chromium through playwright-core, with the system's browser (no browser download):
// serves the page cross-origin isolated, waits for the default sample's fit (#status "done"),
// checks the topics list and the charts, saves a screenshot, then fits the swimmer sample and a CSV
// given to the file input, and loads the page once more without COOP/COEP (one thread, still works).
//
//   node scripts/demo-e2e.mjs [--screenshot FILE]    (default demo/dist/e2e-screenshot.png)
//
// Skips (exit 0) when Chromium is missing: set CHROMIUM=/path/to/chrome to use another build.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { serveDemo } from "../demo/serve.mjs";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const DIST = join(ROOT, "demo", "dist");
const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";
const at = process.argv.indexOf("--screenshot");
const SCREENSHOT = at > 0 ? process.argv[at + 1] : join(DIST, "e2e-screenshot.png");
const TIMEOUT_MS = 120_000;

if (!existsSync(join(DIST, "index.html"))) {
  console.error("demo e2e: FAIL: demo/dist/index.html is missing: run `npm run demo:build` first");
  process.exit(1);
}
if (!existsSync(CHROMIUM)) {
  console.log(`demo e2e: SKIP: no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM=/path/to/chrome)`);
  process.exit(0);
}

const checks = [];
const check = (ok, what) => { checks.push({ ok: Boolean(ok), what }); console.log(`  ${ok ? "ok  " : "FAIL"} ${what}`); };
const { server, url } = await serveDemo(DIST);
const browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox", "--disable-gpu"] });
const pageErrors = [];
let failed = false;
try {
  const page = await browser.newPage({ viewport: { width: 1100, height: 1400 } });
  page.on("pageerror", (error) => pageErrors.push(error.message));
  page.on("console", (message) => { if (message.type() === "error") pageErrors.push(message.text()); });
  const started = performance.now();
  await page.goto(url);
  await page.waitForFunction(() => {
    const status = document.getElementById("status")?.textContent ?? "";
    return status === "done" || status.startsWith("error");
  }, null, { timeout: TIMEOUT_MS });
  const status = await page.textContent("#status");
  check(status === "done", `default sample (State of the Union topics) fitted: #status '${status}' after ${((performance.now() - started) / 1000).toFixed(1)} s`);
  check(await page.evaluate(() => globalThis.crossOriginIsolated), "page is cross-origin isolated (COOP/COEP served)");
  const topics = await page.$$eval("#topics li", (items) => items.map((li) => [...li.querySelectorAll(".term")].map((t) => t.textContent)));
  const rank = Number(await page.inputValue("#rank"));
  check(topics.length === rank, `#topics has one item per topic (${topics.length}, rank ${rank})`);
  check(topics.every((terms) => terms.length === 10 && terms.every((t) => /^[\p{L}\p{N}_]{2,}$/u.test(t))), "each topic lists 10 terms");
  check(new Set(topics.flat()).size > topics.flat().length / 2, "topics differ from each other");
  const inked = (id) => page.evaluate((canvasId) => {
    const canvas = document.getElementById(canvasId);
    const { data } = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height);
    let coloured = 0;
    for (let p = 0; p < data.length; p += 4) if (data[p + 3] > 0 && !(data[p] === data[p + 1] && data[p + 1] === data[p + 2])) coloured++;
    return { coloured, total: data.length / 4 };
  }, id);
  const errorPlot = await inked("error-plot"), decades = await inked("decades");
  check(errorPlot.coloured > 100, `error plot drawn (${errorPlot.coloured} coloured pixels)`);
  check(decades.coloured > decades.total * 0.3, `topic-share chart drawn (${(100 * decades.coloured / decades.total).toFixed(0)} % of the canvas coloured)`);
  check(/iterations in .* s, error /.test(await page.textContent("#fit-info")), `fit summary shown: ${await page.textContent("#fit-info")}`);
  await page.screenshot({ path: SCREENSHOT, fullPage: true });
  console.log(`  screenshot: ${SCREENSHOT}`);

  await page.selectOption("#sample", "swimmer");
  // Wait for this fit's own summary (256 × 1024 images): the previous fit's "done" is still shown
  // for a moment after the sample changes.
  await page.waitForFunction(() => ["done", "error"].some((s) => document.getElementById("status").textContent.startsWith(s)) &&
    !document.getElementById("parts-view").hidden && document.getElementById("fit-info").textContent.startsWith("256 × 1024"),
  null, { timeout: TIMEOUT_MS });
  check(await page.textContent("#status") === "done", "swimmer sample fitted");
  const parts = await page.evaluate(() => {
    const canvas = document.getElementById("parts");
    const { data } = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height);
    let dark = 0;
    for (let p = 0; p < data.length; p += 4) if (data[p + 3] === 255 && data[p] < 128) dark++; // drawn and dark
    return dark;
  });
  check(parts > 500, `swimmer parts drawn (${parts} dark pixels)`);
  await page.screenshot({ path: SCREENSHOT.replace(/\.png$/, "-swimmer.png"), fullPage: true });

  // A file of the user's: a CSV of 4×4 images (two bars each) through the file input.
  const rows = Array.from({ length: 24 }, (_, i) => Array.from({ length: 16 }, (_, p) =>
    (p % 4 === i % 4 ? 1 : 0) + (Math.floor(p / 4) === (i * 7) % 4 ? 1 : 0)).join(","));
  await page.setInputFiles("#file", { name: "bars.csv", mimeType: "text/csv", buffer: Buffer.from(rows.join("\n") + "\n") });
  await page.waitForFunction(() => document.getElementById("sample").value === "file" &&
    ["done", "error"].some((s) => document.getElementById("status").textContent.startsWith(s)) &&
    document.getElementById("fit-info").textContent.startsWith("24 × 16"), null, { timeout: TIMEOUT_MS });
  check(await page.textContent("#status") === "done", "a dropped CSV fitted");
  const links = await page.$$eval("#downloads a", (as) => as.map((a) => a.download));
  check(links.join() === "W.csv,H.csv", `W.csv and H.csv offered for download (${links.join(", ")})`);

  // The same page served without COOP/COEP: not isolated, threads off, the fit still runs.
  const plain = await serveDemo(DIST, { isolate: false });
  try {
    const page2 = await browser.newPage();
    page2.on("pageerror", (error) => pageErrors.push(error.message));
    await page2.goto(plain.url);
    await page2.waitForFunction(() => ["done", "error"].some((s) => document.getElementById("status").textContent.startsWith(s)), null, { timeout: TIMEOUT_MS });
    const state = await page2.evaluate(() => ({ isolated: globalThis.crossOriginIsolated, threadsDisabled: document.getElementById("threads").disabled,
      status: document.getElementById("status").textContent, topics: document.querySelectorAll("#topics li").length }));
    check(!state.isolated && state.threadsDisabled && state.status === "done" && state.topics > 0,
      `without COOP/COEP: not isolated, threads control off, fit ${state.status} with ${state.topics} topics`);
  } finally {
    plain.server.close();
  }
  check(pageErrors.length === 0, `no page errors${pageErrors.length ? `: ${pageErrors.join(" | ")}` : ""}`);
} catch (error) {
  failed = true;
  console.error(`demo e2e: FAIL: ${error.message}${pageErrors.length ? `\npage errors: ${pageErrors.join(" | ")}` : ""}`);
} finally {
  await browser.close();
  server.close();
}
const bad = checks.filter((c) => !c.ok).length;
if (failed || bad) {
  console.log(`demo e2e: FAIL (${bad} check(s) failed)`);
  process.exit(1);
}
console.log(`demo e2e: PASS (${checks.length} checks)`);
