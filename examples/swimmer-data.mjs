// The "swimmer" data set (Donoho & Stodden, "When does non-negative matrix factorization give a
// correct decomposition into parts?", NIPS 2003), generated deterministically: 32×32 images of a
// stick figure with a fixed torso and four limbs, each limb in one of four positions, so
// 4^4 = 256 images built from 17 parts (16 limb positions + the torso). The parts have disjoint
// supports (limbs stop short of the torso), as in the original.

export const SIZE = 32;
export const LIMB_NAMES = ["left arm", "right arm", "left leg", "right leg"];

/** Joint (x, y) in pixel coordinates (y grows downwards) and the 4 angles, in degrees, y up. */
const LIMBS = [
  { joint: [15.5, 9.5], angles: [100, 130, 160, 190] }, // left arm: from up to slightly down
  { joint: [15.5, 9.5], angles: [80, 50, 20, -10] }, // right arm: mirror image
  { joint: [15.5, 22.5], angles: [260, 235, 210, 185] }, // left leg: from down to near horizontal
  { joint: [15.5, 22.5], angles: [280, 305, 330, 355] }, // right leg: mirror image
];
const LIMB_START = 2.5; // gap between joint and limb, keeps the parts disjoint
const LIMB_END = 12;

function blank() {
  return new Float32Array(SIZE * SIZE);
}

function set(img, x, y) {
  if (x >= 0 && x < SIZE && y >= 0 && y < SIZE) img[y * SIZE + x] = 1;
}

function torso() {
  const img = blank();
  for (let y = 10; y <= 22; y++) {
    set(img, 15, y);
    set(img, 16, y);
  }
  return img;
}

function limb([jx, jy], degrees) {
  const img = blank();
  const a = (degrees * Math.PI) / 180;
  for (let r = LIMB_START; r <= LIMB_END; r += 0.25) {
    set(img, Math.round(jx + r * Math.cos(a)), Math.round(jy - r * Math.sin(a)));
  }
  return img;
}

/**
 * The 17 ground-truth parts, each a 1024-vector with 0/1 entries: 16 limb positions
 * (limb-major: left arm 1..4, right arm 1..4, left leg 1..4, right leg 1..4), then the torso.
 */
export function swimmerParts() {
  const parts = [];
  for (let l = 0; l < LIMBS.length; l++) {
    for (let p = 0; p < 4; p++) {
      parts.push({ name: `${LIMB_NAMES[l]} ${p + 1}`, image: limb(LIMBS[l].joint, LIMBS[l].angles[p]) });
    }
  }
  parts.push({ name: "torso", image: torso() });
  return parts;
}

/**
 * The 256×1024 data matrix (row-major Float32Array, one image per row): image
 * i = a + 4b + 16c + 64d shows the torso, left arm a, right arm b, left leg c, right leg d.
 */
export function swimmerData() {
  const parts = swimmerParts();
  const n = SIZE * SIZE;
  const data = new Float32Array(256 * n);
  for (let i = 0; i < 256; i++) {
    const row = data.subarray(i * n, (i + 1) * n);
    const chosen = [parts[16]];
    for (let l = 0; l < 4; l++) chosen.push(parts[4 * l + ((i >> (2 * l)) & 3)]);
    for (const { image } of chosen) for (let t = 0; t < n; t++) row[t] = Math.max(row[t], image[t]);
  }
  return { rows: 256, cols: n, data, parts };
}
