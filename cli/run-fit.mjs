// One fit, or the best of several through the library's nRuns (seeds derived from --seed, each
// run its own start), with progress and Ctrl-C.
import { nmf } from "nmf-wasm";
import { createProgress } from "./progress.mjs";

/**
 * Fit V once, or `runs` times keeping the lowest reconstruction error (the library's nRuns;
 * no consensus matrix, so any number of rows works). Returns { result, run, seed, errors, seconds }:
 * `run` 1-based, `seed` the best run's own seed (refitting with it alone gives the same factors).
 */
export async function fitBest(V, options, { runs = 1, quiet = false, signal }) {
  const progress = createProgress({ quiet });
  const started = performance.now();
  let run = -1;
  const onProgress = (event) => {
    if (runs > 1 && event.run !== run) {
      run = event.run;
      progress.start(`run ${run + 1}/${runs}`);
    }
    progress.update(event);
  };
  try {
    if (runs === 1) progress.start("fit");
    const result = await nmf(V, { ...options, ...(runs > 1 && { nRuns: runs, consensus: false }), signal, onProgress });
    const seconds = (performance.now() - started) / 1000;
    if (runs === 1) return { result, run: 1, seed: options.seed, errors: [result.reconstructionError], seconds };
    const errors = result.runs.map((r) => r.reconstructionError);
    const best = errors.indexOf(result.reconstructionError);
    return { result, run: best + 1, seed: result.runs[best].seed, errors, seconds };
  } finally {
    progress.end();
  }
}
