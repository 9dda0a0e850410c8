// The worker pool: threads that instantiate the same compiled kernel module on the engine's
// shared memory and take shares of kernel calls through the control block (control.ts).
// No message per call: the caller writes a job, bumps a generation word and notifies; each
// worker claims chunks, then bumps the done counter.
//
// Waiting, and why this design: workers block in Atomics.wait (after a short spin) on the
// generation word, which every runtime allows in a worker. The calling thread never waits for
// a job to start; it runs a share itself, and then only for the last workers to finish does it
// poll the done counter with Atomics.load — a browser's main thread may not Atomics.wait, and
// polling keeps the solver loop, its onProgress and AbortSignal where the caller put them. Where
// the calling thread may block (Node, a worker), it falls back to Atomics.wait after the spin.
// The alternatives cost more: the solver in a worker would move the caller's callbacks across
// threads; Atomics.waitAsync would make every kernel call asynchronous.
import { LAYOUT, controlViews, runShare, type ControlViews } from "./control.js";
import { WORKER_SOURCE, type WorkerStart } from "./worker-source.js";
import { NMFError } from "../errors.js";

/** A worker, whatever the runtime: Node's worker_threads or a Web Worker. */
interface PoolWorker {
  terminate(): unknown;
}

/** Polls of a word before blocking on it (a few tens of microseconds). */
const SPIN = 20000;

type NodeWorkerModule = {
  Worker: new (source: string, options: { eval: true; workerData: WorkerStart }) => PoolWorker & {
    unref(): void;
    once(event: string, listener: (value: unknown) => void): void;
  };
};

function isNode(): boolean {
  const p = (globalThis as { process?: { versions?: { node?: string } } }).process;
  return typeof p?.versions?.node === "string";
}

/** Starts one worker and resolves when it has instantiated the module. */
async function startWorker(data: WorkerStart): Promise<PoolWorker> {
  if (isNode()) {
    const specifier = "node:worker_threads";
    const { Worker } = (await import(/* @vite-ignore */ specifier)) as NodeWorkerModule;
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: data });
    // Never keeps the process alive: a script that fits and ends exits by itself.
    worker.unref();
    await new Promise<void>((resolve, reject) => {
      worker.once("message", () => resolve());
      worker.once("error", (e) => reject(e));
      worker.once("exit", () => reject(new Error("worker exited at start")));
    });
    return worker;
  }
  const url = URL.createObjectURL(new Blob([WORKER_SOURCE], { type: "text/javascript" }));
  try {
    const worker = new Worker(url, { type: "module" });
    await new Promise<void>((resolve, reject) => {
      worker.onmessage = () => resolve();
      worker.onerror = (e) => reject(new Error(e.message || "worker failed to start"));
      worker.postMessage(data);
    });
    return worker;
  } finally {
    URL.revokeObjectURL(url);
  }
}

export class ThreadPool {
  private readonly workers: PoolWorker[] = [];
  private readonly ctrl: ControlViews;
  private readonly args: number[] = [];
  private readonly canBlock: boolean;
  private closed = false;

  /** @internal (WebAssembly types stay out of the public .d.ts) */
  constructor(private readonly memory: WebAssembly.Memory, private readonly module: WebAssembly.Module,
    private readonly control: number, private readonly names: string[],
    private readonly kernels: ((...args: number[]) => number)[]) {
    this.ctrl = controlViews(memory.buffer, control);
    this.canBlock = (() => {
      try {
        Atomics.wait(this.ctrl.i32, LAYOUT.PROBE, 1, 0);
        return true;
      } catch {
        return false; // a browser's main thread
      }
    })();
  }

  /** Threads available, the calling one included. */
  get size(): number {
    return this.workers.length + 1;
  }

  /** Start workers until `threads` threads (the caller's included) can run a job. */
  async grow(threads: number): Promise<void> {
    if (this.closed) throw new Error("internal: thread pool used after close");
    while (this.workers.length + 1 < threads) {
      this.workers.push(await startWorker({
        module: this.module, memory: this.memory, control: this.control, thread: this.workers.length + 1,
        names: this.names, layout: LAYOUT, spin: SPIN,
      }));
    }
  }

  /**
   * Run the job already written in the control block on `participants` threads (≤ size): the
   * workers are woken, this thread runs its share, then waits for theirs.
   */
  run(participants: number): void {
    const { i32, f64 } = this.ctrl;
    const helpers = participants - 1;
    Atomics.store(i32, LAYOUT.PARTICIPANTS, participants);
    Atomics.store(i32, LAYOUT.DONE, 0);
    Atomics.store(i32, LAYOUT.ERROR, 0);
    Atomics.add(i32, LAYOUT.GEN, 1);
    // Every worker: a count would wake any waiters, not necessarily the participants.
    Atomics.notify(i32, LAYOUT.GEN);
    try {
      runShare(i32, f64, this.kernels, 0, LAYOUT, this.args);
    } finally {
      // Even when this thread's share threw: the next job must not overwrite one still running.
      let spins = 0;
      for (let done = Atomics.load(i32, LAYOUT.DONE); done < helpers; done = Atomics.load(i32, LAYOUT.DONE)) {
        if (this.canBlock && ++spins > SPIN) Atomics.wait(i32, LAYOUT.DONE, done, 10);
      }
    }
    if (Atomics.load(i32, LAYOUT.ERROR) !== 0) {
      throw new NMFError("UNSUPPORTED_RUNTIME", "a worker thread failed in a kernel call");
    }
  }

  /** Stop and release every worker; the pool is unusable afterwards. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    const { i32 } = this.ctrl;
    Atomics.store(i32, LAYOUT.OP, LAYOUT.STOP);
    Atomics.add(i32, LAYOUT.GEN, 1);
    Atomics.notify(i32, LAYOUT.GEN);
    for (const worker of this.workers) void worker.terminate();
    this.workers.length = 0;
  }
}
