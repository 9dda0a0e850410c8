// The environment every scikit-learn comparison runs Python in: BLAS on one thread (the tables
// compare single-threaded fits) and OpenBLAS left to pick its own kernel. This machine's image
// sets OPENBLAS_CORETYPE/OPENBLAS_L2_SIZE (for old OpenBLAS builds on some processors), which pins
// OpenBLAS 0.3.21 to its Haswell (AVX2) kernel; unset, it runs the AVX-512 (Cooperlake) kernel
// the processor has, the strongest peer. Both variables are dropped together, for Python only.
export const PYTHON = "/usr/bin/python3";

export function sklearnEnv() {
  const env = { ...process.env, OMP_NUM_THREADS: "1", OPENBLAS_NUM_THREADS: "1", MKL_NUM_THREADS: "1" };
  delete env.OPENBLAS_CORETYPE;
  delete env.OPENBLAS_L2_SIZE;
  return env;
}
