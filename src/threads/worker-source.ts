// The text of a pool worker, built from functions so it needs no file of its own: Node starts
// it with `eval: true`, browsers from a Blob URL as a module worker. (A worker file beside the
// package would need `new URL(…, import.meta.url)` to survive every bundler and test runner;
// a string does everywhere. Pages with a Content-Security-Policy must allow `worker-src blob:`.)
// Like runShare, workerMain is self-contained: its text runs in the worker.
import { runShare, type Layout } from "./control.js";

/** What a worker receives at start. */
export interface WorkerStart {
  module: WebAssembly.Module;
  memory: WebAssembly.Memory;
  /** Byte offset of the control block in memory. */
  control: number;
  thread: number;
  names: string[];
  layout: Layout;
  /** Polls of the generation word before blocking in Atomics.wait. */
  spin: number;
}

declare const require: (id: string) => unknown;

function workerMain(share: typeof runShare): void {
  const start = (data: WorkerStart, post: (message: string) => void) => {
    const L = data.layout;
    const instance = new WebAssembly.Instance(data.module, { env: { memory: data.memory } });
    const exports = instance.exports as Record<string, (...args: number[]) => number>;
    const kernels = data.names.map((name) => exports[name]);
    const buffer = data.memory.buffer;
    const i32 = new Int32Array(buffer, data.control, L.I32_WORDS);
    const f64 = new Float64Array(buffer, data.control + L.I32_WORDS * 4, L.F64_SLOTS);
    const args: number[] = [];
    let seen = Atomics.load(i32, L.GEN);
    post("ready");
    for (;;) {
      let gen = Atomics.load(i32, L.GEN);
      for (let s = 0; gen === seen && s < data.spin; s++) gen = Atomics.load(i32, L.GEN);
      while (gen === seen) {
        Atomics.wait(i32, L.GEN, seen);
        gen = Atomics.load(i32, L.GEN);
      }
      seen = gen;
      if (i32[L.OP] === L.STOP) return;
      if (data.thread >= i32[L.PARTICIPANTS]) continue;
      try {
        share(i32, f64, kernels, data.thread, L, args);
      } catch {
        Atomics.store(i32, L.ERROR, 1);
      }
      Atomics.add(i32, L.DONE, 1);
      Atomics.notify(i32, L.DONE);
    }
  };
  if (typeof require === "function") {
    const threads = require("node:worker_threads") as {
      workerData: WorkerStart; parentPort: { postMessage(message: string): void };
    };
    start(threads.workerData, (message) => threads.parentPort.postMessage(message));
  } else {
    const scope = globalThis as unknown as { onmessage: (e: { data: WorkerStart }) => void; postMessage(m: string): void };
    scope.onmessage = (e) => start(e.data, (message) => scope.postMessage(message));
  }
}

/** The worker's program: runShare, then workerMain called with it. */
export const WORKER_SOURCE = `${runShare.toString()}\n(${workerMain.toString()})(runShare);\n`;
