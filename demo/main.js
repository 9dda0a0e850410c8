// The nmf-wasm browser demo: topic model of the State of the Union addresses, the swimmer's parts,
// or a file the user drops, with a live error plot. Test hooks: #status reads "done" when a fit has
// finished, #topics has one <li> per topic, charts are canvases.
import { formatCsv, nmf, parseCsv, parseMatrixMarket, parseNpy } from "nmf-wasm";
import { documentTopics, topTerms, vectorize } from "nmf-wasm/text";
import { SIZE as SWIMMER_SIZE, swimmerData } from "../examples/swimmer-data.mjs";
import { PALETTE, drawErrorPlot, drawImageGrid, drawStackedArea } from "./charts.js";

const $ = (id) => document.getElementById(id);
const SAMPLE_DEFAULTS = {
  sotu: { rank: 10, maxIter: 200, loss: "frobenius" },
  swimmer: { rank: 17, maxIter: 1000, loss: "frobenius" },
  file: { rank: 5, maxIter: 200, loss: "frobenius" },
};
let dropped; // the user's data: { kind: 'text', names, texts } or { kind: 'matrix', name, matrix }
let controller;

function setStatus(text) {
  $("status").textContent = text;
}

function show(view) {
  for (const id of ["topics-view", "parts-view", "matrix-view"]) $(id).hidden = id !== view;
}

// ---- threads: only where the page is cross-origin isolated (SharedArrayBuffer available) ----
const isolated = globalThis.crossOriginIsolated === true;
$("threads").disabled = !isolated;
$("threads").value = isolated ? String(Math.min(4, navigator.hardwareConcurrency || 1)) : "1";
$("isolation").textContent = isolated
  ? `cross-origin isolated: up to ${navigator.hardwareConcurrency || 1} threads`
  : "not cross-origin isolated: one thread (serve with COOP/COEP headers for threads)";

/** Fit with the controls' settings; a build of the library without a `threads` option falls back to one thread. */
async function fit(V, extra = {}) {
  const points = [];
  const maxIter = Number($("max-iter").value);
  const options = {
    rank: Number($("rank").value), maxIter, loss: $("loss").value, seed: 0, ...extra,
    ...($("solver").value !== "auto" && { solver: $("solver").value }),
    signal: controller.signal,
    onProgress: ({ iteration, error }) => {
      points.push({ iteration, error });
      drawErrorPlot($("error-plot"), points, maxIter);
      setStatus(`fitting: iteration ${iteration}, error ${error.toPrecision(5)}`);
    },
  };
  const threads = Number($("threads").value);
  if (isolated && threads > 1) options.threads = threads;
  const started = performance.now();
  let result, threadNote = options.threads ? `${threads} threads` : "1 thread";
  try {
    result = await nmf(V, options);
  } catch (error) {
    if (error?.code !== "UNKNOWN_OPTION" || error.option !== "threads") throw error;
    delete options.threads;
    points.length = 0;
    threadNote = "1 thread (this build of nmf-wasm has no threads option)";
    result = await nmf(V, options);
  }
  drawErrorPlot($("error-plot"), result.history, maxIter);
  const seconds = (performance.now() - started) / 1000;
  $("fit-info").textContent = `${V.rows} × ${V.cols}${V.format === "csr" ? ` sparse (${V.indices.length} non-zeros)` : ""}, ` +
    `rank ${options.rank}, ${options.loss}, solver ${options.solver ?? (options.loss === "frobenius" ? "hals" : "mu")}: ` +
    `${result.iterations} iterations in ${seconds.toFixed(2)} s, error ${result.reconstructionError.toPrecision(5)}, ${threadNote}`;
  return result;
}

// ---- topics ----
function renderTopics(result, vocabulary) {
  const list = $("topics");
  list.replaceChildren();
  topTerms(result.H, vocabulary, 10).forEach((terms, c) => {
    const li = document.createElement("li");
    li.style.setProperty("--colour", PALETTE[c % PALETTE.length]);
    const top = terms[0].weight || 1;
    for (const { term, weight } of terms) {
      const span = document.createElement("span");
      span.className = "term";
      span.textContent = term;
      span.style.setProperty("--weight", String(weight / top));
      li.append(span);
    }
    list.append(li);
  });
}

function renderDecades(result, years, vocabulary) {
  const { weights } = documentTopics(result.W);
  const k = weights.cols;
  const decades = [...new Set(years.map((y) => Math.floor(y / 10) * 10))].sort((a, b) => a - b);
  const series = Array.from({ length: k }, () => new Float64Array(decades.length));
  const counts = new Float64Array(decades.length);
  years.forEach((year, i) => {
    const t = decades.indexOf(Math.floor(year / 10) * 10);
    counts[t]++;
    for (let c = 0; c < k; c++) series[c][t] += weights.data[i * k + c];
  });
  for (const s of series) s.forEach((_, t) => { s[t] /= counts[t]; });
  $("decades-block").hidden = false;
  drawStackedArea($("decades"), decades.map((d) => `${d}s`), series);
  const names = topTerms(result.H, vocabulary, 2);
  $("legend").replaceChildren(...names.map((terms, c) => {
    const item = document.createElement("span");
    item.innerHTML = `<i style="background:${PALETTE[c % PALETTE.length]}"></i>`;
    item.append(`${c + 1}: ${terms.map((t) => t.term).join(", ")}`);
    return item;
  }));
}

async function runSotu() {
  setStatus("loading the State of the Union addresses");
  const sotu = await (await fetch("sotu.json")).json();
  // Rows are delta-coded column indices and tf-idf weights × 10⁴ (see demo/build.mjs).
  const indices = new Int32Array(sotu.deltas.length), data = new Float32Array(sotu.values.length);
  for (let i = 0; i < sotu.years.length; i++) {
    let col = 0;
    for (let p = sotu.indptr[i]; p < sotu.indptr[i + 1]; p++) {
      col += sotu.deltas[p];
      indices[p] = col;
      data[p] = sotu.values[p] / 1e4;
    }
  }
  const V = { format: "csr", rows: sotu.years.length, cols: sotu.vocabulary.length, indptr: Int32Array.from(sotu.indptr), indices, data };
  show("topics-view");
  const result = await fit(V);
  renderTopics(result, sotu.vocabulary);
  renderDecades(result, sotu.years, sotu.vocabulary);
}

async function runSwimmer() {
  const V = swimmerData();
  show("parts-view");
  const n = V.cols;
  const samples = [0, 27, 114, 201, 255];
  drawImageGrid($("inputs"), samples.map((i) => V.data.subarray(i * n, (i + 1) * n)), SWIMMER_SIZE, samples.map((i) => `image ${i}`));
  const result = await fit(V, { init: "random", seed: 12, tol: 0 });
  const parts = Array.from({ length: result.H.rows }, (_, c) => result.H.data.subarray(c * n, (c + 1) * n));
  drawImageGrid($("parts"), parts, SWIMMER_SIZE, parts.map((_, c) => `part ${c + 1}`));
}

async function runFile() {
  if (!dropped) throw new Error("drop a file first");
  if (dropped.kind === "text") {
    const { matrix, vocabulary } = vectorize(dropped.texts, { stopWords: "english", minDf: dropped.texts.length > 20 ? 2 : 1 });
    show("topics-view");
    $("decades-block").hidden = true;
    const result = await fit(matrix);
    renderTopics(result, vocabulary);
    return;
  }
  const V = dropped.matrix;
  const result = await fit(V);
  const side = Math.round(Math.sqrt(V.cols));
  if (side * side === V.cols && side >= 4) {
    show("parts-view");
    const n = V.cols, rows = Math.min(V.rows, 8);
    const dense = V.format === "csr" ? null : V.data;
    if (dense) drawImageGrid($("inputs"), Array.from({ length: rows }, (_, i) => dense.subarray(i * n, (i + 1) * n)), side);
    drawImageGrid($("parts"), Array.from({ length: result.H.rows }, (_, c) => result.H.data.subarray(c * n, (c + 1) * n)), side,
      Array.from({ length: result.H.rows }, (_, c) => `part ${c + 1}`));
  } else {
    show("matrix-view");
  }
  const link = (name, M) => {
    const a = document.createElement("a");
    a.href = URL.createObjectURL(new Blob([formatCsv(M)], { type: "text/csv" }));
    a.download = name;
    a.textContent = `download ${name} (${M.rows} × ${M.cols})`;
    return a;
  };
  $("downloads").replaceChildren(link("W.csv", result.W), " ", link("H.csv", result.H));
}

async function run() {
  controller?.abort();
  controller = new AbortController();
  $("run").disabled = true;
  $("stop").disabled = false;
  drawErrorPlot($("error-plot"), [], Number($("max-iter").value));
  try {
    const sample = $("sample").value;
    await ({ sotu: runSotu, swimmer: runSwimmer, file: runFile })[sample]();
    setStatus("done");
  } catch (error) {
    setStatus(error?.name === "AbortError" ? "stopped" : `error: ${error?.message ?? error}`);
    if (error?.name !== "AbortError") console.error(error);
  } finally {
    $("run").disabled = false;
    $("stop").disabled = true;
  }
}

function applyDefaults() {
  const d = SAMPLE_DEFAULTS[$("sample").value];
  $("rank").value = String(d.rank);
  $("max-iter").value = String(d.maxIter);
  $("loss").value = d.loss;
}

// ---- dropped files ----
async function readDropped(files) {
  files = [...files];
  const texts = files.filter((f) => /\.(txt|md)$/i.test(f.name));
  if (texts.length === files.length) {
    const contents = await Promise.all(texts.map((f) => f.text()));
    if (files.length === 1) {
      const lines = contents[0].split(/\r?\n/).filter((l) => l.trim());
      return { kind: "text", label: `${files[0].name}: ${lines.length} lines as documents`, texts: lines };
    }
    return { kind: "text", label: `${files.length} text files as documents`, texts: contents };
  }
  const file = files[0];
  const ext = file.name.toLowerCase().split(".").pop();
  let matrix;
  if (ext === "npy") matrix = parseNpy(new Uint8Array(await file.arrayBuffer()), { source: file.name });
  else if (ext === "mtx") matrix = parseMatrixMarket(await file.text());
  else if (["csv", "tsv"].includes(ext)) matrix = parseCsv(await file.text(), { source: file.name });
  else throw new Error(`${file.name}: expected .txt (documents), .csv, .tsv, .npy or .mtx`);
  return { kind: "matrix", label: `${file.name}: ${matrix.rows} × ${matrix.cols}`, matrix };
}

async function onFiles(files) {
  try {
    dropped = await readDropped(files);
    const option = $("sample").querySelector("option[value=file]");
    option.disabled = false;
    option.textContent = `Your data — ${dropped.label}`;
    $("sample").value = "file";
    applyDefaults();
    await run();
  } catch (error) {
    setStatus(`error: ${error.message}`);
  }
}

const drop = $("drop");
drop.addEventListener("dragover", (e) => { e.preventDefault(); drop.classList.add("over"); });
drop.addEventListener("dragleave", () => drop.classList.remove("over"));
drop.addEventListener("drop", (e) => { e.preventDefault(); drop.classList.remove("over"); onFiles(e.dataTransfer.files); });
$("file").addEventListener("change", (e) => onFiles(e.target.files));
$("sample").addEventListener("change", () => { applyDefaults(); run(); });
$("run").addEventListener("click", run);
$("stop").addEventListener("click", () => controller?.abort());

applyDefaults();
run();
