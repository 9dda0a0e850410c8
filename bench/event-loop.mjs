// The longest the event loop went without running a 5 ms interval while `work` ran (shared by
// bench/responsiveness.mjs and the test of issue #18 item 11).
export async function longestStall(work) {
  let last = performance.now(), longest = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
  }, 5);
  const started = performance.now();
  try {
    await work();
  } finally {
    clearInterval(timer);
  }
  return { longest, total: performance.now() - started };
}
