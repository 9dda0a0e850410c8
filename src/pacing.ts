// Fits never hold the event loop for long: between iterations and between the initialization's
// products, a fit yields once YIELD_EVERY_MS have passed since its last yield (with or without a
// signal: other fits' timers, and their aborts, must be able to run), and checks its signal.
import { abortError } from "./errors.js";

/** Longest a fit runs without yielding, when its iterations and init products allow. */
export const YIELD_EVERY_MS = 50;

/**
 * A macrotask boundary: setImmediate where it exists (Node: no 1 ms timer clamp, and the timers
 * phase still runs before it again), else setTimeout.
 */
const setImmediateIfAny = (globalThis as { setImmediate?: (callback: () => void) => unknown }).setImmediate;

function nextMacrotask(): Promise<void> {
  return new Promise((resolve) => {
    if (setImmediateIfAny) setImmediateIfAny(() => resolve());
    else setTimeout(resolve, 0);
  });
}

/** A pause point: yields when the budget is spent, then rejects with the signal's reason if it fired. */
export type Pause = () => Promise<void>;

export function pacer(signal: AbortSignal | undefined): Pause {
  let lastYield = performance.now();
  return async () => {
    if (performance.now() - lastYield >= YIELD_EVERY_MS) {
      await nextMacrotask();
      lastYield = performance.now();
    }
    if (signal?.aborted) throw abortError(signal);
  };
}
