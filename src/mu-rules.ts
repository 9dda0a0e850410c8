// The multiplicative updates' zero rules and stopping rule, shared by the engine's solvers and the
// pure-JS baselines.

/** The error is checked (history, onProgress, tol) every this many iterations, as scikit-learn's MU. */
export const CHECK_EVERY = 10;

/** scikit-learn's MU stopping test: the last CHECK_EVERY iterations gained less than tol of the initial error. */
export function stalled(previous: number, error: number, errorAtInit: number, tol: number): boolean {
  return tol > 0 && (errorAtInit === 0 || (previous - error) / errorAtInit < tol);
}

/** float32 machine epsilon (2⁻²³): scikit-learn's EPSILON, which replaces exact-zero denominators. */
export const EPS32 = 2 ** -23;

/**
 * scikit-learn zeroes H's entries below float64 epsilon (2⁻⁵²) after each update when β ≤ 1;
 * nmf-wasm zeroes W's too. scikit-learn leaves W's: in float32, a W entry that small times an
 * entry of H can land below the normal range, and on SOTU the KL passes ran 10–20 % slower with the
 * W of a 150-iteration fit than with that W's entries below 1e-30 zeroed. Such an entry adds
 * nothing a float32 WH can hold next to its other terms.
 */
export const F64_EPS = 2 ** -52;

/**
 * Every update also flushes float32 subnormals (below 2⁻¹²⁶ ≈ 1.2e-38) to zero. MU drives entries
 * towards 0 geometrically, and on x86 an operation on a subnormal takes a slow microcode path: on SOTU,
 * KL iterations 310–410 ran 1.6× slower than iterations 10–110 before this flush. Such values
 * hold no information next to the rest of a float32 factor.
 */
export const F32_SUBNORMAL_BELOW = 2 ** -126;
