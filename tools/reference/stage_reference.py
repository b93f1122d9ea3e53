#!/usr/bin/python3
"""Reference vectors for NeuroRT's simpler stages: log-variance, line-length, energy (on the window stage's windows),
car, bipolar (incl. the CHB-MIT double banana), project, pick, window and epochs.

Run with Debian's interpreter (python3-numpy):
    /usr/bin/python3 tools/reference/stage_reference.py
It writes tests/NeuroRT.Dsp.Tests/Fixtures/stage_reference.json:
  signal:    a seeded 19-channel 10-20 EEG recording at 256 Hz, 10007 samples (not a multiple of any block size the
             tests use), as int16 codes of 0.125 uV (little-endian, sample-major, base64) like an EDF's digital values,
             so the float32 input (code * 0.125) is exact; plus a marker channel MARKER (last) given as
             [sample, code] events (codes are any non-zero number: negative, fractional, consecutive samples,
             one too early for the epochs' pre time, one whose epoch would end after the data).
             The recording has a common-mode hum and drift (what car removes), occipital alpha, central mu, frontal
             blinks, a left-temporal 3 Hz spike-wave burst, a flat (disconnected) T8 stretch, and a 2500 uV DC
             offset on O2 (what the two-pass variance must survive).
  windows:   per (length, step) in samples (and in seconds, dyadic so the stage's rounding is exact; step_s 0 is the
             stage's default, windows that tile), the start of
             every window (the first ends at the length-th sample, then one every step samples) and, on the 19
             EEG channels, float32 of numpy's float64 features per window (windows x 19, row-major):
             log-variance  log(var(x, ddof=1) + floor)       (floor 1e-12 by default; floor 0.5 on the first case)
             line-length   sum |x[t] - x[t-1]| / (N - 1)     (the mean absolute first difference)
             energy        sum x^2 / N                        (the mean square)
  sample-wise stages (car, bipolar, project, pick): per case the parameters, the output channel names (output_names), and
             numpy's output in float32 (float64 maths, rounded once) at samples 0, 17, 34, ... (every
             sample_step-th: the whole output would not fit in the 1 MB budget), all channels including the MARKER
             channel passed through; plus per output channel the mean and RMS of that float32 output over all
             samples (float64), so every sample counts. 'exact' marks outputs that are exact in float32 (pick's
             copies, bipolar's differences of 0.125 uV codes).
  epochs:    per (pre, post) the onsets (every non-zero marker sample with pre samples before it and post from it
             inside the data), their codes, the count skipped for starting before the first sample, and for the
             first case the epochs as int16 codes (epochs x (pre + post) x 19); the budget leaves no room for the
             second case's, whose samples the tests take from the signal at the listed onsets.
Everything is float64 maths on the float32 input.
"""
import base64
import json
import os

import numpy as np

FS = 256.0
N = 10007
SCALE = 0.125  # uV per code: a power of two, so code * SCALE is exact in float32
SAMPLE_STEP = 17  # a prime, so the kept samples fall at every position within blocks of 7, 64 and 1000
NAMES = ["FP1", "F7", "T7", "P7", "O1", "FP2", "F8", "T8", "P8", "O2", "F3", "C3", "P3", "F4", "C4", "P4",
         "FZ", "CZ", "PZ"]
C = len(NAMES)
MARKER = "MARKER"
ALL = NAMES + [MARKER]

rng = np.random.default_rng(20261202)
t = np.arange(N) / FS
weight = {name: {} for name in NAMES}


def w(source, **gains):
    for name, g in gains.items():
        weight[name][source] = g


w("alpha", O1=1.0, O2=0.9, P7=0.5, P8=0.5, P3=0.6, P4=0.6, PZ=0.7, T7=0.2, T8=0.2)
w("mu", C3=1.0, C4=0.8, CZ=0.5, F3=0.2, F4=0.2, P3=0.3, P4=0.3)
w("blink", FP1=1.0, FP2=1.0, F7=0.5, F8=0.5, F3=0.4, F4=0.4, FZ=0.35)
w("spikes", T7=1.0, F7=0.7, P7=0.6, C3=0.3, O1=0.2)

sources = {}
sources["alpha"] = (25 + 12 * np.sin(2 * np.pi * 0.07 * t)) * np.sin(2 * np.pi * 10.2 * t + 0.3)
sources["mu"] = (10 + 6 * np.sin(2 * np.pi * 0.11 * t + 1)) * np.sin(2 * np.pi * 11.7 * t)
blink = np.zeros(N)
for onset in rng.choice(N - 200, 12, replace=False):
    k = np.arange(200)
    blink[onset:onset + 200] += 150 * np.exp(-0.5 * ((k - 60) / 18.0) ** 2)
sources["blink"] = blink
spikes = np.zeros(N)
burst = (t >= 6000 / FS) & (t < 7500 / FS)
phase = (t * 3.0) % 1.0
spikes[burst] = (-220 * np.exp(-0.5 * ((phase[burst] - 0.2) / 0.025) ** 2)
                 + 80 * np.sin(2 * np.pi * phase[burst]))
sources["spikes"] = spikes
common = 20 * np.sin(2 * np.pi * 50 * t) + 40 * np.sin(2 * np.pi * 0.05 * t)

x = np.empty((N, C))
for c, name in enumerate(NAMES):
    s = common + 8 * rng.standard_normal(N) + rng.uniform(-40, 40)
    for source, g in weight[name].items():
        s = s + g * sources[source]
    x[:, c] = s
x[:, NAMES.index("O2")] += 2500.0
x[4000:5000, NAMES.index("T8")] = 37.5  # electrode off: a flat stretch, whole windows of it
codes = np.clip(np.round(x / SCALE), -32768, 32767).astype(np.int16)
signal = codes.astype(np.float32) * np.float32(SCALE)  # the input, exactly
x64 = signal.astype(np.float64)

markers = np.zeros(N)
events = [(20, 3.0), (300, 1.0), (301, 2.0), (999, 4.0), (1000, 5.0), (2047, 1.0), (2100, 2.0), (4500, 7.0),
          (5000, -4.0), (6100, 2.5), (7000, 9.0), (8191, 1.0), (9900, 3.0), (9990, 6.0)]
for i, code in events:
    markers[i] = code
full = np.concatenate([signal, markers.astype(np.float32)[:, None]], axis=1)  # the 20-channel input


def b64(a, dtype="<f4"):
    return base64.b64encode(np.ascontiguousarray(a, dtype=dtype).tobytes()).decode()


def starts(length, step):
    return list(range(0, N - length + 1, step))


# --- windows and the window features ---
windows = []
for length, step in ((256, 64), (301, 97), (128, 128), (100, 300)):
    first = starts(length, step)
    seg = np.stack([x64[s:s + length] for s in first])  # windows x length x C
    var = seg.var(axis=1, ddof=1)
    case = {"length": length, "step": step, "length_s": length / FS, "step_s": 0.0 if step == length else step / FS,
            "starts": first,
            "log_variance": b64(np.log(var + 1e-12)),
            **({"log_variance_floor": 0.5, "log_variance_floored": b64(np.log(var + 0.5))} if not windows else {}),
            "line_length": b64(np.abs(np.diff(seg, axis=1)).sum(axis=1) / (length - 1)),
            "energy": b64((seg ** 2).sum(axis=1) / length)}
    windows.append(case)

# --- sample-wise stages ---
sampled = np.arange(0, N, SAMPLE_STEP)


def sample_case(params, names, out64, exact):
    out32 = out64.astype(np.float32)
    o = out32.astype(np.float64)
    return {**params, "output_names": names, "exact": exact, "output": b64(out32[sampled]),
            "mean": o.mean(axis=0).tolist(), "rms": np.sqrt((o ** 2).mean(axis=0)).tolist()}


def idx(name):
    return ALL.index(name.upper().rstrip("."))


def with_marker(y):
    return np.concatenate([y, markers[:, None]], axis=1)


car = []
for reference in ([], ["C3", "C4", "CZ", "P3", "P4", "PZ", "F3", "F4", "FZ"]):
    cols = [idx(r) for r in reference] if reference else list(range(C))
    mean = x64[:, cols].sum(axis=1) / len(cols)
    car.append(sample_case({"channels": reference}, ALL, with_marker(x64 - mean[:, None]), False))

DOUBLE_BANANA = ["FP1-F7", "F7-T7", "T7-P7", "P7-O1", "FP1-F3", "F3-C3", "C3-P3", "P3-O1", "FP2-F4",
                 "F4-C4", "C4-P4", "P4-O2", "FP2-F8", "F8-T8", "T8-P8", "P8-O2", "FZ-CZ", "CZ-PZ"]
bipolar = []
for montage, pairs in (("double-banana", []), ("", ["C3-C4", "Cz-T8", "o2-O1"])):
    use = DOUBLE_BANANA if montage else pairs
    # Differences of int16 codes are exact, and so is float32's subtraction of the two inputs.
    y = np.stack([(codes[:, idx(p.split("-")[0])].astype(np.int32) - codes[:, idx(p.split("-")[1])]) * SCALE
                  for p in use], axis=1)
    names = [f"{ALL[idx(p.split('-')[0])]}-{ALL[idx(p.split('-')[1])]}" for p in use]
    bipolar.append(sample_case({"montage": montage, "pairs": pairs}, names + [MARKER], with_marker(y), True))

project = []
prng = np.random.default_rng(7)
for rows, columns, names in ((3, [], []), (2, ["CZ", "C3", "C4", "FZ", "PZ", "O1", "O2"], ["left", "right"])):
    cols = [idx(c) for c in columns] if columns else list(range(C))
    m = np.round(prng.standard_normal((rows, len(cols))), 6)
    out_names = names or [f"comp{r + 1}" for r in range(rows)]
    project.append(sample_case({"matrix": m.tolist(), "channels": columns, "names": names}, out_names + [MARKER],
                               with_marker(x64[:, cols] @ m.T), False))

pick = []
for chosen in (["Cz", "C3", "c4", "O2", MARKER, "FP1", "T8"], ["PZ"]):
    cols = [idx(c) for c in chosen]
    pick.append(sample_case({"channels": chosen}, [ALL[i] for i in cols], full.astype(np.float64)[:, cols], True))

# --- epochs ---
epochs = []
for pre, post in ((32, 64), (0, 77)):
    onsets = [i for i, code in events if i - pre >= 0 and i + post <= N]
    skipped = sum(1 for i, _ in events if i - pre < 0)
    case = {"pre": pre, "post": post, "pre_s": pre / FS, "post_s": post / FS, "onsets": onsets,
            "codes": [float(markers[i]) for i in onsets], "skipped": skipped}
    if not epochs:  # the first case's epochs in full (the budget has no room for the second's: its data are the input's)
        case["epochs"] = b64(np.stack([codes[i - pre:i + post] for i in onsets]), "<i2")
    epochs.append(case)

out = {
    "generator": "tools/reference/stage_reference.py",
    "numpy": np.__version__,
    "signal": {"fs": FS, "samples": N, "scale": SCALE, "unit": "uV", "channels": NAMES, "marker": MARKER,
               "codes": b64(codes, "<i2"), "markers": [[i, code] for i, code in events]},
    "windows": windows,
    "sample_step": SAMPLE_STEP,
    "car": car,
    "bipolar": bipolar,
    "project": project,
    "pick": pick,
    "epochs": epochs,
}
path = os.path.join(os.path.dirname(__file__), "..", "..", "tests", "NeuroRT.Dsp.Tests", "Fixtures", "stage_reference.json")
with open(path, "w") as f:
    json.dump(out, f, separators=(",", ":"))
print(f"wrote {os.path.normpath(path)} ({os.path.getsize(path) // 1024} KB)")
for key in out:
    print(f"  {key}: {len(json.dumps(out[key], separators=(',', ':'))) // 1024} KB")
