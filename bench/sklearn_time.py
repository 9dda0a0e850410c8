"""scikit-learn's side of bench/time-to-answer.mjs: time to a target error, and the default fit.

Reads one job as JSON on stdin, writes one JSON object on stdout:
  job: {"data": prefix, "format": "dense"|"csr", "rows", "cols", "k", "loss": "frobenius"|"kullback-leibler",
        "solver": "cd"|"mu", "target": error, "max_iter": cap, "budget_s": seconds}
  out: {"trajectory": [[iteration, seconds, error], ...], "hit": [iteration, seconds] | null,
        "default": {"seconds", "error", "iterations"}}
Data files: prefix.f32 (dense, row-major float32) or prefix.indptr.i32 / .indices.i32 / .data.f32 (CSR).

The trajectory is one fit with tol=0 and scikit-learn's default init (NNDSVD-A, random_state=0)
whose update functions are wrapped: after an iteration's H update the error is computed with
scikit-learn's own _beta_divergence, and the time that takes is subtracted, so the seconds are the
fit's own (init included). Errors are checked at every iteration up to 50, then about every 2 %.
The default fit is NMF(n_components=k, solver, beta_loss, random_state=0) with every other
option at its default (tol 1e-4, max_iter 200), timed end to end.
Run single-threaded: the caller sets OPENBLAS_NUM_THREADS=OMP_NUM_THREADS=MKL_NUM_THREADS=1.
"""
import json
import sys
import time

import numpy as np
import scipy.sparse as sp
from sklearn.decomposition import NMF, _nmf


class Stop(Exception):
    pass


def load(job):
    m, n, prefix = job["rows"], job["cols"], job["data"]
    if job["format"] == "dense":
        return np.fromfile(prefix + ".f32", dtype=np.float32).reshape(m, n)
    indptr = np.fromfile(prefix + ".indptr.i32", dtype=np.int32)
    indices = np.fromfile(prefix + ".indices.i32", dtype=np.int32)
    data = np.fromfile(prefix + ".data.f32", dtype=np.float32)
    return sp.csr_matrix((data, indices, indptr), shape=(m, n))


def checked(iteration):
    return iteration <= 50 or iteration % max(1, iteration // 50) == 0


def trajectory(X, job):
    beta = 2 if job["loss"] == "frobenius" else 1
    state = {"paused": 0.0, "iteration": 0, "calls": 0, "points": [], "hit": None}
    started = time.perf_counter()

    def record(W, H):
        state["iteration"] += 1
        it = state["iteration"]
        now = time.perf_counter()
        seconds = now - started - state["paused"]
        if checked(it) or it == job["max_iter"]:
            error = float(_nmf._beta_divergence(X, W, H, beta, square_root=True))
            state["points"].append([it, seconds, error])
            if state["hit"] is None and error <= job["target"]:
                state["hit"] = [it, seconds]
        state["paused"] += time.perf_counter() - now
        if state["hit"] is not None or seconds > job["budget_s"]:
            raise Stop()

    original_cd, original_h = _nmf._update_coordinate_descent, _nmf._multiplicative_update_h

    def cd(X_, A, B, *rest):
        violation = original_cd(X_, A, B, *rest)
        state["calls"] += 1
        if state["calls"] % 2 == 0:  # W then Ht: an iteration is done (A = Ht, B = W)
            record(B, A.T)
        return violation

    def mu_h(X_, W, H, *rest, **kw):
        H = original_h(X_, W, H, *rest, **kw)
        record(W, H)
        return H

    _nmf._update_coordinate_descent, _nmf._multiplicative_update_h = cd, mu_h
    try:
        NMF(n_components=job["k"], solver=job["solver"], beta_loss=job["loss"], random_state=0,
            tol=0, max_iter=job["max_iter"]).fit_transform(X)
    except Stop:
        pass
    finally:
        _nmf._update_coordinate_descent, _nmf._multiplicative_update_h = original_cd, original_h
    return state["points"], state["hit"]


def default_fit(X, job):
    started = time.perf_counter()
    model = NMF(n_components=job["k"], solver=job["solver"], beta_loss=job["loss"], random_state=0)
    model.fit_transform(X)
    return {"seconds": time.perf_counter() - started, "error": float(model.reconstruction_err_),
            "iterations": int(model.n_iter_)}


def main():
    job = json.load(sys.stdin)
    X = load(job)
    points, hit = trajectory(X, job)
    json.dump({"trajectory": points, "hit": hit, "default": default_fit(X, job)}, sys.stdout)


if __name__ == "__main__":
    import warnings
    warnings.simplefilter("ignore")  # ConvergenceWarning at max_iter
    main()
