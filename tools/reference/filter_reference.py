#!/usr/bin/python3
"""Reference vectors for NeuroRT's filter design and streaming filters, from SciPy.

Run with Debian's interpreter (python3-scipy, python3-numpy):
    /usr/bin/python3 tools/reference/filter_reference.py
It writes tests/NeuroRT.Dsp.Tests/Fixtures/filter_reference.json:
  designs: every request (family, band type, order, frequencies, ripple/attenuation, fs) with
           SciPy's second-order sections (butter/cheby1/cheby2 output='sos', iirnotch as one section);
  signals: a deterministic multichannel float32 input (base64, little-endian, sample-major) and,
           per filter, SciPy's sosfilt output on it computed in float64 (stored as float32).
"""
import base64
import json
import os

import numpy as np
import scipy
from scipy import signal

FS = 250.0
designs = []


def add(family, btype, order, freqs, fs=FS, rp=None, rs=None):
    wn = freqs if len(freqs) > 1 else freqs[0]
    if family == "butterworth":
        sos = signal.butter(order, wn, btype=btype, fs=fs, output="sos")
    elif family == "chebyshev1":
        sos = signal.cheby1(order, rp, wn, btype=btype, fs=fs, output="sos")
    else:
        sos = signal.cheby2(order, rs, wn, btype=btype, fs=fs, output="sos")
    designs.append({"family": family, "type": btype, "order": order, "frequencies": list(freqs), "fs": fs,
                    "ripple": rp, "attenuation": rs, "sos": sos.tolist()})


for family, extra in (("butterworth", {}), ("chebyshev1", {"rp": 1.0}), ("chebyshev2", {"rs": 40.0})):
    for order in (1, 2, 3, 4, 5, 8):
        add(family, "lowpass", order, [30.0], **extra)
        add(family, "highpass", order, [0.5], **extra)
        add(family, "bandpass", order, [8.0, 30.0], **extra)
        add(family, "bandstop", order, [48.0, 52.0], **extra)
    add(family, "lowpass", 6, [100.0], fs=1000.0, **extra)
    add(family, "bandpass", 4, [0.5, 45.0], fs=160.0, **extra)
    add(family, "highpass", 7, [1.0], fs=5000.0, **extra)

notches = []
for f0, q, fs in ((50.0, 30.0, 250.0), (60.0, 35.0, 500.0), (50.0, 5.0, 1000.0)):
    b, a = signal.iirnotch(f0, q, fs=fs)
    notches.append({"frequency": f0, "q": q, "fs": fs, "b": b.tolist(), "a": a.tolist()})

# A 3-channel test signal at 250 Hz, 10000 samples: sinusoids across the band plus noise and an offset,
# different on every channel, as float32 (what the pipeline carries).
rng = np.random.default_rng(20261201)
n, channels = 10000, 3
t = np.arange(n) / FS
x = np.empty((n, channels), dtype=np.float32)
for c in range(channels):
    x[:, c] = (20 * np.sin(2 * np.pi * (3 + 7 * c) * t) + 10 * np.sin(2 * np.pi * 50 * t + c)
               + 5 * rng.standard_normal(n) + 40 * (c - 1)).astype(np.float32)

filtered = []
for index, d in enumerate(designs):
    # Every family and band type at order 4, plus the 8th-order Butterworth band-pass (the benchmark's filter).
    if d["fs"] != FS or not (d["order"] == 4 or (d["order"] == 8 and d["family"] == "butterworth" and d["type"] == "bandpass")):
        continue
    y = signal.sosfilt(np.array(d["sos"]), x.astype(np.float64), axis=0)
    filtered.append({"design": index, "output": base64.b64encode(y.astype("<f4").tobytes()).decode()})
for index, d in enumerate(notches):
    if d["fs"] != FS:
        continue
    y = signal.lfilter(d["b"], d["a"], x.astype(np.float64), axis=0)
    filtered.append({"notch": index, "output": base64.b64encode(y.astype("<f4").tobytes()).decode()})

# Windowed-sinc FIR designs (firwin) and their causal output (lfilter with a = 1).
firs = []
for taps, cutoff, pass_zero, window in ((31, [30.0], True, "hamming"), (101, [8.0, 30.0], False, "hann"),
                                        (51, [1.0], False, "blackman"), (41, [48.0, 52.0], True, "boxcar")):
    h = signal.firwin(taps, cutoff if len(cutoff) > 1 else cutoff[0], window=window, pass_zero=pass_zero, fs=FS)
    band = {(True, 1): "lowpass", (False, 1): "highpass", (False, 2): "bandpass", (True, 2): "bandstop"}[(pass_zero, len(cutoff))]
    y = signal.lfilter(h, [1.0], x.astype(np.float64), axis=0)
    firs.append({"taps": taps, "cutoff": cutoff, "band": band, "window": window, "h": h.tolist(),
                 "output": base64.b64encode(y.astype("<f4").tobytes()).decode()})

# Comb filters (iircomb) and their output.
combs = []
for f0, q, ftype, pass_zero in ((50.0, 30.0, "notch", False), (25.0, 10.0, "peak", True), (50.0, 20.0, "notch", True)):
    b, a = signal.iircomb(f0, q, ftype=ftype, fs=FS, pass_zero=pass_zero)
    y = signal.lfilter(b, a, x.astype(np.float64), axis=0)
    combs.append({"frequency": f0, "q": q, "type": ftype, "pass_zero": pass_zero, "b": b.tolist(), "a": a.tolist(),
                  "output": base64.b64encode(y.astype("<f4").tobytes()).decode()})

# Welch band power on windows of the signal (2 s windows every 0.5 s; 1 s segments, 50 % overlap, and the
# single-periodogram case), summed over the bins inside each band times the bin width.
bandpowers = []
for nperseg in (250, 500):
    bands = [[8.0, 12.0], [13.0, 30.0], [0.0, 4.0], [49.0, 51.0]]
    rows = []
    for start in range(0, n - 500 + 1, 125):
        seg = x[start:start + 500].astype(np.float64)
        f, pxx = signal.welch(seg, fs=FS, nperseg=nperseg, axis=0)
        df = f[1] - f[0]
        row = []
        for c in range(channels):
            for lo, hi in bands:
                mask = (f >= lo - 1e-9) & (f <= hi + 1e-9)
                row.append(float(pxx[mask, c].sum() * df))
        rows.append(row)
    bandpowers.append({"window": 500, "step": 125, "segment": nperseg, "bands": bands, "power": rows})

# Spectral edge frequency (SEF95 over 0.5-30 Hz) of the same 2 s windows, from one periodogram per window.
edges = []
for start in range(0, n - 500 + 1, 125):
    f, pxx = signal.welch(x[start:start + 500].astype(np.float64), fs=FS, nperseg=500, axis=0)
    mask = (f >= 0.5 - 1e-9) & (f <= 30.0 + 1e-9)
    row = []
    for c in range(channels):
        p = pxx[mask, c]
        cum = np.cumsum(p)
        row.append(float(f[mask][np.argmax(cum >= 0.95 * cum[-1])]))
    edges.append(row)

# Covariance of 2 s windows (numpy's cov, N - 1), with shrinkage 0 and 0.1 towards (trace / n) I.
covariances = []
for shrinkage in (0.0, 0.1):
    rows = []
    for start in range(0, n - 500 + 1, 125):
        c = np.cov(x[start:start + 500].astype(np.float64).T)
        c = (1 - shrinkage) * c + shrinkage * np.trace(c) / channels * np.eye(channels)
        rows.append(c.reshape(-1).tolist())
    covariances.append({"shrinkage": shrinkage, "matrices": rows})

# Tangent space of the shrunk covariances (shrinkage 0.1) at the identity and at the mean of the first ten.
def spd_function(m, f):
    w, v = np.linalg.eigh(m)
    return (v * f(w)) @ v.T

shrunk = [np.array(r).reshape(channels, channels) for r in covariances[1]["matrices"]]
reference = sum(shrunk[:10]) / 10
tangents = []
for ref in (None, reference):
    whitener = np.eye(channels) if ref is None else spd_function(ref, lambda w: 1 / np.sqrt(w))
    rows = []
    for c in shrunk:
        s_ = spd_function(whitener @ c @ whitener, np.log)
        iu = np.triu_indices(channels)
        coef = np.where(iu[0] == iu[1], 1.0, np.sqrt(2))
        rows.append((s_[iu] * coef).tolist())
    tangents.append({"reference": None if ref is None else ref.tolist(), "vectors": rows})

# Causal decimation (SciPy's default IIR anti-alias filter, applied forward only).
decimated = []
for q in (2, 4, 5):
    y = signal.decimate(x.astype(np.float64), q, ftype="iir", zero_phase=False, axis=0)
    decimated.append({"factor": q, "output": base64.b64encode(y.astype("<f4").tobytes()).decode()})

# Group delay (samples) at a few in-band frequencies, from the transfer function of each 250 Hz design.
delays = []
for index, d in enumerate(designs):
    if d["fs"] != FS or d["order"] != 4:
        continue
    b, a = signal.sos2tf(np.array(d["sos"]))
    freqs = {"lowpass": [5.0, 20.0], "highpass": [10.0, 60.0], "bandpass": [12.0, 20.0], "bandstop": [20.0, 80.0]}[d["type"]]
    _, gd = signal.group_delay((b, a), w=freqs, fs=FS)
    delays.append({"design": index, "frequencies": freqs, "samples": gd.tolist()})

out = {
    "group_delays": delays,
    "decimated": decimated,
    "firs": firs,
    "combs": combs,
    "bandpowers": bandpowers,
    "spectral_edges": edges,
    "covariances": covariances,
    "tangents": tangents,
    "generator": "tools/reference/filter_reference.py",
    "scipy": scipy.__version__,
    "numpy": np.__version__,
    "designs": designs,
    "notches": notches,
    "signal": {"fs": FS, "samples": n, "channels": channels, "float32": base64.b64encode(x.astype("<f4").tobytes()).decode()},
    "filtered": filtered,
}
path = os.path.join(os.path.dirname(__file__), "..", "..", "tests", "NeuroRT.Dsp.Tests", "Fixtures", "filter_reference.json")
with open(path, "w") as f:
    json.dump(out, f, indent=0)
print(f"wrote {path}: {len(designs)} designs, {len(notches)} notches, {len(filtered)} filtered signals")
