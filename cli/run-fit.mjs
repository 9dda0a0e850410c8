// One fit or the best of several (seeds seed, seed+1, …), with progress and Ctrl-C.
import { nmf } from "nmf-wasm";
import { createProgress } from "./progress.mjs";

/**
 * Fit V `runs` times and keep the lowest reconstruction error. Returns
 * { result, run, seed, errors, seconds }.
 */
export async function fitBest(V, options, { runs = 1, quiet = false, signal }) {
  const progress = createProgress({ quiet });
  const started = performance.now();
  let best;
  const errors = [];
  try {
    for (let r = 0; r < runs; r++) {
      progress.start(runs > 1 ? `run ${r + 1}/${runs}` : "fit");
      const seed = options.seed !== undefined ? options.seed + r : undefined;
      const result = await nmf(V, { ...options, ...(seed !== undefined && { seed }), signal, onProgress: (event) => progress.update(event) });
      errors.push(result.reconstructionError);
      if (!best || result.reconstructionError < best.result.reconstructionError) best = { result, run: r + 1, seed };
    }
  } finally {
    progress.end();
  }
  return { ...best, errors, seconds: (performance.now() - started) / 1000 };
}
