// Progress on stderr (fits, rank surveys): one bar redrawn in place on a TTY (iterations, error, elapsed), plain
// lines otherwise (at 0, 25, 50, 75 and 100 % of the iterations, so logs stay short).

const WIDTH = 24;

/** Seconds with one decimal. */
export function seconds(ms) {
  return `${(ms / 1000).toFixed(1)} s`;
}

/** A progress reporter; `start(label)` sets the label each line begins with. */
export function createProgress({ stream = process.stderr, quiet = false } = {}) {
  const tty = Boolean(stream.isTTY);
  let open = false, lastLength = 0, lastQuarter = -1, label = "";
  const draw = (text) => {
    stream.write(`\r${text}${" ".repeat(Math.max(0, lastLength - text.length))}`);
    lastLength = text.length;
    open = true;
  };
  return {
    /** Start a new fit (a run of several): resets the plain-line quarters. */
    start(newLabel) {
      label = newLabel;
      lastQuarter = -1;
    },
    /** The library's onProgress event of a fit: { iteration, error, elapsedMs, maxIter }. */
    update({ iteration, error, elapsedMs, maxIter }) {
      this.report(maxIter > 0 ? iteration / maxIter : 1,
        `${String(iteration).padStart(String(maxIter).length)}/${maxIter} iterations  error ${error.toPrecision(5)}  ${seconds(elapsedMs)}`);
    },
    /** Any progress: the fraction done (0–1) and a status text. */
    report(fraction, status) {
      if (quiet) return;
      fraction = Math.min(Math.max(fraction, 0), 1);
      if (tty) {
        const filled = Math.round(fraction * WIDTH);
        draw(`${label} [${"#".repeat(filled)}${"-".repeat(WIDTH - filled)}] ${status}`);
      } else if (Math.floor(fraction * 4) > lastQuarter) {
        lastQuarter = Math.floor(fraction * 4);
        stream.write(`${label} ${status}\n`);
      }
    },
    /** End the current line (before a summary, an error or an interrupt). */
    end() {
      if (open) stream.write("\n");
      open = false;
      lastLength = 0;
    },
  };
}
