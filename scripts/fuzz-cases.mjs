// Property fuzz of the public API (issue #18's acceptance): seeded random calls of nmf(), the NMF
// estimator and the sparse helpers, valid and invalid, each checked by one oracle:
//   valid input   → finite non-negative factors of the right shape, finite errors (history and
//                   onProgress included), and for Frobenius (and KL at ordinary scales) an error
//                   equal to the one recomputed in float64 from the factors returned;
//   invalid input → a typed NMFError (any NMFError: the code is the library's to choose);
//   every call    → no raw error, no change to the caller's arrays, no call taking longer than
//                   HANG_MS. A valid fit may also fail with NON_FINITE_RESULT (the issue allows a
//                   typed error where float32 cannot hold a fit); those are counted and reported.
// The API is passed in, so the same cases run on src/ in the test suite and on dist/ in
// scripts/fuzz.mjs.

/** A call slower than this counts as a hang (the problems here are at most 10×10). */
export const HANG_MS = 5000;

/** mulberry32: a small seeded generator with helpers for the shapes the cases need. */
function generator(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (lo, hi) => lo + Math.floor(next() * (hi - lo + 1));
  const pick = (items) => items[Math.floor(next() * items.length)];
  const chance = (p) => next() < p;
  return { next, int, pick, chance };
}

/** A float32 value's scale, from tiny to near float32's largest. */
function randomScale(r) {
  return r.pick([1, 1, 1, 1, 10 ** r.int(-30, 38), 2 ** r.int(-120, 120), 3e38 / 16, 1e-30]);
}

/** Values of a dense m×n matrix: a scale, zeros, an occasional huge entry. */
function randomValues(r, m, n, { positive = false } = {}) {
  const scale = randomScale(r);
  const zeros = positive ? 0 : r.pick([0, 0, 0.2, 0.6]);
  const values = new Float64Array(m * n);
  for (let t = 0; t < values.length; t++) {
    values[t] = r.chance(zeros) ? 0 : Math.fround(scale * r.next() * 10) || (positive ? scale || 1 : 0);
    if (positive && !(values[t] > 0)) values[t] = Math.fround(scale) || 1e-30;
  }
  if (r.chance(0.05)) values[r.int(0, values.length - 1)] = r.pick([1e30, 3e38, 1e-38]);
  for (let t = 0; t < values.length; t++) if (!(Math.fround(values[t]) < Infinity)) values[t] = 3e38;
  return values;
}

/** The same values as one of the accepted input forms. */
function asInput(r, values, m, n) {
  const form = r.pick(["f32", "f64", "array", "rows", "csr", "csr-unsorted"]);
  if (form === "f32") return { rows: m, cols: n, data: Float32Array.from(values) };
  if (form === "f64") return { rows: m, cols: n, data: Float64Array.from(values) };
  if (form === "array") return { rows: m, cols: n, data: Array.from(values) };
  if (form === "rows") return Array.from({ length: m }, (_, i) => Array.from(values.subarray(i * n, (i + 1) * n)));
  const indptr = [0], indices = [], data = [];
  for (let i = 0; i < m; i++) {
    const row = [];
    for (let j = 0; j < n; j++) if (values[i * n + j] !== 0) row.push(j);
    if (form === "csr-unsorted") row.reverse();
    for (const j of row) { indices.push(j); data.push(values[i * n + j]); }
    indptr.push(indices.length);
  }
  return { format: "csr", rows: m, cols: n, indptr: r.chance(0.5) ? Int32Array.from(indptr) : indptr, indices, data: r.chance(0.5) ? Float64Array.from(data) : data };
}

const LOSSES = ["frobenius", "kullback-leibler", "kl", "itakura-saito"];

/** A valid call: V, options; `mayFail` when the input is valid only conditionally (β ≤ 0 and zeros). */
function validCase(r) {
  const m = r.int(1, 8), n = r.int(1, 8);
  const lossChoice = r.pick([...LOSSES, "frobenius", "frobenius", "beta"]);
  const loss = lossChoice === "beta" ? r.pick([0.5, 1.5, 3, -1, 2.5, r.next() * 8 - 3]) : lossChoice;
  const beta = typeof loss === "number" ? loss : { frobenius: 2, "kullback-leibler": 1, kl: 1, "itakura-saito": 0 }[loss];
  const betaOk = !(Math.abs(beta - 1) < 1e-3 && beta !== 1) && !(Math.abs(beta) < 1e-3 && beta !== 0);
  const values = randomValues(r, m, n, { positive: beta <= 0 || r.chance(0.3) });
  const V = asInput(r, values, m, n);
  const rank = r.int(1, Math.min(m, n) + 2);
  const solver = beta === 2 ? r.pick(["hals", "cd", "anls", "mu", undefined]) : r.pick(["mu", undefined]);
  const options = { rank, loss, maxIter: r.int(0, 25), seed: r.int(0, 1000) };
  if (solver) options.solver = solver;
  if (r.chance(0.3)) options.tol = r.pick([0, 1e-4, 1e-2, 0.5]);
  if (r.chance(0.3)) options.alphaW = r.pick([0.01, 1, 10 ** r.int(-5, 38)]);
  if (r.chance(0.2)) options.alphaH = r.pick(["same", 0, 0.1, 10 ** r.int(-5, 30)]);
  if (r.chance(0.3)) options.l1Ratio = r.pick([0, 1, r.next()]);
  if (r.chance(0.2)) options.threads = r.pick([1, 2, 3, "auto"]);
  if (beta === 1 && solver === "mu" && r.chance(0.2)) options.klWarmStart = r.int(0, 5);
  const inits = rank <= Math.min(m, n) ? ["random", "nndsvd", "nndsvda", "nndsvdar", "given"] : ["random", "given"];
  const init = r.chance(0.5) ? r.pick(inits) : undefined;
  if (init === "given") {
    const W = randomValues(r, m, rank, { positive: true }), H = randomValues(r, rank, n, { positive: true });
    options.init = { W: asDense(r, W, m, rank), H: asDense(r, H, rank, n) };
    if (r.chance(0.2)) options[r.pick(["updateW", "updateH"])] = false;
  } else if (init) options.init = init;
  if (init !== "given" && r.chance(0.05)) options.nRuns = r.int(2, 3); // runs need their own starts
  const hasZero = values.some((x) => x === 0);
  return { kind: "nmf", V, options, mayFail: (beta <= 0 && hasZero) || !betaOk, values, m, n, beta };
}

function asDense(r, values, m, n) {
  const form = r.pick(["f32", "array", "rows"]);
  if (form === "f32") return { rows: m, cols: n, data: Float32Array.from(values) };
  if (form === "array") return { rows: m, cols: n, data: Array.from(values) };
  return Array.from({ length: m }, (_, i) => Array.from(values.subarray(i * n, (i + 1) * n)));
}

/** A valid case broken in one way: every one of these must be refused with an NMFError. */
function invalidCase(r) {
  const c = validCase(r);
  const { options } = c;
  const breakers = [
    () => { const d = dataOf(c.V); if (d && d.length > 0) d[r.int(0, d.length - 1)] = r.pick([-1, NaN, Infinity, -Infinity, 1e39, -0.5]); else return false; },
    () => { const d = dataOf(c.V); if (Array.isArray(d) && d.length > 0) d[r.int(0, d.length - 1)] = r.pick([1n, "1", null, undefined, true, {}, [1]]); else return false; },
    () => { c.V = r.pick([null, undefined, 7, "V", [], [[]], { rows: 0, cols: 1, data: [] }, { rows: 2, cols: 2, data: [1, 2, 3] }, [[1, 2], [3]], [1, 2, 3]]); },
    () => { if (!Array.isArray(c.V)) c.V = { ...c.V, format: r.pick(["CSR", "csc", "coo", 1, null, "Csr"]) }; else return false; },
    () => { if (c.V.format === "csr") c.V = { ...c.V, indices: c.V.indices.map((j) => j + r.pick([c.n, -c.n - 1, 0.5])) }; else return false; if (c.V.indices.length === 0) return false; },
    () => { if (c.V.format === "csr" && c.V.indices.length > 0) c.V = { ...c.V, indptr: Array.from(c.V.indptr, (p, i) => (i === c.m ? p + 1 : p)) }; else return false; },
    () => { if (c.V.format === "csr" && c.V.data.length > 0) c.V = { ...c.V, cols: r.pick([2 ** 31, -1, 1.5, "3"]) }; else return false; },
    () => { options.rank = r.pick([0, -1, 1.5, NaN, Infinity, "2", null, 2 ** 40, 2 ** 29]); },
    () => { options.loss = r.pick(["constructor", "__proto__", "toString", "KL", "Frobenius", 1e3, -200, 5e-324, 1 + 1e-9, NaN, Infinity, {}]); },
    () => { options.solver = r.pick(["CD", "HALS", "lbfgs", "__proto__", 1]); },
    () => { options[r.pick(["alphaW", "alphaH", "l1Ratio", "tol"])] = r.pick([-1, NaN, Infinity, "1", -1e-9]); },
    () => { options.maxIter = r.pick([-1, 1.5, NaN, Infinity, "10"]); },
    () => { options[r.pick(["max_iter", "n_components", "constructor", "verbose", "toString"])] = 1; },
    () => { options.init = r.pick(["svd", "NNDSVD", null, 3, { W: [[1]] }, { W: [], H: [[1]] }]); },
    () => { options.init = { W: { rows: c.m, cols: options.rank, data: new Float32Array(c.m * options.rank) }, H: { rows: options.rank, cols: c.n, data: new Float32Array(options.rank * c.n).fill(1) } }; options.solver = "mu"; options.loss = "frobenius"; },
    () => { options.updateW = false; options.updateH = false; },
    () => { options.signal = r.pick([{}, "abort", 1]); },
    () => { options[r.pick(["threads", "nRuns"])] = r.pick([0, -1, 1.5, NaN, "many"]); },
    () => { options.klWarmStart = r.pick([-1, 1.5, "5", NaN]); },
  ];
  for (let attempt = 0; attempt < 10; attempt++) {
    const broken = Math.floor(r.next() * breakers.length);
    if (breakers[broken]() !== false) return { ...c, mayFail: true, mustFail: true, broken };
  }
  options.rank = 0;
  return { ...c, mayFail: true, mustFail: true };
}

function dataOf(V) {
  if (Array.isArray(V)) return V[0];
  return V && Array.isArray(V.data) ? V.data : V && V.data;
}

/** A Matrix Market text (or bytes) to parse: a valid file, one broken by a random edit, or junk. */
function parseCase(r) {
  const m = r.int(1, 6), n = r.int(1, 6);
  const symmetric = m === n && r.chance(0.3);
  const field = r.pick(["real", "integer", "pattern"]);
  const lines = [`%%MatrixMarket matrix coordinate ${field} ${symmetric ? "symmetric" : "general"}`, "% comment"];
  const entries = [];
  for (let i = 1; i <= m; i++) for (let j = 1; j <= (symmetric ? i : n); j++) if (r.chance(0.4)) entries.push([i, j]);
  lines.push(`${m} ${n} ${entries.length}`);
  for (const [i, j] of entries) lines.push(field === "pattern" ? `${i} ${j}` : `${i} ${j} ${field === "integer" ? r.int(-5, 9) : (r.next() * 10 ** r.int(-40, 40)).toPrecision(6)}`);
  let text = lines.join(r.pick(["\n", "\r\n"])) + "\n";
  if (r.chance(0.5)) {
    const edits = [
      () => text.replace(/\d+ \d+ \d+\n/, `${r.pick(["3000000000", "-1", "1.5", "x", "99999999999"])} ${n} 1\n`),
      () => text.replace("general", r.pick(["hermitian", "skew-symmetric", ""])),
      () => text.replace("coordinate", "array"),
      () => text + `${m + 1} 1 1\n`,
      () => text.slice(0, r.int(0, text.length)),
      () => text.replace(/\n(\d+) (\d+)/, `\n${r.pick(["0", "-3", "2.5", "NaN"])} $2`),
      () => text + "1 1 1e39\n",
      () => text.replace(/%%MatrixMarket/, r.pick(["%MatrixMarket", "", "%%matrixmarket"])),
      () => Array.from({ length: r.int(0, 40) }, () => String.fromCharCode(r.int(0, 0x2fff))).join(""),
    ];
    text = r.pick(edits)();
  }
  const input = r.pick(["string", "string", "bytes", "buffer", "junk"]);
  if (input === "bytes") return { kind: "parse", input: new TextEncoder().encode(text) };
  if (input === "buffer") return { kind: "parse", input: new TextEncoder().encode(text).buffer };
  if (input === "junk") return { kind: "parse", input: r.pick([123, null, undefined, {}, [text], true, 1n]) };
  return { kind: "parse", input: text };
}

/** A structured deep copy that also copies typed arrays and BigInts; functions/signals kept by reference. */
function snapshot(x) {
  try {
    return structuredClone(x);
  } catch {
    return undefined;
  }
}

function sameAs(before, after) {
  if (before === undefined) return true;
  return deepEqual(before, after);
}

function deepEqual(a, b) {
  if (Object.is(a, b)) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== "object") return false;
  if (ArrayBuffer.isView(a) || a instanceof ArrayBuffer) {
    const x = new Uint8Array(a.buffer ?? a, a.byteOffset ?? 0, a.byteLength), y = new Uint8Array(b.buffer ?? b, b.byteOffset ?? 0, b.byteLength);
    return x.length === y.length && x.every((v, t) => v === y[t]);
  }
  const ka = Object.keys(a), kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k) => deepEqual(a[k], b[k]));
}

/** ‖V − WH‖_F, and scikit-learn's √(2·D_KL), in float64 from the float32 factors. */
function referenceErrors(values, m, n, W, H) {
  const k = W.cols;
  let frob = 0, kl = 0;
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let wh = 0;
      for (let c = 0; c < k; c++) wh += W.data[i * k + c] * H.data[c * n + j];
      // The losses are defined on float32's WH (as scikit-learn's on float32 data): a product that
      // underflows float32 is 0 there, and KL counts it as ε.
      const whKl = Math.fround(wh) === 0 ? 0 : wh;
      const v = Math.fround(values[i * n + j]);
      frob += (v - wh) ** 2;
      kl += whKl;
      if (v > 2 ** -23) kl += v * Math.log(v / (whKl === 0 ? 2 ** -23 : whKl)) - v;
    }
  }
  return { frobenius: Math.sqrt(frob), kl: Math.sqrt(Math.max(2 * kl, 0)) };
}

/** Check one fit's result; returns a problem description or undefined. */
function checkResult(c, result, progress) {
  const { m, n, options } = c;
  const k = options.rank;
  if (result.W.rows !== m || result.W.cols !== k || result.H.rows !== k || result.H.cols !== n) return "wrong shapes";
  for (const x of result.W.data) if (!(x >= 0 && x < Infinity)) return `W entry ${x}`;
  for (const x of result.H.data) if (!(x >= 0 && x < Infinity)) return `H entry ${x}`;
  const errors = [result.reconstructionError, ...result.history.map((h) => h.error), ...progress];
  for (const e of errors) if (!(e >= 0 && e < Infinity)) return `error ${e} (history or progress included)`;
  const largest = c.values.reduce((s, x) => Math.max(s, x), 0);
  const { frobenius, kl } = referenceErrors(c.values, m, n, result.W, result.H);
  let norm = 0;
  for (const x of c.values) norm += Math.fround(x) ** 2;
  norm = Math.sqrt(norm);
  if (c.beta === 2 && norm < 1e300) {
    const gap = Math.abs(result.reconstructionError - frobenius);
    // Relative, with a floor at float32's resolution of V (a near-exact fit cannot do better).
    // 1e-30: products of factors below float32's normal range (an all-zero V) are 0 in float32.
    if (!(gap <= 1e-3 * frobenius + 1e-5 * norm + 1e-30)) return `Frobenius error ${result.reconstructionError}, recomputed ${frobenius}`;
  }
  if (c.beta === 1 && largest > 2 ** -20 && largest < 2 ** 20) {
    const gap = Math.abs(result.reconstructionError - kl);
    // D is summed from float32 logs (relative error ~2^-23 a term), so it is known to about
    // 2^-23·ΣV absolutely, and √(2D) near an exact fit (warm-started KL gets there) to √(2^-22·ΣV).
    const total = c.values.reduce((sum, x) => sum + x, 0);
    const floor = Math.max(1e-3 * Math.sqrt(largest), 2 * Math.sqrt(2 ** -22 * total));
    if (!(gap <= 1e-3 * kl + floor)) return `KL error ${result.reconstructionError}, recomputed ${kl}`;
  }
  return undefined;
}

async function timed(call) {
  const started = performance.now();
  try {
    return { value: await call(), ms: performance.now() - started };
  } catch (error) {
    return { error, ms: performance.now() - started };
  }
}

/**
 * Run `cases` seeded cases against `api` ({ nmf, NMF, NMFError, parseMatrixMarket, formatMatrixMarket }).
 * Returns the counts and up to `keep` failures (each with its case index, to replay with the seed).
 */
export async function runFuzz(api, { cases, seed = 1, keep = 20, onCase, only } = {}) {
  const r = generator(seed);
  const counts = { cases: 0, valid: 0, validFitted: 0, validTypedError: 0, nonFinite: 0, invalid: 0, invalidRefused: 0, parse: 0, parsed: 0, parseRefused: 0, roundTrips: 0, aborts: 0, failures: 0 };
  const failures = [], nonFiniteSeen = [];
  const fail = (index, c, problem) => {
    counts.failures++;
    if (failures.length < keep) failures.push({ index, kind: c.kind, problem, options: c.options && JSON.stringify(c.options, (_, v) => (typeof v === "bigint" ? `${v}n` : v)) });
  };
  for (let index = 0; index < cases; index++) {
    counts.cases++;
    const roll = r.next();
    const c = roll < 0.6 ? validCase(r) : roll < 0.85 ? invalidCase(r) : parseCase(r);
    onCase?.(index);
    const useEstimator = r.chance(0.1), abortRoll = r.next(), abortPick = r.pick(["stop", 7, new Error("why")]);
    if (only !== undefined && index !== only) continue;
    if (only !== undefined) console.log(c);
    if (c.kind === "parse") {
      counts.parse++;
      const before = snapshot(c.input);
      const out = await timed(() => api.parseMatrixMarket(c.input));
      if (out.ms > HANG_MS) fail(index, c, `parse took ${out.ms} ms`);
      if (!sameAs(before, c.input)) fail(index, c, "parse changed its input");
      if (out.error !== undefined) {
        if (out.error instanceof api.NMFError) counts.parseRefused++;
        else fail(index, c, `parse raw error: ${out.error}`);
        continue;
      }
      counts.parsed++;
      // Round trip: what was parsed formats and parses back to the same matrix.
      const again = await timed(() => api.parseMatrixMarket(api.formatMatrixMarket(out.value)));
      if (again.error !== undefined) fail(index, c, `round trip failed: ${again.error}`);
      else if (!deepEqual(again.value, out.value)) fail(index, c, "round trip changed the matrix");
      else counts.roundTrips++;
      continue;
    }
    const progress = [];
    const abortReason = !c.mustFail && abortRoll < 0.02 ? abortPick : undefined;
    if (abortReason !== undefined) c.options.signal = AbortSignal.abort(abortReason);
    if (c.options && typeof c.options === "object" && !c.mustFail) c.options.onProgress = (e) => progress.push(e.error);
    const before = snapshot({ V: c.V, init: c.options?.init });
    const out = await timed(() => (useEstimator && !c.mustFail ? fitWithEstimator(api, c) : api.nmf(c.V, c.options)));
    if (only !== undefined) console.log(out);
    if (out.ms > HANG_MS) fail(index, c, `took ${out.ms.toFixed(0)} ms`);
    if (!sameAs(before, { V: c.V, init: c.options?.init })) fail(index, c, "the caller's input changed");
    if (abortReason !== undefined) {
      counts.aborts++;
      if (out.error !== abortReason) fail(index, c, `abort rejected with ${out.error} instead of the signal's reason`);
      continue;
    }
    if (c.mustFail) {
      counts.invalid++;
      if (out.error instanceof api.NMFError) counts.invalidRefused++;
      else if (out.error !== undefined) fail(index, c, `raw error for invalid input: ${out.error?.stack ?? out.error}`);
      else fail(index, c, "invalid input was accepted");
      continue;
    }
    counts.valid++;
    if (out.error !== undefined) {
      if (!(out.error instanceof api.NMFError)) fail(index, c, `raw error: ${out.error?.stack ?? out.error}`);
      else if (out.error.code === "NON_FINITE_RESULT") {
        counts.nonFinite++;
        if (nonFiniteSeen.length < keep) nonFiniteSeen.push({ index, message: out.error.message, options: JSON.stringify({ ...c.options, init: typeof c.options.init === "object" ? "given" : c.options.init }), largest: c.values.reduce((s, x) => Math.max(s, x), 0), smallest: c.values.reduce((s, x) => (x > 0 ? Math.min(s, x) : s), Infinity) });
      }
      else if (c.mayFail) counts.validTypedError++;
      else fail(index, c, `valid input refused: ${out.error.code} ${out.error.message}`);
      continue;
    }
    const problem = checkResult(c, out.value, progress);
    if (problem) fail(index, c, problem);
    else counts.validFitted++;
  }
  return { counts, failures, nonFinite: nonFiniteSeen };
}

/** The estimator's path: fitTransform, then transform and inverseTransform of the same V. */
async function fitWithEstimator(api, c) {
  const model = new api.NMF(c.options);
  const W = await model.fitTransform(c.V);
  const result = { W, H: model.components, reconstructionError: model.reconstructionError, history: [] };
  const again = await model.transform(c.V);
  for (const x of again.data) if (!(x >= 0 && x < Infinity)) throw new Error(`transform gave ${x}`);
  const approx = await model.inverseTransform(W);
  for (const x of approx.data) if (!(x >= 0 && x < Infinity)) throw new Error(`inverseTransform gave ${x}`);
  return result;
}
