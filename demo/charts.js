// Canvas charts for the demo: a live line plot (error per iteration), a stacked area chart (topic
// share over decades) and a grid of grey-scale images (NMF's parts). No library: a few canvas calls.

export const PALETTE = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7",
  "#9c755f", "#bab0ac", "#1f77b4", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22"];

/** A 2-D context sized for the device pixel ratio, the canvas's CSS size kept. */
function context(canvas) {
  const ratio = window.devicePixelRatio || 1;
  const width = canvas.clientWidth || canvas.width, height = canvas.clientHeight || canvas.height;
  if (canvas.width !== Math.round(width * ratio) || canvas.height !== Math.round(height * ratio)) {
    canvas.width = Math.round(width * ratio);
    canvas.height = Math.round(height * ratio);
  }
  const ctx = canvas.getContext("2d");
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  ctx.clearRect(0, 0, width, height);
  ctx.font = "11px system-ui, sans-serif";
  return { ctx, width, height };
}

const MARGIN = { left: 52, right: 12, top: 10, bottom: 24 };

function axes(ctx, width, height, xLabel, yTicks) {
  ctx.strokeStyle = "#999";
  ctx.fillStyle = "#555";
  ctx.beginPath();
  ctx.moveTo(MARGIN.left, MARGIN.top);
  ctx.lineTo(MARGIN.left, height - MARGIN.bottom);
  ctx.lineTo(width - MARGIN.right, height - MARGIN.bottom);
  ctx.stroke();
  ctx.textAlign = "right";
  for (const [y, label] of yTicks) ctx.fillText(label, MARGIN.left - 4, y + 4);
  ctx.textAlign = "center";
  ctx.fillText(xLabel, (MARGIN.left + width - MARGIN.right) / 2, height - 6);
}

/** Labels for tick values, with as many digits (3–8) as it takes to tell them apart. */
function tickLabels(values) {
  for (let digits = 3; ; digits++) {
    const labels = values.map((x) => (x >= 0.01 && x < 1e4 ? String(Number(x.toPrecision(digits))) : x.toExponential(digits - 2)));
    if (digits >= 8 || new Set(labels).size === labels.length) return labels;
  }
}

/**
 * Error (log scale) against iteration; `points` is [{ iteration, error }]. The scale fits the
 * points after iteration 0 (the initial error, often far above the rest, is drawn clipped).
 */
export function drawErrorPlot(canvas, points, maxIter) {
  const { ctx, width, height } = context(canvas);
  const plotW = width - MARGIN.left - MARGIN.right, plotH = height - MARGIN.top - MARGIN.bottom;
  const log = (e) => Math.log10(Math.max(e, 1e-12));
  const later = points.filter((p) => p.iteration > 0);
  const ranged = (later.length >= 2 ? later : points).map((p) => log(p.error));
  const lo = ranged.length ? Math.min(...ranged) : 0, hi = ranged.length ? Math.max(...ranged) : 1;
  const span = hi - lo || 1;
  const x = (it) => MARGIN.left + (plotW * it) / Math.max(maxIter, 1);
  const y = (e) => MARGIN.top + plotH * (1 - (e - lo) / span);
  const levels = hi > lo ? [hi, (hi + lo) / 2, lo] : [hi];
  const labels = tickLabels(levels.map((e) => 10 ** e));
  const ticks = ranged.length ? levels.map((e, t) => [y(e), labels[t]]) : [];
  axes(ctx, width, height, `iteration (of ${maxIter})`, ticks);
  if (!points.length) return;
  ctx.save();
  ctx.beginPath();
  ctx.rect(MARGIN.left, MARGIN.top - 2, plotW, plotH + 4);
  ctx.clip();
  ctx.strokeStyle = PALETTE[0];
  ctx.lineWidth = 2;
  ctx.beginPath();
  points.forEach((p, t) => (t ? ctx.lineTo(x(p.iteration), y(log(p.error))) : ctx.moveTo(x(p.iteration), y(log(p.error)))));
  ctx.stroke();
  ctx.restore();
}

/** Stacked shares (each column sums to ≤ 1): `series[c][t]` is topic c's share at x label t. */
export function drawStackedArea(canvas, labels, series) {
  const { ctx, width, height } = context(canvas);
  const plotW = width - MARGIN.left - MARGIN.right, plotH = height - MARGIN.top - MARGIN.bottom;
  const x = (t) => MARGIN.left + (plotW * t) / Math.max(labels.length - 1, 1);
  const y = (v) => MARGIN.top + plotH * (1 - v);
  const base = new Float64Array(labels.length);
  series.forEach((values, c) => {
    ctx.fillStyle = PALETTE[c % PALETTE.length];
    ctx.beginPath();
    labels.forEach((_, t) => ctx.lineTo(x(t), y(base[t] + values[t])));
    for (let t = labels.length - 1; t >= 0; t--) ctx.lineTo(x(t), y(base[t]));
    ctx.closePath();
    ctx.fill();
    values.forEach((v, t) => { base[t] += v; });
  });
  axes(ctx, width, height, "", [[y(1), "100%"], [y(0.5), "50%"], [y(0), "0%"]]);
  ctx.fillStyle = "#555";
  ctx.textAlign = "center";
  const step = Math.ceil(labels.length / 12);
  labels.forEach((label, t) => { if (t % step === 0) ctx.fillText(label, x(t), height - 8); });
}

/** Images (row-major, `size`×`size`, values ≥ 0, each scaled to its maximum) in a grid, captioned. */
export function drawImageGrid(canvas, images, size, captions = []) {
  const { ctx, width } = context(canvas);
  const cell = 72, scale = Math.floor((cell - 8) / size), perRow = Math.max(1, Math.floor(width / cell));
  const rows = Math.ceil(images.length / perRow);
  if (canvas.clientHeight < rows * (cell + 14)) {
    canvas.style.height = `${rows * (cell + 14)}px`;
    return drawImageGrid(canvas, images, size, captions);
  }
  images.forEach((image, t) => {
    let max = 0;
    for (const v of image) max = Math.max(max, v);
    const pixels = ctx.createImageData(size, size);
    for (let p = 0; p < size * size; p++) {
      const shade = 255 - Math.round(255 * (max > 0 ? image[p] / max : 0));
      pixels.data.set([shade, shade, shade, 255], 4 * p);
    }
    const left = (t % perRow) * cell, top = Math.floor(t / perRow) * (cell + 14);
    const tile = document.createElement("canvas");
    tile.width = tile.height = size;
    tile.getContext("2d").putImageData(pixels, 0, 0);
    ctx.imageSmoothingEnabled = false;
    ctx.drawImage(tile, left + 4, top + 4, size * scale, size * scale);
    ctx.strokeStyle = "#ccc";
    ctx.strokeRect(left + 3.5, top + 3.5, size * scale + 1, size * scale + 1);
    if (captions[t]) { ctx.fillStyle = "#555"; ctx.textAlign = "center"; ctx.fillText(captions[t], left + 4 + (size * scale) / 2, top + size * scale + 18); }
  });
}
