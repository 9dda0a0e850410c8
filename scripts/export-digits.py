#!/usr/bin/env python3
"""Export scikit-learn's digits (1797 8×8 images, values 0–16) to examples/data/digits.json.

Run with Debian's python3-sklearn: /usr/bin/python3 scripts/export-digits.py
Pixels are one base-17 character each ('0'–'9', 'a'–'g'), row after row; labels one digit each.
"""
import json
from sklearn.datasets import load_digits

d = load_digits()
alphabet = "0123456789abcdefg"
pixels = "".join(alphabet[int(v)] for v in d.data.ravel())
labels = "".join(str(int(t)) for t in d.target)
with open("examples/data/digits.json", "w") as f:
    json.dump({"source": "scikit-learn 1.2 sklearn.datasets.load_digits (UCI optical recognition of handwritten digits)",
               "rows": int(d.data.shape[0]), "cols": int(d.data.shape[1]), "pixels": pixels, "labels": labels}, f)
print(d.data.shape, len(pixels))
