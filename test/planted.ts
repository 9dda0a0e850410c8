// A planted block matrix for the model-selection tests: `groups` groups of samples, each using its
// own band of features (strength 1–2), plus a little uniform noise; its rank is `groups`.
import type { Matrix } from "../src/index.js";
import { rng } from "./helpers.js";

export function plantedBlocks(rows: number, cols: number, groups: number, seed: number, noise = 0.05): Matrix {
  const r = rng(seed);
  const data = new Float32Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    const group = Math.floor((i * groups) / rows);
    for (let j = 0; j < cols; j++) {
      data[i * cols + j] = (Math.floor((j * groups) / cols) === group ? 1 + r() : 0) + noise * r();
    }
  }
  return { rows, cols, data };
}
