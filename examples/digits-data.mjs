// scikit-learn's digits (examples/data/digits.json, see its README): 1797 × 64 pixel values 0–16
// as a dense matrix, and the 1797 labels.
import { readFileSync } from "node:fs";

export function loadDigits() {
  const raw = JSON.parse(readFileSync(new URL("./data/digits.json", import.meta.url), "utf8"));
  const data = Float32Array.from(raw.pixels, (ch) => parseInt(ch, 17));
  return { X: { rows: raw.rows, cols: raw.cols, data }, labels: Int32Array.from(raw.labels, Number) };
}
