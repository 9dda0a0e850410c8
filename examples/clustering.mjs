// Small clustering tools for the examples: k-means (k-means++ starts, best of several restarts)
// on the rows of a dense matrix, and the normalized mutual information of two labelings.
import { random } from "./random.mjs";

function distance2(x, i, c, centers, d) {
  let s = 0;
  for (let j = 0; j < d; j++) { const e = x[i * d + j] - centers[c * d + j]; s += e * e; }
  return s;
}

/** Labels of the rows of { rows, cols, data } in `clusters` groups; the run with the least inertia of `restarts`. */
export function kMeans({ rows: m, cols: d, data: x }, clusters, { restarts = 10, maxIter = 100, seed = 0 } = {}) {
  const rand = random(seed);
  let best = { inertia: Infinity, labels: new Int32Array(m) };
  for (let run = 0; run < restarts; run++) {
    const centers = new Float64Array(clusters * d), nearest = new Float64Array(m).fill(Infinity);
    let pick = Math.floor(rand() * m);
    for (let c = 0; c < clusters; c++) {
      for (let j = 0; j < d; j++) centers[c * d + j] = x[pick * d + j];
      let total = 0;
      for (let i = 0; i < m; i++) { nearest[i] = Math.min(nearest[i], distance2(x, i, c, centers, d)); total += nearest[i]; }
      let u = rand() * total;
      pick = m - 1;
      for (let i = 0; i < m; i++) { u -= nearest[i]; if (u <= 0) { pick = i; break; } }
    }
    const labels = new Int32Array(m);
    let inertia = 0;
    for (let it = 0; it < maxIter; it++) {
      let changed = it === 0;
      inertia = 0;
      for (let i = 0; i < m; i++) {
        let bc = 0, bd = Infinity;
        for (let c = 0; c < clusters; c++) { const e = distance2(x, i, c, centers, d); if (e < bd) { bd = e; bc = c; } }
        if (labels[i] !== bc) { labels[i] = bc; changed = true; }
        inertia += bd;
      }
      if (!changed) break;
      const counts = new Float64Array(clusters);
      centers.fill(0);
      for (let i = 0; i < m; i++) { counts[labels[i]]++; for (let j = 0; j < d; j++) centers[labels[i] * d + j] += x[i * d + j]; }
      for (let c = 0; c < clusters; c++) for (let j = 0; j < d; j++) centers[c * d + j] /= counts[c] || 1;
    }
    if (inertia < best.inertia) best = { inertia, labels };
  }
  return best.labels;
}

/** Normalized mutual information (arithmetic mean of the entropies, scikit-learn's default). */
export function normalizedMutualInformation(a, b) {
  const m = a.length, joint = new Map(), pa = new Map(), pb = new Map();
  for (let i = 0; i < m; i++) {
    const key = `${a[i]},${b[i]}`;
    joint.set(key, (joint.get(key) ?? 0) + 1);
    pa.set(a[i], (pa.get(a[i]) ?? 0) + 1);
    pb.set(b[i], (pb.get(b[i]) ?? 0) + 1);
  }
  const entropy = (p) => [...p.values()].reduce((s, c) => s - (c / m) * Math.log(c / m), 0);
  let mi = 0;
  for (const [key, c] of joint) {
    const [x, y] = key.split(",").map(Number);
    mi += (c / m) * Math.log((c * m) / (pa.get(x) * pb.get(y)));
  }
  const mean = (entropy(pa) + entropy(pb)) / 2;
  return mean > 0 ? mi / mean : 1;
}

/** Each row scaled to unit Euclidean length (zero rows kept), as a new matrix. */
export function normalizeRows({ rows, cols, data }) {
  const out = Float32Array.from(data);
  for (let i = 0; i < rows; i++) {
    let s = 0;
    for (let j = 0; j < cols; j++) s += out[i * cols + j] ** 2;
    const r = s > 0 ? 1 / Math.sqrt(s) : 1;
    for (let j = 0; j < cols; j++) out[i * cols + j] *= r;
  }
  return { rows, cols, data: out };
}
