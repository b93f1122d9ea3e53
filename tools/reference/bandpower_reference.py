#!/usr/bin/python3
"""Reference vectors for NeuroRT's band power methods (bandpower's welch/goertzel/hilbert, the envelope stage).

Run with Debian's interpreter (python3-scipy, python3-numpy):
    /usr/bin/python3 tools/reference/bandpower_reference.py
It writes tests/NeuroRT.Dsp.Tests/Fixtures/bandpower_reference.json:
  signal:      a deterministic 3-channel float32 input at 250 Hz, 10000 samples (base64, little-endian,
               sample-major): amplitude-modulated alpha, beta, delta, noise and an offset per channel;
  spectra:     per case (window length, step, segment, taper, bands) the band power of every window as
               SciPy's periodogram (one segment) or welch (shorter segments) summed over the bins in each
               band times the bin width: what goertzel (and welch) must give;
  hilbert:     the filter-Hilbert squared envelope, in float64: per band sosfilt of butter(order, band,
               'bandpass', output='sos') on the whole signal, then np.convolve with a Hamming-windowed ideal
               Hilbert kernel of odd length K (h[m] = 2 / (pi m), m odd, from the centre), the real part
               delayed by (K - 1) / 2 samples; half its mean over every window (the band power) (automatic and explicit taps), the
               envelope |a| of the first band at every sample (float32), and the kernels.
Everything is float64 maths on the float32 input, as the C# side (double state) does.
"""
import base64
import json
import os

import numpy as np
from scipy import signal

FS = 250.0
N, CHANNELS = 10000, 3

rng = np.random.default_rng(20261202)
t = np.arange(N) / FS
x = np.empty((N, CHANNELS), dtype=np.float32)
for c in range(CHANNELS):
    alpha = (15 + 10 * np.sin(2 * np.pi * 0.2 * t + c)) * np.sin(2 * np.pi * (10 + 0.5 * c) * t)
    beta = 8 * np.sin(2 * np.pi * (20 + 3 * c) * t + c)
    x[:, c] = (alpha + beta + 6 * np.sin(2 * np.pi * 2 * t) + 4 * rng.standard_normal(N)
               + 30 * (c - 1)).astype(np.float32)
x64 = x.astype(np.float64)


def b64(a):
    return base64.b64encode(np.ascontiguousarray(a, dtype="<f4").tobytes()).decode()


def starts(length, step):
    # The window stage's windows: the first ends at the length-th sample, then one every step samples.
    return range(0, N - length + 1, step)


def band_sum(f, pxx, bands):
    df = f[1] - f[0]
    row = []
    for c in range(CHANNELS):
        for lo, hi in bands:
            mask = (f >= lo - 1e-9) & (f <= hi + 1e-9)
            row.append(float(pxx[mask, c].sum() * df))
    return row


spectra = []
for length, step, segment, taper, bands in (
        (500, 125, 500, "hann", [[8.0, 12.0], [13.0, 30.0], [0.0, 4.0], [49.0, 51.0], [100.0, 125.0]]),
        (500, 125, 500, "boxcar", [[8.0, 12.0], [13.0, 30.0], [0.0, 4.0], [100.0, 125.0]]),
        (375, 125, 375, "hann", [[8.0, 12.0], [13.0, 30.0], [0.0, 4.0], [120.0, 125.0]]),
        (500, 125, 250, "hann", [[8.0, 12.0], [13.0, 30.0], [0.0, 4.0], [49.0, 51.0]])):
    rows = []
    for s in starts(length, step):
        seg = x64[s:s + length]
        if segment == length:
            f, pxx = signal.periodogram(seg, fs=FS, window=taper, detrend="constant", scaling="density", axis=0)
        else:
            f, pxx = signal.welch(seg, fs=FS, window=taper, nperseg=segment, axis=0)
        rows.append(band_sum(f, pxx, bands))
    spectra.append({"window": length, "step": step, "segment": segment, "taper": taper, "bands": bands, "power": rows})


def hilbert_kernel(taps):
    m = np.arange(taps) - (taps - 1) // 2
    h = np.zeros(taps)
    odd = m % 2 != 0
    h[odd] = 2 / (np.pi * m[odd])
    return h * np.hamming(taps)  # symmetric Hamming, as firwin's


def automatic_taps(lo, hi):
    # Smallest odd K >= 2 fs / d (d: the band's distance to 0 Hz or Nyquist), at least 13.
    k = int(np.ceil(2 * FS / min(lo, FS / 2 - hi) - 1e-9)) | 1
    return max(13, k)


def squared_envelope(lo, hi, order, taps):
    sos = signal.butter(order, [lo, hi], btype="bandpass", fs=FS, output="sos")
    y = signal.sosfilt(sos, x64, axis=0)
    h = hilbert_kernel(taps)
    delay = (taps - 1) // 2
    quadrature = np.stack([np.convolve(y[:, c], h)[:N] for c in range(CHANNELS)], axis=1)
    real = np.concatenate([np.zeros((delay, CHANNELS)), y[:N - delay]])
    return real ** 2 + quadrature ** 2


ORDER = 4
BANDS = [[8.0, 12.0], [13.0, 30.0]]
hilbert = {"order": ORDER, "bands": BANDS, "window": 500, "step": 125, "means": [],
           "kernels": [{"taps": k, "h": hilbert_kernel(k).tolist()} for k in sorted({automatic_taps(*b) for b in BANDS})]}
for explicit in (0, 31):
    taps = [explicit or automatic_taps(lo, hi) for lo, hi in BANDS]
    power = [squared_envelope(lo, hi, ORDER, k) for (lo, hi), k in zip(BANDS, taps)]
    rows = []
    for s in starts(500, 125):
        rows.append([float(power[b][s:s + 500, c].mean() / 2) for c in range(CHANNELS) for b in range(len(BANDS))])
    hilbert["means"].append({"taps": explicit, "band_taps": taps, "power": rows})
    if explicit == 0:
        hilbert["envelope"] = {"band": BANDS[0], "taps": taps[0], "output": b64(np.sqrt(power[0]))}

out = {
    "generator": "tools/reference/bandpower_reference.py",
    "numpy": np.__version__,
    "scipy": __import__("scipy").__version__,
    "signal": {"fs": FS, "samples": N, "channels": CHANNELS, "float32": b64(x)},
    "spectra": spectra,
    "hilbert": hilbert,
}
path = os.path.join(os.path.dirname(__file__), "..", "..", "tests", "NeuroRT.Dsp.Tests", "Fixtures", "bandpower_reference.json")
with open(path, "w") as f:
    json.dump(out, f, separators=(",", ":"))
print(f"wrote {os.path.normpath(path)} ({os.path.getsize(path) // 1024} KB)")
