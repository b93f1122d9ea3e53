#!/usr/bin/python3
"""Reference vectors for NeuroRT's offline fitting code (CSP, Riemannian mean) and the online `csp` stage.

Run with Debian's interpreter (python3-numpy, python3-scipy, python3-mne):
    /usr/bin/python3 tools/reference/fitting_reference.py
It writes tests/NeuroRT.Dsp.Tests/Fixtures/fitting_reference.json:
  epochs:     two classes of deterministic 6-channel float32 epochs (base64, little-endian, sample-major),
              with per-epoch amplitude changes and offsets, so that the epoch normalisation and the mean
              removal both matter;
  csp:        the classic CSP (Ramoser et al. 2000): each epoch's covariance (mean removed, / (N - 1)) divided by
              its trace, averaged per class, each class mean divided by its trace, then
              scipy.linalg.eigh(C1, C1 + C2); all filters in descending eigenvalue order, each signed so that its
              largest-magnitude weight is positive, and the patterns (columns of the filters' inverse) signed alike;
  mne:        mne.decoding.CSP(cov_est='epoch', norm_trace=True) on the same epochs, centred per epoch (MNE's
              covariance assumes centred data): NeuroRT's plain (unnormalised) epoch average; reordered and signed
              as above, with the eigenvalues w' C1 w of MNE's own class covariances;
  features:   log(var_k / sum_j var_j) of each epoch projected on the 2 + 2 classic filters (var with ddof=1);
  riemann:    SPD matrices (the epochs' covariances shrunk by 0.1) and their affine-invariant mean by the fixed-point
              iteration (start: arithmetic mean; T = mean_i logm(M^-1/2 C_i M^-1/2); M <- M^1/2 expm(T) M^1/2;
              stop when ||T||_F <= tol or after max_iter updates), with sqrtm/logm/expm through numpy.linalg.eigh.
"""
import base64
import json
import os

import mne
import numpy as np
import scipy
from scipy import linalg

mne.set_log_level("ERROR")
rng = np.random.default_rng(20261207)
n_channels, n_samples, per_class = 6, 200, 12

# Six sources mixed into six channels; class 1 has more power in source 0 and less in source 5, class 2 the reverse.
mixing = rng.standard_normal((n_channels, n_channels)) + 2 * np.eye(n_channels)
gains = {0: np.array([3.0, 1, 1, 1, 1, 0.4]), 1: np.array([0.4, 1, 1, 1, 1, 3.0])}
epochs, labels = [], []
for label in (0, 1):
    for _ in range(per_class):
        sources = rng.standard_normal((n_channels, n_samples)) * gains[label][:, None]
        x = mixing @ sources * rng.uniform(0.5, 2.0) + rng.uniform(-20, 20, (n_channels, 1))
        epochs.append(x.astype(np.float32))  # channels x samples
        labels.append(label)
X = np.stack(epochs)
y = np.array(labels)
X64 = X.astype(np.float64)


def sign_normalise(filters, patterns):
    filters, patterns = filters.copy(), patterns.copy()
    for k in range(filters.shape[0]):
        if filters[k, np.argmax(np.abs(filters[k]))] < 0:
            filters[k] *= -1
            patterns[k] *= -1
    return filters, patterns


def epoch_cov(x):
    return np.cov(x, ddof=1)  # rows = channels; mean removed


def class_means(normalise_epochs):
    means = []
    for label in (0, 1):
        covs = [epoch_cov(x) for x in X64[y == label]]
        if normalise_epochs:
            covs = [c / np.trace(c) for c in covs]
        m = np.mean(covs, axis=0)
        means.append(m / np.trace(m))
    return means


c1, c2 = class_means(True)
values, vectors = linalg.eigh(c1, c1 + c2)
order = np.argsort(values)[::-1]
values, filters = values[order], vectors[:, order].T
patterns = np.linalg.inv(filters).T  # row k = pattern of component k
filters, patterns = sign_normalise(filters, patterns)
csp = {"eigenvalues": values.tolist(), "filters": filters.tolist(), "patterns": patterns.tolist()}

# MNE on the epochs centred in float64 (its empirical covariance is x x' / N, assume_centred).
centred = X64 - X64.mean(axis=2, keepdims=True)
model = mne.decoding.CSP(n_components=n_channels, cov_est="epoch", norm_trace=True, component_order="alternate", log=True)
model.fit(centred, y)
mne_covs, _ = model._compute_covariance_matrices(centred, y)
mne_values = np.einsum("ki,ij,kj->k", model.filters_, mne_covs[0], model.filters_)
mne_order = np.argsort(mne_values)[::-1]
mne_filters, mne_patterns = sign_normalise(model.filters_[mne_order], model.patterns_[mne_order])
mne_ref = {"eigenvalues": mne_values[mne_order].tolist(), "filters": mne_filters.tolist(), "patterns": mne_patterns.tolist()}

# Features of the classic 2 + 2 filters on every epoch.
picked = np.vstack([filters[:2], filters[-2:]])
features = []
for x in X64:
    v = np.var(picked @ x, axis=1, ddof=1)
    features.append(np.log(v / v.sum()).tolist())


def eig_function(m, f):
    w, v = np.linalg.eigh(m)
    return (v * f(w)) @ v.T


def riemann_mean(mats, tol, max_iter):
    m = np.mean(mats, axis=0)
    crit, iterations = np.inf, 0
    while iterations < max_iter:
        half = eig_function(m, np.sqrt)
        inv_half = eig_function(m, lambda w: 1 / np.sqrt(w))
        t = np.mean([eig_function(inv_half @ c @ inv_half, np.log) for c in mats], axis=0)
        m = half @ eig_function(t, np.exp) @ half
        m = (m + m.T) / 2
        iterations += 1
        crit = np.linalg.norm(t, "fro")
        if crit <= tol:
            break
    return m, iterations, crit


shrinkage = 0.1
spd = []
for x in X64:
    c = epoch_cov(x)
    spd.append((1 - shrinkage) * c + shrinkage * np.trace(c) / n_channels * np.eye(n_channels))
riemann = []
for tol, max_iter in ((1e-10, 50), (1e-10, 2)):
    mean, iterations, crit = riemann_mean(spd, tol, max_iter)
    riemann.append({"tolerance": tol, "max_iterations": max_iter, "mean": mean.tolist(),
                    "iterations": iterations, "criterion": crit, "converged": bool(crit <= tol)})

# Two matrices: the mean is the geodesic midpoint A #_1/2 B, a closed form independent of the iteration.
a, b = spd[0], spd[per_class]
a_half, a_inv_half = eig_function(a, np.sqrt), eig_function(a, lambda w: 1 / np.sqrt(w))
midpoint = a_half @ eig_function(a_inv_half @ b @ a_inv_half, np.sqrt) @ a_half

sample_major = np.transpose(X, (0, 2, 1)).astype("<f4")  # epochs x samples x channels
out = {
    "generator": f"numpy {np.__version__}, scipy {scipy.__version__}, mne {mne.__version__}",
    "epochs": {"channels": n_channels, "samples": n_samples, "labels": y.tolist(),
               "float32": base64.b64encode(sample_major.tobytes()).decode()},
    "csp": csp,
    "mne": mne_ref,
    "features": features,
    "riemann": {"shrinkage": shrinkage, "matrices": [m.tolist() for m in spd], "means": riemann,
                "midpoint": {"a": 0, "b": per_class, "mean": midpoint.tolist()}},
}
path = os.path.join(os.path.dirname(__file__), "..", "..", "tests", "NeuroRT.Dsp.Tests", "Fixtures", "fitting_reference.json")
with open(path, "w") as f:
    json.dump(out, f, separators=(",", ":"))
print(f"wrote {os.path.normpath(path)} ({os.path.getsize(path)} bytes)")
