#!/usr/bin/env python3
"""scikit-learn 1.2 MiniBatchNMF references for test/fixtures/minibatch.json.

Run with Debian's python3-sklearn (1.2.1): /usr/bin/python3 scripts/minibatch-fixtures.py
Every case starts from explicit W0, H0 (init='custom') so the iterates are comparable.
"""
import json
import warnings

import numpy as np
import sklearn
from sklearn.decomposition import MiniBatchNMF
from sklearn.exceptions import ConvergenceWarning

warnings.simplefilter("ignore", ConvergenceWarning)
rng = np.random.default_rng(20)

def matrix(a):
    a = np.asarray(a, dtype=np.float64)
    return {"rows": int(a.shape[0]), "cols": int(a.shape[1]), "data": [float(x) for x in a.ravel()]}

m, n, k = 60, 12, 3
Wt = rng.gamma(2.0, 1.0, (m, k))
Ht = rng.gamma(2.0, 1.0, (k, n))
dense = Wt @ Ht + 0.1 * rng.random((m, n))
counts = rng.poisson(Wt @ Ht).astype(np.float64)  # zeros included
positive = dense + 0.05
W0 = rng.random((m, k)) + 0.1
H0 = rng.random((k, n)) + 0.1

cases = []

def fit_case(name, X, options):
    est = MiniBatchNMF(n_components=k, init="custom", **options)
    W = est.fit_transform(X, W=W0.copy(), H=H0.copy())
    cases.append({
        "name": name, "X": matrix(X), "options": options,
        "W": matrix(W), "H": matrix(est.components_),
        "nSteps": int(est.n_steps_), "nIter": int(est.n_iter_),
        "reconstructionError": float(est.reconstruction_err_),
        "transform": matrix(est.transform(X[:7])),
    })

fixed = {"tol": 0.0, "max_no_improvement": None}
fit_case("frobenius", dense, {"batch_size": 16, "max_iter": 5, **fixed})
fit_case("kl", counts, {"beta_loss": "kullback-leibler", "batch_size": 16, "max_iter": 5, **fixed})
fit_case("beta0.5", positive, {"beta_loss": 0.5, "batch_size": 25, "max_iter": 4, **fixed})
fit_case("regularized-fresh", dense, {"batch_size": 20, "max_iter": 3, "alpha_W": 0.01, "l1_ratio": 0.5,
    "fresh_restarts": True, "fresh_restarts_max_iter": 5, "transform_max_iter": 10, "forget_factor": 0.5, **fixed})
fit_case("kl-fresh", counts, {"beta_loss": "kullback-leibler", "batch_size": 30, "max_iter": 2,
    "fresh_restarts": True, "fresh_restarts_max_iter": 4, "transform_max_iter": 8, **fixed})
# Early stopping on the smoothed cost: stops well before max_iter.
fit_case("no-improvement", dense, {"batch_size": 10, "max_iter": 100, "tol": 0.0, "max_no_improvement": 2})

# partial_fit: three chunks, H after each.
partial = []
for loss in ["frobenius", "kullback-leibler"]:
    X = dense if loss == "frobenius" else counts
    est = MiniBatchNMF(n_components=k, init="custom", beta_loss=loss, tol=0.0, fresh_restarts_max_iter=6,
                       forget_factor=0.6)
    Hs = []
    for c in range(3):
        est.partial_fit(X[c * 20:(c + 1) * 20], W=W0[:20].copy(), H=H0.copy())
        Hs.append(matrix(est.components_))
    partial.append({"loss": loss, "X": matrix(X), "chunkRows": 20, "forgetFactor": 0.6,
                    "freshRestartsMaxIter": 6, "H": Hs, "nSteps": int(est.n_steps_)})

with open("test/fixtures/minibatch/minibatch.json", "w") as f:
    json.dump({"sklearn": sklearn.__version__, "rank": k, "W0": matrix(W0), "H0": matrix(H0),
               "fits": cases, "partialFits": partial}, f)
for c in cases:
    print(c["name"], c["nSteps"], c["nIter"], c["reconstructionError"])
