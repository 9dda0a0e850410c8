// Terminal drawing for the examples: a progress bar and small images as Unicode block art.
// No dependencies; plain text (no colours), so the output also reads well when piped to a file.

/**
 * A progress bar: one line redrawn in place on a TTY, otherwise a plain line at 0, 25, 50, 75
 * and 100 % (so logs and CI output stay short).
 */
export function progressBar(label, total, stream = process.stderr) {
  const width = 30;
  const tty = Boolean(stream.isTTY);
  let lastQuarter = -1;
  let lastLength = 0;
  const draw = (text) => {
    stream.write(`\r${text}${" ".repeat(Math.max(0, lastLength - text.length))}`);
    lastLength = text.length;
  };
  return {
    update(done, note = "") {
      const fraction = total > 0 ? Math.min(done / total, 1) : 1;
      const percent = String(Math.floor(fraction * 100)).padStart(3);
      if (tty) {
        const filled = Math.round(fraction * width);
        draw(`${label} [${"█".repeat(filled)}${"░".repeat(width - filled)}] ${percent}% ${note}`);
      } else if (Math.floor(fraction * 4) > lastQuarter) {
        lastQuarter = Math.floor(fraction * 4);
        stream.write(`${label} ${percent}% ${note}\n`);
      }
    },
    done(note = "") {
      if (tty) {
        draw(`${label} [${"█".repeat(width)}] 100% ${note}`);
        stream.write("\n");
      } else {
        stream.write(`${label} done: ${note}\n`);
      }
    },
  };
}

/** Quadrant characters indexed by a 4-bit pattern: top-left 1, top-right 2, bottom-left 4, bottom-right 8. */
const QUADRANTS = " ▘▝▀▖▌▞▛▗▚▐▜▄▙▟█";

/**
 * Render one size×size image (row-major, values ≥ 0) as framed block art, 2×2 pixels per
 * character, so a 32×32 image takes 16×16 characters (18×18 with the frame). A pixel is drawn
 * when it exceeds `threshold` × the image's maximum. Returns an array of equal-width lines.
 */
export function imageLines(image, size, threshold = 0.3) {
  let max = 0;
  for (const x of image) max = Math.max(max, x);
  const on = (y, x) => (y < size && x < size && max > 0 && image[y * size + x] > threshold * max ? 1 : 0);
  const width = Math.ceil(size / 2);
  const lines = [`┌${"─".repeat(width)}┐`];
  for (let y = 0; y < size; y += 2) {
    let row = "";
    for (let x = 0; x < size; x += 2) {
      row += QUADRANTS[on(y, x) | (on(y, x + 1) << 1) | (on(y + 1, x) << 2) | (on(y + 1, x + 1) << 3)];
    }
    lines.push(`│${row}│`);
  }
  lines.push(`└${"─".repeat(width)}┘`);
  return lines;
}

/**
 * Images side by side, `perRow` to a row, each under its caption lines (a string or an array
 * of strings per image, cut to the image's width). Returns the text.
 */
export function renderImages(images, size, captions = [], { perRow = 4, threshold = 0.3, gap = " " } = {}) {
  const boxWidth = Math.ceil(size / 2) + 2;
  const blocks = [];
  for (let start = 0; start < images.length; start += perRow) {
    const group = images.slice(start, start + perRow).map((image, t) => {
      const caption = captions[start + t] ?? "";
      const captionLines = (Array.isArray(caption) ? caption : [caption]).map((c) => c.slice(0, boxWidth).padEnd(boxWidth));
      return [...captionLines, ...imageLines(image, size, threshold)];
    });
    const height = Math.max(...group.map((lines) => lines.length));
    const rows = [];
    for (let y = 0; y < height; y++) {
      rows.push(group.map((lines) => lines[y - (height - lines.length)] ?? " ".repeat(boxWidth)).join(gap).trimEnd());
    }
    blocks.push(rows.join("\n"));
  }
  return blocks.join("\n");
}

/** How many boxes of `boxWidth` columns fit the terminal (80 columns when not a TTY). */
export function boxesPerRow(boxWidth, stream = process.stdout, gap = 1) {
  const columns = stream.isTTY && stream.columns ? stream.columns : 80;
  return Math.max(1, Math.floor((columns + gap) / (boxWidth + gap)));
}
