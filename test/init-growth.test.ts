// Regression: copying init { W, H } into a fresh engine grows its memory mid-copy; the start must
// still arrive intact (a view taken before the growth would be detached). First test of its file,
// so the engine pool of this worker starts small.
import { expect, it } from "vitest";
import { nmf } from "../src/index.js";
import { randomMatrix } from "./helpers.js";

it("init { W, H } that grows a fresh engine's memory is copied intact", async () => {
  const V = randomMatrix(800, 300, 1), W = randomMatrix(800, 200, 2), H = randomMatrix(200, 300, 3);
  const r = await nmf(V, { rank: 200, solver: "mu", init: { W, H }, maxIter: 0 });
  expect(Array.from(r.W.data.subarray(0, 50))).toEqual(Array.from(W.data.subarray(0, 50)));
  expect(Array.from(r.H.data.subarray(-50))).toEqual(Array.from(H.data.subarray(-50)));
});
