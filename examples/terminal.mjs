// Terminal drawing for the examples: a progress bar and small images as Unicode half blocks.

/** A progress bar on one line (redrawn in place on a TTY, a few plain lines otherwise). */
export function progressBar(label, total, stream = process.stderr) {
  const width = 30;
  let lastPrinted = -1;
  return {
    update(done, note = "") {
      const fraction = Math.min(done / total, 1);
      if (stream.isTTY) {
        const filled = Math.round(fraction * width);
        stream.write(`\r${label} [${"█".repeat(filled)}${"░".repeat(width - filled)}] ${String(Math.round(fraction * 100)).padStart(3)}% ${note}   `);
      } else if (Math.floor(fraction * 4) > lastPrinted) {
        lastPrinted = Math.floor(fraction * 4);
        stream.write(`${label} ${Math.round(fraction * 100)}% ${note}\n`);
      }
    },
    done(note = "") {
      if (stream.isTTY) stream.write(`\r${label} [${"█".repeat(width)}] 100% ${note}   \n`);
      else stream.write(`${label} done ${note}\n`);
    },
  };
}

/** Quadrant characters indexed by the 4-bit pattern (top-left 1, top-right 2, bottom-left 4, bottom-right 8). */
const QUADRANTS = " ▘▝▀▖▌▞▛▗▚▐▜▄▙▟█";

/**
 * Render images (each size×size, row-major, values ≥ 0) side by side with captions, 2×2 pixels
 * per character: a pixel is "on" above `threshold` × its image's maximum.
 */
export function renderImages(images, size, captions = [], threshold = 0.3) {
  const width = size / 2;
  const gap = "  ";
  const lines = [images.map((_, t) => (captions[t] ?? "").slice(0, width + 1).padEnd(width)).join(gap)];
  const on = images.map((img) => {
    let max = 0;
    for (const x of img) max = Math.max(max, x);
    return (y, x) => (y < size && x < size && max > 0 && img[y * size + x] > threshold * max ? 1 : 0);
  });
  for (let y = 0; y < size; y += 2) {
    lines.push(on.map((pixel) => {
      let row = "";
      for (let x = 0; x < size; x += 2) {
        row += QUADRANTS[pixel(y, x) | (pixel(y, x + 1) << 1) | (pixel(y + 1, x) << 2) | (pixel(y + 1, x + 1) << 3)];
      }
      return `|${row}|`;
    }).join(""));
  }
  return lines.join("\n");
}
