# scikit-learn's side of bench/init.mjs: loads the sets bench/init.mjs wrote to DIR, then, for each
# line "i" on stdin, times one _initialize_nmf(X_i, k_i, 'nndsvda') and prints the milliseconds.
import json
import os
import sys
import time

import numpy as np
import scipy.sparse as sp
from sklearn.decomposition._nmf import _initialize_nmf

directory = sys.argv[1]
sets = json.load(open(os.path.join(directory, "sets.json")))
matrices = []
for s in sets:
    path = lambda part: os.path.join(directory, f"{s['id']}.{part}")
    if s["format"] == "dense":
        X = np.fromfile(path("data"), dtype=np.float32).reshape(s["rows"], s["cols"])
    else:
        X = sp.csr_matrix((np.fromfile(path("data"), dtype=np.float32), np.fromfile(path("indices"), dtype=np.int32),
                           np.fromfile(path("indptr"), dtype=np.int32)), shape=(s["rows"], s["cols"]))
    matrices.append((X, s["k"]))
print("ready", flush=True)
for line in sys.stdin:
    X, k = matrices[int(line)]
    start = time.perf_counter()
    _initialize_nmf(X, k, init="nndsvda", random_state=0)
    print(f"{(time.perf_counter() - start) * 1000:.4f}", flush=True)
