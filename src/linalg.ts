// Small dense float64 linear algebra for the randomized SVD: only k+oversample sized problems
// (and one m×l orthonormalization) run here; every product with V goes through the GEMM kernel.

/** Orthonormalize the columns of a row-major rows×cols matrix in place (Gram-Schmidt, twice). */
export function orthonormalizeColumns(a: Float64Array, rows: number, cols: number): void {
  // Work on a column-major copy, so every dot product and update runs over contiguous memory.
  const q = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    for (let c = 0; c < cols; c++) q[c * rows + i] = a[i * cols + c];
  }
  for (let c = 0; c < cols; c++) {
    const col = q.subarray(c * rows, (c + 1) * rows);
    for (let pass = 0; pass < 2; pass++) {
      for (let p = 0; p < c; p++) {
        const prev = q.subarray(p * rows, (p + 1) * rows);
        const d = dot(prev, col, rows);
        for (let i = 0; i < rows; i++) col[i] -= d * prev[i];
      }
    }
    const norm = Math.sqrt(dot(col, col, rows));
    // A column inside the span of the previous ones (rank-deficient V) is dropped to zero.
    const scale = norm > 1e-12 ? 1 / norm : 0;
    for (let i = 0; i < rows; i++) col[i] *= scale;
  }
  for (let i = 0; i < rows; i++) {
    for (let c = 0; c < cols; c++) a[i * cols + c] = q[c * rows + i];
  }
}

/** a·b over `length` entries, in four partial sums (one running sum waits on every add). */
function dot(a: Float64Array, b: Float64Array, length: number): number {
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  let i = 0;
  for (; i + 4 <= length; i += 4) {
    s0 += a[i] * b[i];
    s1 += a[i + 1] * b[i + 1];
    s2 += a[i + 2] * b[i + 2];
    s3 += a[i + 3] * b[i + 3];
  }
  for (; i < length; i++) s0 += a[i] * b[i];
  return (s0 + s1) + (s2 + s3);
}

/**
 * Eigen-decomposition of a symmetric n×n matrix (row-major) by cyclic Jacobi rotations.
 * Returns eigenvalues in descending order and eigenvectors as the columns of `vectors`.
 */
export function symmetricEigen(sym: Float64Array, n: number): { values: Float64Array; vectors: Float64Array } {
  const a = Float64Array.from(sym);
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0, diag = 0;
    for (let i = 0; i < n; i++) {
      diag += a[i * n + i] * a[i * n + i];
      for (let j = i + 1; j < n; j++) off += a[i * n + j] * a[i * n + j];
    }
    if (off <= 1e-30 * diag || off === 0) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q];
        if (apq === 0) continue;
        const theta = (a[q * n + q] - a[p * n + p]) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1), s = t * c;
        for (let r = 0; r < n; r++) {
          const arp = a[r * n + p], arq = a[r * n + q];
          a[r * n + p] = c * arp - s * arq;
          a[r * n + q] = s * arp + c * arq;
        }
        for (let r = 0; r < n; r++) {
          const apr = a[p * n + r], aqr = a[q * n + r];
          a[p * n + r] = c * apr - s * aqr;
          a[q * n + r] = s * apr + c * aqr;
        }
        for (let r = 0; r < n; r++) {
          const vrp = v[r * n + p], vrq = v[r * n + q];
          v[r * n + p] = c * vrp - s * vrq;
          v[r * n + q] = s * vrp + c * vrq;
        }
      }
    }
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((x, y) => a[y * n + y] - a[x * n + x]);
  const values = new Float64Array(n);
  const vectors = new Float64Array(n * n);
  order.forEach((src, dst) => {
    values[dst] = a[src * n + src];
    for (let r = 0; r < n; r++) vectors[r * n + dst] = v[r * n + src];
  });
  return { values, vectors };
}
