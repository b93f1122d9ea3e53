#!/usr/bin/python3
"""Train NeuroRT's integer spiking decoder for the NeuroCoreX board: left vs right fist, EEGMMIDB subject S001.

Features are computed by NeuroRT itself: for every recording the script writes a small pipeline (edf source with the
T1/T2 annotations as markers -> epochs 0..4 s after each cue -> pick 6 sensorimotor channels -> log band power
8-13 Hz and 13-30 Hz, Welch 1 s segments) and runs it with the `neurort` CLI into a JSON-lines file, so the numbers the
network is trained on are exactly those the `snn` stage sees online.

The network is what the board computes with its input (FF) synapses only (no recurrent weights): the rate encoder of
src/NeuroRT.Snn/Coding/RateEncoder.cs turns the 12 features into at most 5 events each over T = 64 timesteps (one input
per timestep; empty timesteps get an event to a silent input, as the snn stage does), and each output neuron integrates
G(w * g) per event (int8 w, gain g, Q7.10 potential), spikes at its threshold and resets to 0. `NcxFfSim` below is an
exact integer simulation of that path (spec shared/specs/neurocorex.md section 7.3/7.4 with all AA weights 0, including
the FF-zeroing of neuron k+1 when neuron k spikes and the register "keep" case of timesteps without input); a C# test
checks it spike for spike against the virtual board (NcxBoard) on random networks (fixture written by --fixture).

Training: logistic regression (numpy, full batch) on the encoded event counts, weights scaled and rounded to int8,
then the scale and the output thresholds are chosen by the integer simulation's accuracy on the training runs.
Held out: run R04 (imagined left/right fist, samples/S001R04.edf, 15 trials); trained on R03, R07, R11 (real
left/right fist movement) and R08 (imagined). The held-out accuracy reported is the integer simulation's.

    /usr/bin/python3 models/train_snn_neurocorex.py --data ../shared/data
    /usr/bin/python3 models/train_snn_neurocorex.py --fixture tests/NeuroRT.Snn.Tests/Stage/ff-sim-fixture.json

Writes models/snn-mi/network.yaml, models/snn-mi/reference.json (per-trial held-out predictions) and
models/snn-mi/metrics.json.
"""
import argparse
import json
import math
import os
import random
import subprocess
import sys
import tempfile

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

CHANNELS = ["Fc3", "C3", "Cp3", "Fc4", "C4", "Cp4"]
BANDS = [(8, 13), (13, 30)]
TRAIN_RUNS = ["R03", "R07", "R08", "R11"]
HELD_OUT_RUNS = ["R04"]
CLASSES = ["left", "right"]          # T1 = left fist, T2 = right fist in these runs
T = 64                               # timesteps per trial
MAX_EVENTS = 5                       # per input: 12 inputs x 5 <= 64
PER_CLASS = 4                        # output neurons per class
GAIN = 1
SEED = 20261202

Q = 1024
NEURONS = 90
SIZE = 96


def feature_names():
    return [f"{c}:{lo}-{hi}Hz" for c in CHANNELS for (lo, hi) in BANDS]


# ----------------------------------------------------------------------------- exact integer model (FF path, AA = 0)
def wrap18(x):
    return ((x + (1 << 17)) & ((1 << 18) - 1)) - (1 << 17)


def scale_g(p):
    """Spec 7.1: keep the sign of the product and its low 7 bits, as Q7.10."""
    return ((p % 128) - (128 if p < 0 else 0)) * Q


class NcxFfSim:
    """The board's neuron core with all AA weights 0 (so every recurrent current is 0), timestep by timestep,
    slot by slot, following spec 7.3 and the alignment table of 7.4. State that leaks across runs (refractory
    counters, the spike counts S of the last complete timestep) is kept between runs like the board keeps it."""

    def __init__(self, ff, threshold, refractory, gain, leak, bias=0, n_debug=0):
        self.ff = ff                        # [96][96] ints, row = neuron + 6, column = input address
        self.th = list(threshold)           # 96 slots, Q7.10
        self.rmax = list(refractory)        # 96 slots
        self.g = gain
        self.leak = leak
        self.bias = bias
        self.n_debug = n_debug
        self.r = [0] * SIZE
        self.s_prev = [0] * SIZE            # S of the last complete timestep

    def run(self, timesteps, addresses):
        """One batch run. timesteps[i] = timestep consuming addresses[i], strictly increasing; the last event is the
        run's end (never applied). Returns a list of tau_n - 1 frames, each the list of neurons that spiked."""
        consumed = dict(zip(timesteps, addresses))
        last = timesteps[-1]
        v = [0] * NEURONS
        frames = []
        in_prev, f_prev = 0, None
        s_prev = self.s_prev
        for t in range(1, last):
            s_cur = [0] * SIZE
            spikes = []
            iff = 0
            for s in range(SIZE):
                spike = False
                if 4 <= s <= 93:
                    k = s - 4
                    u = wrap18(v[k] + (self.bias if s == self.n_debug + 3 else 0))
                    spike = u >= self.th[s] and self.r[s] == 0
                    v[k] = 0 if spike else wrap18(u - self.leak + iff)
                    if spike:
                        spikes.append(k)
                # register update of slot s (7.3, 7.4); rows 0-5 of FF are 0 in every image, so slots 1, 2 only ever
                # load 0 and their "two timesteps ago" gates do not matter.
                if s == 0 or s >= 93:
                    si, fs, ins = 0 if s != 93 else s_prev[94], 0, in_prev
                else:
                    si = s_prev[s + 1]
                    ins = in_prev
                    fs = f_prev[s + 3] if f_prev is not None else 0
                if s == 0 or s >= 94:
                    si = 0
                if ins == 1:
                    iff = 0 if spike else scale_g(fs * self.g)
                elif not si > 0:
                    iff = 0
                # refractory counter
                if spike:
                    self.r[s] = 1
                elif 1 <= self.r[s] < self.rmax[s]:
                    self.r[s] += 1
                elif self.r[s] >= self.rmax[s]:
                    self.r[s] = 0
                if spike:
                    for j in range(SIZE):
                        if j != s:
                            s_cur[j] += 1
            frames.append(spikes)
            s_prev = s_cur
            if t in consumed:
                a = consumed[t]
                in_prev, f_prev = 1, [self.ff[r][a] for r in range(SIZE)]
            else:
                in_prev, f_prev = 0, None
        self.s_prev = s_prev
        return frames


# ----------------------------------------------------------------------------- rate encoder (RateEncoder.cs)
def rate_counts(values, lo, hi, max_events):
    out = []
    for x, a, b in zip(values, lo, hi):
        f = (float(np.float32(x)) - a) / (b - a)
        if math.isnan(f) or f <= 0:
            out.append(0)
        elif f >= 1:
            out.append(max_events)
        else:
            out.append(int(math.floor(f * max_events + 0.5)))
    return out


def rate_schedule(counts, addresses, timesteps):
    """Events (timestep, address) exactly as RateEncoder.Encode: wanted 1 + floor((2j+1)T/(2n)), order (wanted,
    input), forward pass one per timestep, backward pass inside T."""
    wanted = []
    for t in range(timesteps):
        for i, n in enumerate(counts):
            for j in range(n):
                if (2 * j + 1) * timesteps // (2 * n) == t:
                    wanted.append((t + 1, addresses[i]))
    ts, ad = [], []
    for t, a in wanted:
        t = max(t, ts[-1] + 1) if ts else max(1, t)
        ts.append(t)
        ad.append(a)
    limit = timesteps
    for i in range(len(ts) - 1, -1, -1):
        ts[i] = min(ts[i], limit)
        limit = ts[i] - 1
    return ts, ad


class Schedule:
    """SpikeSchedule.Add: an event lands at its wanted timestep or just after the previous one; past T it is dropped."""

    def __init__(self, timesteps):
        self.T, self.ts, self.ad, self.dropped = timesteps, [], [], 0

    def add(self, t, a):
        t = max(t, self.ts[-1] + 1) if self.ts else max(1, t)
        if t > self.T:
            self.dropped += 1
        else:
            self.ts.append(t)
            self.ad.append(a)


def level(x, step):
    """Quantizer.TryLevel: floor(float32 x / step) in double; None for non-finite."""
    q = float(np.float32(x)) / step
    if not math.isfinite(q):
        return None
    return math.floor(q)


def delta_schedule(window, step, timesteps, up, down):
    """DeltaEncoder.Encode: window = samples x channels (lists); one event per level crossed."""
    sch, ref = Schedule(timesteps), [None] * len(up)
    n_samples = len(window)
    for n, sample in enumerate(window):
        t = 1 + n * timesteps // n_samples
        for c in range(len(up)):
            q = level(sample[c], step)
            if q is None:
                continue
            if ref[c] is None:
                ref[c] = q
                continue
            d, ref[c] = q - ref[c], q
            for _ in range(abs(d)):
                sch.add(t, up[c] if d > 0 else down[c])
    return sch


def adm_schedule(window, step, threshold, refractory, timesteps, up, down):
    """AdmEncoder.Encode: tracking reference, one event per channel per sample at most, deaf after an event."""
    sch, ref, deaf = Schedule(timesteps), [None] * len(up), [0] * len(up)
    n_samples = len(window)
    for n, sample in enumerate(window):
        t = 1 + n * timesteps // n_samples
        for c in range(len(up)):
            q = level(sample[c], step)
            if q is None:
                continue
            if ref[c] is None:
                ref[c] = q
                continue
            if deaf[c] > 0:
                deaf[c] -= 1
                continue
            d = q - ref[c]
            if d >= threshold or d <= -threshold:
                sch.add(t, up[c] if d > 0 else down[c])
                ref[c], deaf[c] = q, refractory
    return sch


def write_coding_fixture(path):
    """Random feature vectors and sample windows with the schedules the three encoders must produce."""
    rng = random.Random(SEED + 1)
    cases = []
    for i in range(60):
        kind = ["rate", "delta", "adm"][i % 3]
        T = rng.choice([16, 32, 64, 100])
        if kind == "rate":
            n = rng.randint(1, 12)
            me = max(1, T // n - rng.randint(0, 2))
            lo = [rng.uniform(-5, 5) for _ in range(n)]
            hi = [a + rng.uniform(0.1, 10) for a in lo]
            x = [float(np.float32(rng.uniform(a - 1, b + 1))) for a, b in zip(lo, hi)]
            ts, ad = rate_schedule(rate_counts(x, lo, hi, me), list(range(n)), T)
            cases.append({"kind": kind, "timesteps": T, "min": lo, "max": hi, "max_events": me, "values": x,
                          "expected_timesteps": ts, "expected_addresses": ad, "dropped": 0})
        else:
            ch, ns = rng.randint(1, 3), rng.randint(8, 80)
            step = rng.choice([0.5, 1.0, 2.5, 7.0])
            window = [[float(np.float32(rng.gauss(0, 6))) for _ in range(ch)] for _ in range(ns)]
            up, down = [2 * c for c in range(ch)], [2 * c + 1 for c in range(ch)]
            th, rf = rng.randint(1, 3), rng.randint(0, 3)
            sch = delta_schedule(window, step, T, up, down) if kind == "delta" else adm_schedule(window, step, th, rf, T, up, down)
            cases.append({"kind": kind, "timesteps": T, "step": step, "threshold": th, "refractory": rf, "channels": ch,
                          "window": [v for row in window for v in row], "expected_timesteps": sch.ts,
                          "expected_addresses": sch.ad, "dropped": sch.dropped})
    with open(path, "w") as f:
        json.dump({"producer": "models/train_snn_neurocorex.py encoders", "cases": cases}, f)
    print(f"wrote {path}: {len(cases)} encoder cases")


def fill_gaps(ts, ad, timesteps, filler):
    """SpikeSchedule.FillGaps: an event to the silent input in every empty timestep."""
    by_t = dict(zip(ts, ad))
    return list(range(1, timesteps + 1)), [by_t.get(t, filler) for t in range(1, timesteps + 1)]


# ----------------------------------------------------------------------------- features from NeuroRT
PIPELINE = """name: snn-features
source:
  type: edf
  path: {edf}
  speed: 0
  markers: events
  marker-names: [T1, T2]
  unlisted-markers: ignore
stages:
  - type: epochs
    marker: events
    pre: 0s
    post: 4s
  - type: pick
    channels: [{channels}]
  - type: bandpower
    bands: [{bands}]
    segment: 1s
    log: true
outputs:
  - type: jsonl
    path: {out}
"""


def neurort_features(edf, cli, tmp):
    out = os.path.join(tmp, os.path.basename(edf) + ".jsonl")
    yaml = os.path.join(tmp, os.path.basename(edf) + ".yaml")
    with open(yaml, "w") as f:
        f.write(PIPELINE.format(edf=os.path.abspath(edf), channels=", ".join(CHANNELS),
                                bands=", ".join(f"[{lo}, {hi}]" for lo, hi in BANDS), out=out))
    subprocess.run(cli + ["run", yaml, "--speed", "0", "--quiet"], check=True, stdout=subprocess.DEVNULL)
    rows = []
    with open(out) as f:
        for line in f:
            rows.append(json.loads(line))
    return rows


def norm_name(s):
    return s.replace(".", "").lower()


def load_run(folder, run, cli, tmp):
    import mne
    edf = os.path.join(folder, f"S001{run}.edf")
    raw = mne.io.read_raw_edf(edf, verbose="ERROR")
    cues = [(o, d) for o, d in zip(raw.annotations.onset, raw.annotations.description) if d in ("T1", "T2")]
    rows = neurort_features(edf, cli, tmp)
    names = feature_names()
    feats, labels, onsets = [], [], []
    for row in rows:
        values = {norm_name(k): v for k, v in row["values"].items()}
        onset = row["t"] - 4.0 + 1.0 / 160
        match = [d for o, d in cues if abs(o - onset) < 0.05]
        if len(match) != 1:
            raise SystemExit(f"{edf}: epoch ending at {row['t']} s matches {len(match)} cues")
        feats.append([float(np.float32(values[norm_name(n)])) for n in names])
        labels.append(0 if match[0] == "T1" else 1)
        onsets.append(round(onset, 4))
    if len(feats) != len(cues):
        raise SystemExit(f"{edf}: {len(feats)} epochs for {len(cues)} cues")
    return np.array(feats, dtype=np.float64), np.array(labels), onsets


# ----------------------------------------------------------------------------- the network
def input_addresses(n):
    return list(range(n))            # plain names in the network file: addresses 0..n-1; the next (n) stays silent


def output_neurons():
    # even indices only: neuron k's spike zeroes neuron k+1's FF current in the same timestep (spec 7.3)
    return [[2 * (c * PER_CLASS + j) for j in range(PER_CLASS)] for c in range(len(CLASSES))]


def build_ff(w_int, groups):
    ff = [[0] * SIZE for _ in range(SIZE)]
    for c, group in enumerate(groups):
        for k in group:
            for i, w in enumerate(w_int[c]):
                ff[k + 6][i] = int(w)
    return ff


def simulate(features, lo, hi, w_int, thresholds, groups, leak=0):
    """Per trial: spike count per class from the exact simulation (fresh board per trial set, runs in sequence)."""
    n = features.shape[1]
    addresses = input_addresses(n)
    silent = n
    th = [131071] * SIZE
    for c, group in enumerate(groups):
        for j, k in enumerate(group):
            th[k + 4] = thresholds[c][j]
    sim = NcxFfSim(build_ff(w_int, groups), th, [0] * SIZE, GAIN, leak)
    counts = []
    for x in features:
        ts, ad = rate_schedule(rate_counts(x, lo, hi, MAX_EVENTS), addresses, T)
        ts, ad = fill_gaps(ts, ad, T, silent)
        frames = sim.run(ts + [T + 1], ad + [silent])
        per_class = [0] * len(groups)
        for spikes in frames:
            for k in spikes:
                for c, group in enumerate(groups):
                    if k in group:
                        per_class[c] += 1
        counts.append(per_class)
    return np.array(counts)


def decide(counts):
    """Count readout, ties (and no spikes) -> none (-1)."""
    out = []
    for row in counts:
        best = int(np.argmax(row))
        out.append(-1 if (row == row[best]).sum() > 1 else best)
    return np.array(out)


def logistic(x, y, l2=1e-2, steps=3000, lr=0.5):
    w = np.zeros(x.shape[1])
    b = 0.0
    for _ in range(steps):
        p = 1 / (1 + np.exp(-(x @ w + b)))
        g = p - y
        w -= lr * (x.T @ g / len(y) + l2 * w)
        b -= lr * g.mean()
    return w, b


def train(data, cli):
    with tempfile.TemporaryDirectory() as tmp:
        parts = {run: load_run(data, run, cli, tmp) for run in TRAIN_RUNS + HELD_OUT_RUNS}
    xtr = np.concatenate([parts[r][0] for r in TRAIN_RUNS])
    ytr = np.concatenate([parts[r][1] for r in TRAIN_RUNS])
    xte, yte, onsets = parts[HELD_OUT_RUNS[0]]
    lo = np.percentile(xtr, 5, axis=0)
    hi = np.percentile(xtr, 95, axis=0)
    lo = [float(np.float32(v)) for v in lo]
    hi = [float(np.float32(v)) for v in hi]
    ctr = np.array([rate_counts(x, lo, hi, MAX_EVENTS) for x in xtr], dtype=np.float64)
    w, b = logistic(ctr, ytr.astype(np.float64))
    # Class score difference right - left = w.c + b: split the weights antisymmetrically between the two groups.
    groups = output_neurons()
    best = None
    for scale in [4, 6, 8, 10, 12, 16, 20, 24, 32]:
        wr = np.clip(np.round(w * scale / 2), -128, 127)
        w_int = [(-wr).astype(int).tolist(), wr.astype(int).tolist()]
        # A bias on the difference: offset the right group's thresholds against the left group's.
        for base in [1, 2, 4, 6, 8, 12, 16, 24, 32]:
            for spread in [1, 2]:
                th_left = [min(131071, (base * spread ** j) * Q) for j in range(PER_CLASS)]
                th_right = list(th_left)
                counts = simulate(xtr, lo, hi, w_int, [th_left, th_right], groups)
                acc = float((decide(counts) == ytr).mean())
                if best is None or acc > best[0]:
                    best = (acc, scale, base, spread, w_int, [th_left, th_right])
    acc_tr, scale, base, spread, w_int, thresholds = best
    counts_te = simulate(xte, lo, hi, w_int, thresholds, groups)
    pred = decide(counts_te)
    acc_te = float((pred == yte).mean())
    chance = max(np.mean(yte == 0), np.mean(yte == 1))
    print(f"train accuracy {acc_tr:.3f} (scale {scale}, threshold base {base}, spread {spread}); "
          f"held-out {HELD_OUT_RUNS[0]}: {int((pred == yte).sum())}/{len(yte)} = {acc_te:.3f} (majority {chance:.3f})")
    return dict(lo=lo, hi=hi, w_int=w_int, thresholds=thresholds, groups=groups, xte=xte, yte=yte, onsets=onsets,
                counts=counts_te, pred=pred, acc_te=acc_te, acc_tr=acc_tr, ntr=len(ytr), chance=float(chance),
                scale=scale, base=base, spread=spread, logistic=(w.tolist(), float(b)))


def write_outputs(m, out_dir):
    os.makedirs(out_dir, exist_ok=True)
    names = feature_names()
    lines = ["# Written by models/train_snn_neurocorex.py: left vs right fist from 12 log band powers (see README.md).",
             "format: neurocorex-network/1", "name: snn-mi-left-right", "inputs:"]
    lines += [f'  - "{n}"' for n in names]
    lines += ["neurons:"]
    for c, group in enumerate(m["groups"]):
        for j, k in enumerate(group):
            lines.append(f"  - {{name: {CLASSES[c]}{j}, index: {k}, threshold: {m['thresholds'][c][j] / Q:g}, refractory: 0}}")
    lines += [f"gain: {GAIN}", "leak: 0.0", "feedforward:"]
    for c, group in enumerate(m["groups"]):
        for j, k in enumerate(group):
            for i, w in enumerate(m["w_int"][c]):
                if w != 0:
                    lines.append(f'  - {{from: "{names[i]}", to: {CLASSES[c]}{j}, weight: {w}}}')
    with open(os.path.join(out_dir, "network.yaml"), "w") as f:
        f.write("\n".join(lines) + "\n")
    cases = []
    for i in range(len(m["yte"])):
        p = int(m["pred"][i])
        cases.append({"onset_s": m["onsets"][i], "label": CLASSES[int(m["yte"][i])],
                      "predicted": "none" if p < 0 else CLASSES[p], "counts": [int(v) for v in m["counts"][i]],
                      "features": [float(v) for v in m["xte"][i]]})
    ref = {"network": "network.yaml", "recording": "S001R04.edf (samples/)", "timesteps": T, "encoder": "rate",
           "max_events": MAX_EVENTS, "min": m["lo"], "max": m["hi"], "inputs": names, "classes": CLASSES,
           "groups": {CLASSES[c]: [f"{CLASSES[c]}{j}" for j in range(PER_CLASS)] for c in range(len(CLASSES))},
           "ties": "none", "accuracy": m["acc_te"], "correct": int((m["pred"] == m["yte"]).sum()), "trials": len(m["yte"]),
           "cases": cases}
    with open(os.path.join(out_dir, "reference.json"), "w") as f:
        json.dump(ref, f, indent=1)
    metrics = {"train_runs": TRAIN_RUNS, "held_out_runs": HELD_OUT_RUNS, "train_trials": m["ntr"],
               "train_accuracy_integer_sim": m["acc_tr"], "held_out_trials": len(m["yte"]),
               "held_out_correct": int((m["pred"] == m["yte"]).sum()), "held_out_accuracy_integer_sim": m["acc_te"],
               "held_out_none": int((m["pred"] < 0).sum()), "held_out_majority_class_rate": m["chance"],
               "weight_scale": m["scale"], "threshold_base": m["base"], "threshold_spread": m["spread"],
               "logistic_weights": m["logistic"][0], "logistic_bias": m["logistic"][1]}
    with open(os.path.join(out_dir, "metrics.json"), "w") as f:
        json.dump(metrics, f, indent=1)
    groups = ", ".join(f"{c}: [{', '.join(f'{c}{j}' for j in range(PER_CLASS))}]" for c in CLASSES)
    with open(os.path.join(ROOT, "pipelines", "snn-neurocorex.yaml"), "w") as f:
        f.write(DEMO.format(channels=", ".join(CHANNELS), bands=", ".join(f"[{lo}, {hi}]" for lo, hi in BANDS), T=T,
                            lo=", ".join(repr(v) for v in m["lo"]), hi=", ".join(repr(v) for v in m["hi"]),
                            max_events=MAX_EVENTS, groups=groups, correct=metrics["held_out_correct"],
                            trials=metrics["held_out_trials"]))


DEMO = """# Motor imagery, left vs right fist, decided once per trial by a spiking network on the NeuroCoreX board
# (models/snn-mi: see its README.md). Written by models/train_snn_neurocorex.py; the feature stages repeat the
# training features exactly. By default the network runs on the in-process bit-exact virtual board; set
# device: /dev/ttyUSB0 (the Cmod A7's FTDI port) to run it on the FPGA. samples/S001R04.edf is the model's held-out
# run: on it the network gets {correct} of {trials} trials right (the figure in the model card).
name: snn-neurocorex
description: left/right fist imagery on EEGMMIDB S001R04, one decision per trial from a spiking network (NeuroCoreX)

source:
  type: edf
  path: ../samples/S001R04.edf      # relative to this file
  speed: 1                          # real time; `neurort run --speed 0` runs as fast as possible
  markers: events
  marker-names: [T1, T2]            # T1 = imagined left fist, T2 = right fist
  unlisted-markers: ignore

stages:
  - type: epochs                    # 0 .. 4 s after each cue: one frame per trial
    marker: events
    pre: 0s
    post: 4s
  - type: pick
    channels: [{channels}]
  - type: bandpower                 # 12 features: log power 8-13 Hz and 13-30 Hz per channel
    bands: [{bands}]
    segment: 1s
    log: true
  - type: snn
    network: ../models/snn-mi/network.yaml   # relative to this file
    device: virtual                 # or the board's tty, e.g. /dev/ttyUSB0
    on-device-lost: stop            # or: virtual (continue on the model, with one warning)
    timesteps: {T}
    encoder: rate
    min: [{lo}]
    max: [{hi}]
    max-events: {max_events}
    readout: count
    groups: {{{groups}}}
    ties: none                      # a tie (or no output spike) gives no decision

outputs:
  - type: console
"""


# ----------------------------------------------------------------------------- fixture for the C# agreement test
def write_fixture(path, cases=12):
    rng = random.Random(SEED)
    out = []
    for case in range(cases):
        ff = [[0] * SIZE for _ in range(SIZE)]
        th = [131071] * SIZE
        rmax = [0] * SIZE
        neurons = rng.sample(range(NEURONS), 12) + [0, 1, 2, 89]   # include neighbours and the edges
        inputs = rng.sample(range(SIZE - 1), 8)                       # address 95 stays silent
        for k in set(neurons):
            th[k + 4] = rng.randint(1, 12) * Q // 2 + rng.randint(0, 500)
            rmax[k + 4] = rng.randint(0, 3)
            for a in inputs:
                if rng.random() < 0.7:
                    ff[k + 6][a] = rng.randint(-128, 127)
        gain = rng.choice([1, 1, 2, 3])
        leak = rng.choice([0, 0, 100, 512])
        runs = []
        sim = NcxFfSim(ff, th, rmax, gain, leak)
        for r in range(3):
            length = rng.randint(10, 80)
            ts, ad, t = [], [], 0
            while True:
                t += rng.choice([1, 1, 1, 2, 3, 5])       # gaps exercise the register "keep" case
                if t > length:
                    break
                ts.append(t)
                ad.append(rng.choice(inputs))
            ts.append(length + 1)
            ad.append(95)
            frames = sim.run(ts, ad)
            runs.append({"timesteps": ts, "addresses": ad, "spikes": [[i + 1, k] for i, f in enumerate(frames) for k in f]})
        out.append({"gain": gain, "leak": leak, "thresholds": th, "refractory": rmax,
                    "ff": [[r, c, ff[r][c]] for r in range(SIZE) for c in range(SIZE) if ff[r][c] != 0], "runs": runs})
    with open(path, "w") as f:
        json.dump({"producer": "models/train_snn_neurocorex.py NcxFfSim", "cases": out}, f)
    print(f"wrote {path}: {cases} networks, {sum(len(r['spikes']) for c in out for r in c['runs'])} spikes")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", default=os.path.join(ROOT, "..", "shared", "data"))
    ap.add_argument("--cli", default="dotnet " + os.path.join(ROOT, "src/NeuroRT.Cli/bin/Release/net10.0/neurort.dll"),
                    help="how to run neurort (build it first: dotnet build src/NeuroRT.Cli -c Release)")
    ap.add_argument("--out", default=os.path.join(HERE, "snn-mi"))
    ap.add_argument("--fixture", help="only write the fixtures of the C# agreement tests: the random-network one to this path, "
                                      "the encoder one to ../Coding/encoder-fixture.json beside it")
    args = ap.parse_args()
    if args.fixture:
        write_fixture(args.fixture)
        write_coding_fixture(os.path.join(os.path.dirname(args.fixture), "..", "Coding", "encoder-fixture.json"))
        return
    m = train(os.path.join(args.data, "eegmmidb"), args.cli.split())
    write_outputs(m, args.out)


if __name__ == "__main__":
    main()
