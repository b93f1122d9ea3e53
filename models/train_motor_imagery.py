#!/usr/bin/python3
"""Train, cross-validate and export NeuroRT's motor-imagery decoders (left vs right fist imagery).

Models: EEGNet-8,2 (Lawhern et al. 2018) and a ShallowConvNet-style model (Schirrmeister et al. 2017),
written here in plain torch (no braindecode). Data: PhysioNet EEGMMIDB subject S001, imagined left/right
fist runs (R04, R08; R12 too when present), read with MNE; plus, for a separate within-recording evaluation,
the two bci4als OpenBCI XDF recordings (read with the small XDF reader below; pyxdf is not needed).

Preprocessing is what a NeuroRT pipeline does online: pick channels, causal Butterworth band-pass
(scipy.signal.sosfilt from zero state on the whole continuous recording, as the `bandpass` stage runs it),
then a fixed-length window (the `window` stage). Units: microvolts.

Run with Debian's python (python3-torch 1.13, python3-onnx, python3-mne, python3-scipy, python3-numpy):

    /usr/bin/python3 models/train_motor_imagery.py --data ../shared/data

It writes models/<name>/<name>.onnx, reference.json and metrics.json for eegnet-mi and shallow-mi,
plus models/bci4als-metrics.json. The numbers in the model cards are copied from metrics.json.
"""
import argparse
import io
import json
import math
import os
import struct
import sys
import time
import xml.etree.ElementTree as ET

import numpy as np
import scipy.signal
import scipy.stats
import torch
import torch.nn as nn

HERE = os.path.dirname(os.path.abspath(__file__))

# ----------------------------------------------------------------------------- configuration (fixed a priori)
BAND = (4.0, 40.0)          # Hz, Butterworth band-pass
ORDER = 4                   # scipy order (8 poles for a band-pass), as the NeuroRT `bandpass` stage's `order`
TMIN, TMAX = 0.5, 3.5       # s after the cue: the window the decoder sees
CROP_JITTER = 1.0           # s: training crops start anywhere in [TMIN - 0.5, TMIN + 0.5] (augmentation)
# 21 sensorimotor channels (FC, C and CP rows), in the EEGMMIDB file order (its first 21 signals).
MI_CHANNELS = ["Fc5", "Fc3", "Fc1", "Fcz", "Fc2", "Fc4", "Fc6",
               "C5", "C3", "C1", "Cz", "C2", "C4", "C6",
               "Cp5", "Cp3", "Cp1", "Cpz", "Cp2", "Cp4", "Cp6"]
EEGMMIDB_RUNS = ["R04", "R08", "R12"]      # imagined left (T1) / right (T2) fist
CLASSES = ["left", "right"]
# bci4als: columns 3..15 of the 16-column OpenBCI stream (columns 0-2 are a counter and two noisy ones)
BCI4ALS_CHANNELS = ["C3", "C4", "P7", "P8", "O1", "O2", "F7", "F8", "F3", "F4", "T7", "T8", "P3"]
BCI4ALS_SUBSETS = [["C3", "C4"], ["F7", "F8"], ["O1", "O2", "P7", "P8"]]
EPOCHS = {"eegnet": 150, "shallow": 100}
BATCH = 16
LR = 1e-3
FOLDS = 5
SEED = 20260402
N_REF = 3                   # reference vectors per model


# ----------------------------------------------------------------------------- data
def causal_bandpass(x_uv, fs):
    """x_uv: samples x channels, float32 microvolts. Causal SOS filter from zero state, double precision."""
    sos = scipy.signal.butter(ORDER, BAND, btype="bandpass", fs=fs, output="sos")
    return scipy.signal.sosfilt(sos, x_uv.astype(np.float64), axis=0).astype(np.float32)


def strip_label(s):
    return s.strip().rstrip(".").strip()


def load_eegmmidb(folder):
    import mne
    trials = []   # (filtered continuous [N x C] float32, onset sample, label, run)
    runs_used = []
    signals = {}
    for run in EEGMMIDB_RUNS:
        path = os.path.join(folder, f"S001{run}.edf")
        if not os.path.exists(path):
            continue
        raw = mne.io.read_raw_edf(path, preload=True, verbose="ERROR")
        fs = raw.info["sfreq"]
        names = [strip_label(c).lower() for c in raw.ch_names]
        idx = [names.index(c.lower()) for c in MI_CHANNELS]
        # NeuroRT reads EDF physical values in the header's unit (uV here) into float32 blocks.
        x = (raw.get_data()[idx].T * 1e6).astype(np.float32)
        xf = causal_bandpass(x, fs)
        signals[run] = xf
        runs_used.append(run)
        for onset, desc in zip(raw.annotations.onset, raw.annotations.description):
            if desc in ("T1", "T2"):
                trials.append((run, int(round(onset * fs)), 0 if desc == "T1" else 1))
    return dict(fs=fs, signals=signals, trials=trials, runs=runs_used, channels=MI_CHANNELS)


def _varlen(f):
    n = f.read(1)
    if not n:
        raise EOFError
    n = n[0]
    if n == 1:
        return f.read(1)[0]
    if n == 4:
        return struct.unpack("<I", f.read(4))[0]
    if n == 8:
        return struct.unpack("<Q", f.read(8))[0]
    raise ValueError(f"bad XDF length byte {n}")


def read_xdf(path):
    """Minimal XDF 1.0 reader: stream headers and samples (numeric and string); clock offsets are ignored
    (both streams of these files come from one machine)."""
    streams = {}
    with open(path, "rb") as f:
        if f.read(4) != b"XDF:":
            raise ValueError(f"{path}: not an XDF file")
        while True:
            try:
                length = _varlen(f)
            except EOFError:
                break
            tag = struct.unpack("<H", f.read(2))[0]
            body = f.read(length - 2)
            if len(body) < length - 2:
                break                                 # truncated file: keep what was complete
            if tag == 2:
                sid = struct.unpack("<I", body[:4])[0]
                x = ET.fromstring(body[4:].decode("utf8"))
                streams[sid] = dict(name=x.findtext("name"), type=x.findtext("type"),
                                    fmt=x.findtext("channel_format"), nch=int(x.findtext("channel_count")),
                                    srate=float(x.findtext("nominal_srate")), ts=[], data=[])
            elif tag == 3:
                b = io.BytesIO(body)
                s = streams[struct.unpack("<I", b.read(4))[0]]
                dt = {"float32": "<f4", "double64": "<f8", "int8": "<i1", "int16": "<i2",
                      "int32": "<i4", "int64": "<i8"}.get(s["fmt"])
                last = s["ts"][-1] if s["ts"] else 0.0
                for _ in range(_varlen(b)):
                    t = struct.unpack("<d", b.read(8))[0] if b.read(1)[0] == 8 else last + 1.0 / s["srate"]
                    last = t
                    s["ts"].append(t)
                    if dt:
                        s["data"].append(np.frombuffer(b.read(s["nch"] * np.dtype(dt).itemsize), dt))
                    else:
                        s["data"].append([b.read(_varlen(b)).decode("utf8") for _ in range(s["nch"])])
    return streams


def load_bci4als(path):
    st = read_xdf(path)
    eeg = next(s for s in st.values() if s["type"] == "EEG")
    mk = next(s for s in st.values() if s["type"] == "Markers")
    fs = eeg["srate"]
    x = np.asarray(eeg["data"], dtype=np.float32)[:, 3:16]      # C3 ... P3 (see BCI4ALS_CHANNELS)
    x = x - x[0]            # remove the large DC offset before filtering (a constant: the filter would remove it,
    xf = causal_bandpass(x, fs)  # but from zero state its step response would ring for seconds)
    ts = np.asarray(eeg["ts"])
    trials = []
    codes = [float(d[0]) for d in mk["data"]]
    for t, c in zip(mk["ts"], codes):
        if c in (2.0, 3.0):          # 2 = left hand, 3 = right hand (1 = idle, not used)
            trials.append(("rec", int(np.searchsorted(ts, t)), 0 if c == 2.0 else 1))
    return dict(fs=fs, signals={"rec": xf}, trials=trials, runs=["rec"], channels=BCI4ALS_CHANNELS)


def median_window_rms(data):
    """Median over trials and channels of the RMS (µV) of the band-passed evaluation window: EEG in 4-40 Hz is
    typically some µV to a few tens of µV; far more means noise or artifacts dominate."""
    x = np.stack([window(data, t, TMIN) for t in data["trials"]]).astype(np.float64)
    return float(np.median(np.sqrt((x ** 2).mean(axis=2))))


def window(data, trial, start_s):
    run, onset, _ = trial
    fs = data["fs"]
    n = int(round((TMAX - TMIN) * fs))
    a = onset + int(round(start_s * fs))
    return data["signals"][run][a:a + n].T          # C x T


# ----------------------------------------------------------------------------- models
class MaxNormLinear(nn.Linear):
    pass


class EEGNet(nn.Module):
    """EEGNet-8,2 (Lawhern et al. 2018): F1 = 8 temporal filters of half a second, D = 2 depthwise spatial
    filters each (max-norm 1), separable conv F2 = 16, pools 4 and 8, dense with max-norm 0.25, softmax.
    Kernel lengths follow the paper's at 128 Hz scaled to fs (made odd). 'same' padding is written out explicitly."""

    def __init__(self, n_ch, n_t, fs, n_cls=2, F1=8, D=2, F2=16, dropout=0.5):
        super().__init__()
        # The paper's kernels are 64 and 16 at 128 Hz (half a second). Here they are made odd (fs/2 + 1 = 81 and
        # fs/8 + 1 = 21 at 160 Hz) so that 'same' padding is symmetric and can be written as the convolution's own
        # explicit padding, (k - 1) / 2 on each side: torch 1.13 cannot export padding='same', and an even kernel
        # needs an asymmetric nn.ZeroPad2d, which exports as a Pad whose pads are computed at run time (the
        # graph then loses its static output shape).
        k1 = 2 * int(round(fs / 4)) + 1
        k2 = 2 * int(round(fs / 16)) + 1
        self.block1 = nn.Sequential(
            nn.Conv2d(1, F1, (1, k1), padding=(0, (k1 - 1) // 2), bias=False),
            nn.BatchNorm2d(F1),
        )
        self.depthwise = nn.Conv2d(F1, F1 * D, (n_ch, 1), groups=F1, bias=False)
        self.block2 = nn.Sequential(
            nn.BatchNorm2d(F1 * D), nn.ELU(), nn.AvgPool2d((1, 4)), nn.Dropout(dropout),
            nn.Conv2d(F1 * D, F1 * D, (1, k2), padding=(0, (k2 - 1) // 2), groups=F1 * D, bias=False),
            nn.Conv2d(F1 * D, F2, (1, 1), bias=False),
            nn.BatchNorm2d(F2), nn.ELU(), nn.AvgPool2d((1, 8)), nn.Dropout(dropout),
        )
        n_out = n_t // 4 // 8
        self.classifier = MaxNormLinear(F2 * n_out, n_cls)
        self.max_norms = [(self.depthwise.weight, 1.0), (self.classifier.weight, 0.25)]

    def forward(self, x):                           # x: [B, 1, C, T]
        x = self.block2(self.depthwise(self.block1(x)))
        return torch.softmax(self.classifier(torch.flatten(x, 1)), dim=1)


class ShallowConvNet(nn.Module):
    """ShallowConvNet-style (Schirrmeister et al. 2017): 40 temporal filters (25 taps at 250 Hz, scaled),
    40 spatial filters, batch norm, square, mean pool (75 / stride 15 at 250 Hz, scaled), log, dropout,
    dense, softmax."""

    def __init__(self, n_ch, n_t, fs, n_cls=2, n_filt=40, dropout=0.5):
        super().__init__()
        kt = int(round(25 * fs / 250))
        pool = int(round(75 * fs / 250))
        stride = int(round(15 * fs / 250))
        self.temporal = nn.Conv2d(1, n_filt, (1, kt))
        self.spatial = nn.Conv2d(n_filt, n_filt, (n_ch, 1), bias=False)
        self.bn = nn.BatchNorm2d(n_filt)
        self.pool = nn.AvgPool2d((1, pool), stride=(1, stride))
        self.drop = nn.Dropout(dropout)
        n_out = (n_t - kt + 1 - pool) // stride + 1
        self.classifier = nn.Linear(n_filt * n_out, n_cls)
        self.max_norms = [(self.temporal.weight, 2.0), (self.spatial.weight, 2.0), (self.classifier.weight, 0.5)]

    def forward(self, x):                           # x: [B, 1, C, T]
        x = self.bn(self.spatial(self.temporal(x)))
        x = self.pool(x * x)
        x = torch.log(torch.clamp(x, min=1e-6))
        x = self.drop(x)
        return torch.softmax(self.classifier(torch.flatten(x, 1)), dim=1)


ARCHS = {"eegnet": EEGNet, "shallow": ShallowConvNet}


def apply_max_norm(model):
    with torch.no_grad():
        for w, m in model.max_norms:
            w.copy_(torch.renorm(w, 2, 0, m))


# ----------------------------------------------------------------------------- training
def train(arch, data, train_idx, seed):
    torch.manual_seed(seed)
    rng = np.random.default_rng(seed)
    fs = data["fs"]
    n_t = int(round((TMAX - TMIN) * fs))
    model = ARCHS[arch](len(data["channels"]), n_t, fs)
    opt = torch.optim.Adam(model.parameters(), lr=LR)
    trials = [data["trials"][i] for i in train_idx]
    y = torch.tensor([t[2] for t in trials])
    nll = nn.NLLLoss()
    for epoch in range(EPOCHS[arch]):
        model.train()
        order = rng.permutation(len(trials))
        for b in range(0, len(order), BATCH):
            sel = order[b:b + BATCH]
            # random crop start in [TMIN - J/2, TMIN + J/2]: the same window length, shifted
            xb = np.stack([window(data, trials[i], TMIN + rng.uniform(-CROP_JITTER / 2, CROP_JITTER / 2))
                           for i in sel])
            p = model(torch.from_numpy(xb).unsqueeze(1))
            loss = nll(torch.log(p + 1e-7), y[sel])
            opt.zero_grad()
            loss.backward()
            opt.step()
            apply_max_norm(model)
    model.eval()
    return model


def predict(model, data, idx):
    x = np.stack([window(data, data["trials"][i], TMIN) for i in idx])
    with torch.no_grad():
        return model(torch.from_numpy(x).unsqueeze(1)).numpy()


def stratified_folds(labels, k, seed):
    rng = np.random.default_rng(seed)
    folds = [[] for _ in range(k)]
    for c in sorted(set(labels)):
        idx = rng.permutation([i for i, l in enumerate(labels) if l == c])
        for j, i in enumerate(idx):
            folds[j % k].append(int(i))
    return [sorted(f) for f in folds]


def binom_p(correct, n):
    """One-sided P(X >= correct) for X ~ Binomial(n, 0.5)."""
    return float(scipy.stats.binom.sf(correct - 1, n, 0.5))


def chance_threshold(n, alpha=0.05):
    """Smallest accuracy whose one-sided binomial p under chance (0.5) is < alpha (Combrisson & Jerbi 2015)."""
    for c in range(n + 1):
        if binom_p(c, n) < alpha:
            return c / n
    return 1.0


def cross_validate(arch, data, scheme, seed):
    labels = [t[2] for t in data["trials"]]
    n = len(labels)
    if scheme == "leave-one-run-out":
        folds = [[i for i, t in enumerate(data["trials"]) if t[0] == r] for r in data["runs"]]
    else:
        folds = stratified_folds(labels, FOLDS, seed)
    accs, correct = [], 0
    for k, test in enumerate(folds):
        tr = [i for i in range(n) if i not in set(test)]
        model = train(arch, data, tr, seed + 1 + k)
        pred = predict(model, data, test).argmax(1)
        c = int(sum(int(p == labels[i]) for p, i in zip(pred, test)))
        correct += c
        accs.append(c / len(test))
    return dict(scheme=scheme, folds=len(folds), fold_accuracies=[round(a, 4) for a in accs],
                mean=round(float(np.mean(accs)), 4), sd=round(float(np.std(accs, ddof=1)), 4) if len(accs) > 1 else 0.0,
                pooled_correct=correct, n_trials=n, pooled_accuracy=round(correct / n, 4),
                p_value_vs_chance=binom_p(correct, n),
                chance_level=0.5, majority_class_rate=round(max(labels.count(0), labels.count(1)) / n, 4),
                significance_threshold_p05=round(chance_threshold(n), 4))


# ----------------------------------------------------------------------------- export
def _f32(v):
    """A float32 value as the double nearest its 9-significant-digit decimal: json then writes at most 9 digits,
    which parse back (as float or double, then rounded to float) to exactly the same float32."""
    return float(f"{float(np.float32(v)):.9g}")


def run_onnx_numpy(model, x):
    """A tiny numpy interpreter for the operators these exported models use (float64 arithmetic).
    Not ONNX Runtime: a check, independent of torch, that the exported graph computes what torch computed."""
    from onnx import numpy_helper
    env = {t.name: numpy_helper.to_array(t).astype(np.float64) if numpy_helper.to_array(t).dtype.kind == "f"
           else numpy_helper.to_array(t) for t in model.graph.initializer}
    env[model.graph.input[0].name] = x.astype(np.float64)

    def attrs(node):
        import onnx
        return {a.name: onnx.helper.get_attribute_value(a) for a in node.attribute}

    def conv(x, w, b, a):
        g = a.get("group", 1)
        pads = a.get("pads", [0, 0, 0, 0])
        strides = a.get("strides", [1, 1])
        if any(d != 1 for d in a.get("dilations", [1, 1])):
            raise NotImplementedError("dilation")
        x = np.pad(x, ((0, 0), (0, 0), (pads[0], pads[2]), (pads[1], pads[3])))
        n, cin, h, wd = x.shape
        cout, cg, kh, kw = w.shape
        oh, ow = (h - kh) // strides[0] + 1, (wd - kw) // strides[1] + 1
        out = np.zeros((n, cout, oh, ow))
        opg = cout // g
        for o in range(cout):
            gi = o // opg
            xs = x[:, gi * cg:(gi + 1) * cg]
            for i in range(kh):
                for j in range(kw):
                    out[:, o] += np.einsum("nchw,c->nhw",
                                           xs[:, :, i:i + strides[0] * oh:strides[0], j:j + strides[1] * ow:strides[1]],
                                           w[o, :, i, j])
        if b is not None:
            out += b[None, :, None, None]
        return out

    for node in model.graph.node:
        a = attrs(node)
        ins = [env[i] if i else None for i in node.input]
        op = node.op_type
        if op == "Constant":
            v = a["value"]
            arr = numpy_helper.to_array(v)
            y = arr.astype(np.float64) if arr.dtype.kind == "f" else arr
        elif op == "Conv":
            y = conv(ins[0], ins[1], ins[2] if len(ins) > 2 else None, a)
        elif op == "BatchNormalization":
            xx, s, bb, mu, var = ins
            sh = (1, -1, 1, 1)
            y = (xx - mu.reshape(sh)) / np.sqrt(var.reshape(sh) + a.get("epsilon", 1e-5)) * s.reshape(sh) + bb.reshape(sh)
        elif op == "Elu":
            al = a.get("alpha", 1.0)
            y = np.where(ins[0] > 0, ins[0], al * (np.exp(np.minimum(ins[0], 0)) - 1))
        elif op == "Pad":
            if a.get("mode", b"constant") not in (b"constant", "constant"):
                raise NotImplementedError("Pad mode")
            p = [int(v) for v in ins[1]]
            r = len(p) // 2
            val = float(ins[2]) if len(ins) > 2 and ins[2] is not None else 0.0
            y = np.pad(ins[0], [(p[i], p[i + r]) for i in range(r)], constant_values=val)
        elif op == "AveragePool":
            k, st = a["kernel_shape"], a.get("strides", [1, 1])
            pads = a.get("pads", [0, 0, 0, 0])
            if any(pads) or a.get("ceil_mode", 0):
                raise NotImplementedError("AveragePool pads")
            xx = ins[0]
            n, c, h, wd = xx.shape
            oh, ow = (h - k[0]) // st[0] + 1, (wd - k[1]) // st[1] + 1
            y = np.zeros((n, c, oh, ow))
            for i in range(k[0]):
                for j in range(k[1]):
                    y += xx[:, :, i:i + st[0] * oh:st[0], j:j + st[1] * ow:st[1]]
            y /= k[0] * k[1]
        elif op == "Flatten":
            ax = a.get("axis", 1)
            y = ins[0].reshape(int(np.prod(ins[0].shape[:ax])), -1)
        elif op == "Gemm":
            A, B = ins[0], ins[1]
            if a.get("transA", 0):
                A = A.T
            if a.get("transB", 0):
                B = B.T
            y = a.get("alpha", 1.0) * A @ B
            if len(ins) > 2 and ins[2] is not None:
                y = y + a.get("beta", 1.0) * ins[2]
        elif op == "Softmax":
            ax = a.get("axis", -1)
            e = np.exp(ins[0] - ins[0].max(axis=ax, keepdims=True))
            y = e / e.sum(axis=ax, keepdims=True)
        elif op == "Mul":
            y = ins[0] * ins[1]
        elif op == "Clip":
            lo = ins[1] if len(ins) > 1 and ins[1] is not None else -np.inf
            hi = ins[2] if len(ins) > 2 and ins[2] is not None else np.inf
            y = np.clip(ins[0], lo, hi)
        elif op == "Log":
            y = np.log(ins[0])
        else:
            raise NotImplementedError(f"operator {op} (extend run_onnx_numpy)")
        env[node.output[0]] = y
    return env[model.graph.output[0].name]


def export(arch, name, model, data, out_dir, metrics):
    import onnx
    os.makedirs(out_dir, exist_ok=True)
    fs = data["fs"]
    n_ch, n_t = len(data["channels"]), int(round((TMAX - TMIN) * fs))
    path = os.path.join(out_dir, f"{name}.onnx")
    model.eval()
    dummy = torch.zeros(1, 1, n_ch, n_t)
    torch.onnx.export(model, dummy, path, input_names=["input"], output_names=["probabilities"],
                      opset_version=13, do_constant_folding=True, training=torch.onnx.TrainingMode.EVAL,
                      dynamic_axes=None)
    m = onnx.load(path)
    meta = {
        "sampling_rate": f"{fs:g}",
        "channel_names": json.dumps(data["channels"]),
        "window_samples": str(n_t),
        "class_names": json.dumps(CLASSES),
        "output_kind": "probabilities",
        "input_scale": "1",
        "preprocessing": (f"bandpass {BAND[0]:g}-{BAND[1]:g} Hz butterworth order {ORDER}, causal "
                          f"(scipy.signal.butter({ORDER}, [{BAND[0]:g}, {BAND[1]:g}], 'bandpass', output='sos') run with "
                          f"sosfilt from zero state on the continuous recording); no re-referencing; microvolts; "
                          f"trained on windows of {n_t} samples starting {TMIN:g} s after the cue"),
        "neurort_model_version": "1",
    }
    del m.metadata_props[:]
    for k, v in meta.items():
        p = m.metadata_props.add()
        p.key, p.value = k, v
    m.producer_name = "NeuroRT models/train_motor_imagery.py"
    m.doc_string = f"{name}: {arch} left vs right fist motor imagery, EEGMMIDB S001 {'+'.join(data['runs'])}"
    onnx.checker.check_model(m)
    onnx.save(m, path)
    onnx.checker.check_model(onnx.load(path))

    # reference vectors: real preprocessed windows (one per class from each run, first trials) and torch's outputs
    picks = []
    for r in data["runs"]:
        for c in (0, 1):
            picks.append(next(i for i, t in enumerate(data["trials"]) if t[0] == r and t[2] == c))
    picks = picks[:N_REF]
    cases = []
    for i in picks:
        x = window(data, data["trials"][i], TMIN).astype(np.float32)
        with torch.no_grad():
            y = model(torch.from_numpy(x)[None, None]).numpy()[0].astype(np.float32)
        run, onset, lab = data["trials"][i]
        cases.append(dict(description=f"S001{run} cue at sample {onset} ({CLASSES[lab]}), window from "
                                      f"{TMIN:g} s after the cue, after the preprocessing",
                          label=CLASSES[lab],
                          input=[_f32(v) for v in x.reshape(-1)],
                          output=[_f32(v) for v in y]))
    ref = dict(model=f"{name}.onnx", input_name="input", input_shape=[1, 1, n_ch, n_t], input_layout="C-order [1, 1, C, T]",
               output_name="probabilities", output_shape=[1, len(CLASSES)], tolerance=1e-5, dtype="float32",
               producer=f"torch {torch.__version__}, eval mode", cases=cases)
    with open(os.path.join(out_dir, "reference.json"), "w") as f:
        # float32 values printed with 9 significant digits round-trip exactly
        text = json.dumps(ref, separators=(",", ":"))
        f.write(text)
    # the exported graph, run by the numpy interpreter above, must give torch's outputs
    saved = onnx.load(path)
    diff = max(float(np.abs(run_onnx_numpy(saved, np.asarray(c["input"], np.float32).reshape(1, 1, n_ch, n_t))
                            - np.asarray(c["output"], np.float64)).max()) for c in cases)
    if diff > 1e-5:
        raise SystemExit(f"{path}: the ONNX graph (numpy check) differs from torch by {diff:g}")
    n_params = sum(p.numel() for p in model.parameters())
    metrics.update(parameters=int(n_params), onnx_bytes=os.path.getsize(path), opset=13, metadata=meta,
                   onnx_numpy_check_max_abs_diff=diff)
    with open(os.path.join(out_dir, "metrics.json"), "w") as f:
        json.dump(metrics, f, indent=2)
        f.write("\n")


# ----------------------------------------------------------------------------- model cards (filled from metrics)
ARCH_TEXT = {
    "eegnet": (
        "EEGNet-8,2 (Lawhern VJ, Solon AJ, Waytowich NR, Gordon SM, Hung CP, Lance BJ. EEGNet: a compact "
        "convolutional neural network for EEG-based brain-computer interfaces. J Neural Eng 15:056013, 2018), "
        "written in plain torch in `models/train_motor_imagery.py` (class `EEGNet`):\n\n"
        "| block | layer |\n|---|---|\n"
        "| 1 | Conv2d 1 -> 8, kernel (1, {k1}), explicit zero padding (0, {p1}) ('same'), no bias; BatchNorm |\n"
        "| 2 | depthwise Conv2d 8 -> 16, kernel ({C}, 1), groups 8, no bias, max-norm 1; BatchNorm; ELU; AvgPool (1, 4); Dropout 0.5 |\n"
        "| 3 | separable: depthwise Conv2d 16 -> 16, kernel (1, {k2}), padding (0, {p2}), groups 16 + pointwise 16 -> 16; BatchNorm; ELU; AvgPool (1, 8); Dropout 0.5 |\n"
        "| 4 | Flatten; Linear {nfeat} -> 2 (max-norm 0.25); Softmax |\n\n"
        "The paper's temporal kernels (64 and 16 taps at 128 Hz, i.e. half a second) are scaled to 160 Hz and "
        "made odd ({k1} and {k2}) so that 'same' padding is symmetric and is the convolution's own explicit "
        "padding (torch 1.13 cannot export `padding='same'`)."),
    "shallow": (
        "ShallowConvNet-style (Schirrmeister RT, Springenberg JT, Fiederer LDJ, et al. Deep learning with "
        "convolutional neural networks for EEG decoding and visualization. Hum Brain Mapp 38:5391-5420, 2017), "
        "written in plain torch in `models/train_motor_imagery.py` (class `ShallowConvNet`):\n\n"
        "| layer | |\n|---|---|\n"
        "| temporal | Conv2d 1 -> 40, kernel (1, {kt}) (25 taps at 250 Hz scaled to 160 Hz), bias, max-norm 2 |\n"
        "| spatial | Conv2d 40 -> 40, kernel ({C}, 1), no bias, max-norm 2; BatchNorm |\n"
        "| square, mean pool, log | x^2; AvgPool (1, {pool}) stride {stride} (75 / 15 at 250 Hz scaled); log(max(x, 1e-6)); Dropout 0.5 |\n"
        "| classifier | Flatten; Linear {nfeat} -> 2 (max-norm 0.5); Softmax |\n\n"
        "No padding is needed (all convolutions are 'valid')."),
}


def _p(p):
    return f"{p:.4f}" if p >= 0.001 else f"{p:.1e}"


def _cv_row(r):
    folds = ", ".join(f"{a:.2f}" for a in r["fold_accuracies"])
    return (f"| {r['scheme']} | {r['mean']:.3f} ± {r['sd']:.3f} ({folds}) | {r['pooled_correct']}/{r['n_trials']} = "
            f"{r['pooled_accuracy']:.3f} | {r['chance_level']:.2f} (majority class {r['majority_class_rate']:.3f}) | "
            f"{r['significance_threshold_p05']:.3f} | {_p(r['p_value_vs_chance'])} |")


def write_card(out_dir, m, bci):
    arch = m["architecture"]
    fs = m["sampling_rate"]
    C = len(m["channels"])
    n_t = int(m["metadata"]["window_samples"])
    if arch == "eegnet":
        k1, k2 = 2 * int(round(fs / 4)) + 1, 2 * int(round(fs / 16)) + 1
        a = ARCH_TEXT[arch].format(k1=k1, p1=(k1 - 1) // 2, k2=k2, p2=(k2 - 1) // 2, C=C, nfeat=16 * (n_t // 32))
    else:
        kt, pool, stride = int(round(25 * fs / 250)), int(round(75 * fs / 250)), int(round(15 * fs / 250))
        a = ARCH_TEXT[arch].format(kt=kt, C=C, pool=pool, stride=stride, nfeat=40 * ((n_t - kt + 1 - pool) // stride + 1))
    rows = "\n".join(_cv_row(r) for r in m["cross_validation"])
    sig = [r["scheme"] for r in m["cross_validation"] if r["p_value_vs_chance"] < 0.05]
    if sig and len(sig) < len(m["cross_validation"]):
        cv_note = (f"The schemes disagree: only {', '.join(sig)} is above chance at p < 0.05. Both schemes were fixed "
                   f"in advance and both are reported; with {m['n_trials']} trials such a spread between splits is "
                   f"expected, so the evidence that this model decodes imagery is weak. (Four tests are reported "
                   f"over the two models and two schemes: a Bonferroni-corrected threshold is p < 0.0125.)")
    elif sig:
        cv_note = "Both schemes are above chance at p < 0.05."
    else:
        cv_note = ("Neither scheme is above chance at p < 0.05: on these data this model does not decode left from "
                   "right imagery better than guessing.")
    brows = []
    for fn, r in sorted(bci.items()):
        if arch in r:
            brows.append(f"| `{fn}` ({r['n_trials']} trials: {r['n_left']} left, {r['n_right']} right; "
                         f"{len(r['channels'])} ch at {r['sampling_rate']:g} Hz) | " + _cv_row(r[arch])[2:])
    btable = ("| recording | scheme | fold accuracy, mean ± sd (folds) | pooled | chance | p < 0.05 needs | p |\n"
              "|---|---|---|---|---|---|---|\n" + "\n".join(brows)) if brows else \
             "(not run: `--skip-bci4als`, or the recordings were not found)"
    srows, notes = [], []
    for fn, r in sorted(bci.items()):
        for chans, q in r.get("eegnet_channel_subsets", {}).items():
            srows.append(f"| `{fn}` | {chans.replace(',', ', ')} | {q['pooled_correct']}/{q['n_trials']} = "
                         f"{q['pooled_accuracy']:.3f} | {_p(q['p_value_vs_chance'])} |")
        conf = [(c, q) for c, q in r.get("eegnet_channel_subsets", {}).items()
                if c != "C3,C4" and q["p_value_vs_chance"] < 0.05]
        if conf:
            notes.append(f"In `{fn}`, " + " and ".join(f"{c.replace(',', '/')} alone ({q['pooled_accuracy']:.3f}, "
                                                       f"p = {_p(q['p_value_vs_chance'])})" for c, q in conf) +
                         " decode left from right significantly: channels far from the motor cortex carry the "
                         "class, so the high accuracy there is not evidence of motor imagery (possible sources: eye "
                         "movements towards a lateral cue, lateralised visual responses, movement or other artifacts).")
        elif r.get("eegnet_channel_subsets"):
            notes.append(f"In `{fn}`, neither F7/F8 (eye movements) nor O1/O2/P7/P8 (visual responses) alone "
                         f"decode significantly.")
    rms = [(fn, r["median_window_rms_uv"]) for fn, r in sorted(bci.items()) if "median_window_rms_uv" in r]
    if rms and "median_window_rms_uv" in m:
        notes.append("Amplitude: the median RMS of a band-passed window (per trial and channel) is "
                     + ", ".join(f"{v:g} µV in `{fn}`" for fn, v in rms)
                     + f", against {m['median_window_rms_uv']:g} µV in EEGMMIDB S001. "
                     + ("The bci4als signals are far larger than EEG in this band (if the stream is in µV): noise or "
                        "artifacts dominate them, which makes their high accuracies all the more suspect."
                        if min(v for _, v in rms) > 5 * m["median_window_rms_uv"] else ""))
    if notes:
        notes.append("These checks are coarse: they do not rule out other sources (muscle activity at the temporal "
                     "channels T7/T8, F3/F4), and the stratified folds mix trials from the whole of one recording, "
                     "so slow changes within the session are shared between training and test trials. Do not "
                     "compare these within-recording figures with the EEGMMIDB ones above.")
    stable = ("\n\nEEGNet (same settings) on channel subsets, to see where the information is: C3/C4 over the "
              "hand motor areas; F7/F8, which pick up horizontal eye movements; O1/O2/P7/P8, which pick up "
              "lateralised visual responses to a left/right cue.\n\n"
              "| recording | channels | pooled | p |\n|---|---|---|---|\n" + "\n".join(srows) +
              ("\n\n" + "\n\n".join(notes) if notes else "")) if srows else ""
    md = m["metadata"]
    text = f"""# {m['model']}: {'EEGNet-8,2' if arch == 'eegnet' else 'ShallowConvNet-style'} decoder, imagined left vs right fist

Generated by `models/train_motor_imagery.py` from its own results (`metrics.json` beside this card); do not
edit the numbers by hand, rerun the script.

## Use

`{m['model']}.onnx`: input `input`, float32 `[1, 1, {C}, {n_t}]` (batch, 1, channels, samples), microvolts;
output `probabilities`, float32 `[1, 2]` = P(left), P(right) (softmax inside the model). ONNX opset {m['opset']},
{m['parameters']} parameters, {m['onnx_bytes']} bytes. Metadata (`metadata_props`, as `models/CONTRACT.md` requires):

| key | value |
|---|---|
""" + "\n".join(f"| `{k}` | `{v}` |" for k, v in md.items()) + f"""

Online (see `pipelines/motor-imagery-eegnet.yaml` for EEGNet; the same stages serve this model):
`pick` (the channels above, in that order) -> `bandpass` (low 4 Hz, high 40 Hz, order 4, butterworth) ->
`window` (length 3 s = {n_t} samples, any step) -> `onnx`.

## Data

- EEG Motor Movement/Imagery Dataset (EEGMMIDB) v1.0.0, PhysioNet, subject S001, runs
  {', '.join(m['data'].split()[-1].split('+'))} (imagined opening/closing of the left fist = T1, right fist = T2;
  T0 rest not used): {m['n_trials']} trials, {m['n_left']} left, {m['n_right']} right. 64-channel BCI2000 recording
  at 160 Hz; the {C} sensorimotor channels FC5..FC6, C5..C6, CP5..CP6 are used. R12 (the third imagery run of
  S001) is held back for acceptance tests and was not available to this training.
- Licence of the data: Open Data Commons Attribution 1.0 (ODC-By 1.0). Cite Schalk G, McFarland DJ,
  Hinterberger T, Birbaumer N, Wolpaw JR. BCI2000: A General-Purpose Brain-Computer Interface (BCI) System.
  IEEE Trans Biomed Eng 51(6):1034-1043, 2004; and Goldberger AL et al., PhysioBank, PhysioToolkit, and
  PhysioNet, Circulation 101(23):e215-e220, 2000. The model weights are derived from these data: keep the
  attribution when redistributing.
- Files: the byte-exact PhysioNet originals in the project's shared data folder (`eegmmidb/S001R04.edf`,
  `S001R08.edf`; `samples/S001R04.edf` in this repository is the same file).

## Preprocessing (all of it causal, as a NeuroRT pipeline does it online)

1. EDF physical values in the header's unit (µV), as float32.
2. Channel subset: the {C} channels of `channel_names`, in that order.
3. Band-pass {m['band_hz'][0]:g}-{m['band_hz'][1]:g} Hz, Butterworth, `order` {m['filter_order']} (SciPy's
   `butter(order, [low, high], 'bandpass', output='sos')`, {2 * m['filter_order']} poles), run with `sosfilt` from
   zero state over each whole continuous recording, exactly as the `bandpass` stage runs on the stream. No `filtfilt`.
4. Window: {n_t} samples ({m['window_s'][1] - m['window_s'][0]:g} s) starting {m['window_s'][0]:g} s after the cue
   (annotation onset), for evaluation and for the reference vectors. During training only, each window's start
   is shifted at random by up to ±{m['crop_jitter_s'] / 2:g} s (same length; augmentation, and the online decoder
   sees windows at every step, not only cue-locked ones).
5. No re-referencing, no per-window normalisation, no scaling (`input_scale` 1).

## Architecture

{a}

## Training

Adam, learning rate {m['lr']:g}, batch {m['batch']}, {m['epochs']} epochs, negative log-likelihood of the
softmax output; max-norm constraints applied after every step; seed {m['seed']}; `torch.set_num_threads(1)`,
deterministic algorithms. No early stopping and no hyper-parameter search: every setting was fixed before
the evaluation, none was chosen on a test fold. The exported model is trained on all {m['n_trials']} trials with the
same settings (its accuracy on its own training trials, {m['final_model_training_accuracy']:.3f}, says nothing
about new data).

## Cross-validated accuracy (EEGMMIDB S001)

Accuracy on held-out trials, one cue-locked window per trial (0.5-3.5 s). Chance is 0.5 (two classes); the p
value is the one-sided binomial probability of at least the pooled number of correct held-out trials under
chance (p = 0.5); "p < 0.05 needs" is the smallest pooled accuracy that would have been significant for this
number of trials (Combrisson & Jerbi 2015).

| scheme | fold accuracy, mean ± sd (folds) | pooled | chance | p < 0.05 needs | p |
|---|---|---|---|---|---|
{rows}

Stratified 5-fold: trials of both runs pooled and split 5 ways per class (seeded); leave-one-run-out: train on
one run, test on the other (a stricter test: a session-like shift between runs).

{cv_note}

## Additional evaluation: bci4als recordings (not used in the exported model)

The two bci4als XDF recordings (evyatarluv/bci4als, MIT licence; OpenBCI Cyton+Daisy at 125 Hz, 13 EEG channels
C3, C4, P7, P8, O1, O2, F7, F8, F3, F4, T7, T8, P3; Psychopy markers 2 = left hand, 3 = right hand, 1 = idle
(not used), trials ~5.5 s) are read with the script's own small XDF reader. Their channels and rate differ from
EEGMMIDB's, so they cannot feed the same model; the same architecture and settings were cross-validated within
each recording (same band-pass and 0.5-3.5 s window, 375 samples; the large OpenBCI DC offset is subtracted
(the first sample) before the filter). The reader ignores clock offsets (both streams come from one machine)
and places each marker at the first EEG sample at or after its time stamp.

{btable}{stable}

## Known limits

- Very little data: {m['n_trials']} trials of one subject. With so few trials, cross-validated accuracy has a wide
  spread (see the fold sd) and only accuracies at or above the threshold in the table are distinguishable from
  chance. Treat this model as a working example of the export path and of the pipeline, not as a decoder to trust.
- One subject (S001), one session; no transfer to other people is expected.
- Trained on cue-locked windows 0.5-3.5 s after the cue (with ±{m['crop_jitter_s'] / 2:g} s jitter); online it is
  applied to every window, including rest, for which it has no class: both outputs are then meaningless.
  Threshold the confidence and smooth over windows downstream.
- `samples/S001R04.edf` is one of its training runs: a demo on that file does not measure accuracy.

## Reproduce

From the repository root, with Debian's python (`apt-get install python3-torch python3-onnx python3-mne
python3-scipy python3-numpy`), the shared data folder beside the repository (`../shared/data`):

```sh
/usr/bin/python3 models/train_motor_imagery.py --data ../shared/data
```

It rewrites both models' `.onnx`, `reference.json`, `metrics.json` and `MODEL_CARD.md`, and
`models/bci4als-metrics.json`, in about ten minutes on two CPU cores (`--skip-bci4als` saves about half). Seeded and single-threaded: a rerun on the
same torch build gives the same numbers.

## Reference vectors

`reference.json`: {N_REF} real windows (after the preprocessing above, one per listed trial) and PyTorch's outputs
for them in eval mode (float32, 9 significant digits: exact float32 values). ONNX Runtime's output for the same
input must equal them to `tolerance` (1e-5).
"""
    with open(os.path.join(out_dir, "MODEL_CARD.md"), "w") as f:
        f.write(text)



def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", default=os.path.join(HERE, "..", "..", "shared", "data"),
                    help="the shared data folder (holding eegmmidb/ and xdf/bci4als/)")
    ap.add_argument("--out", default=HERE, help="where models/<name>/ are written (default: this folder)")
    ap.add_argument("--skip-bci4als", action="store_true", help="skip the bci4als XDF evaluation")
    ap.add_argument("--only", choices=list(ARCHS), help="train one architecture only")
    ap.add_argument("--cards-only", action="store_true",
                    help="only rewrite the MODEL_CARD.md files from the metrics.json files already written")
    args = ap.parse_args()
    names = {"eegnet": "eegnet-mi", "shallow": "shallow-mi"}
    archs = [args.only] if args.only else list(ARCHS)

    def cards():
        bpath = os.path.join(args.out, "bci4als-metrics.json")
        bci = json.load(open(bpath)) if os.path.exists(bpath) else {}
        for arch in archs:
            d = os.path.join(args.out, names[arch])
            write_card(d, json.load(open(os.path.join(d, "metrics.json"))), bci)

    if args.cards_only:
        cards()
        return 0

    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)
    t0 = time.time()
    data = load_eegmmidb(os.path.join(args.data, "eegmmidb"))
    labels = [t[2] for t in data["trials"]]
    print(f"EEGMMIDB S001 runs {data['runs']}: {len(labels)} trials (left {labels.count(0)}, right {labels.count(1)}), "
          f"{len(data['channels'])} channels at {data['fs']:g} Hz, window {TMIN:g}-{TMAX:g} s", flush=True)
    for arch in archs:
        cv = [cross_validate(arch, data, s, SEED) for s in ("stratified-5-fold", "leave-one-run-out")]
        for r in cv:
            print(f"{names[arch]} {r['scheme']}: mean {r['mean']:.3f} ± {r['sd']:.3f} (folds {r['fold_accuracies']}), "
                  f"pooled {r['pooled_correct']}/{r['n_trials']} = {r['pooled_accuracy']:.3f}, "
                  f"p = {r['p_value_vs_chance']:.3g} vs chance 0.5 (p < 0.05 needs >= {r['significance_threshold_p05']:.3f})",
                  flush=True)
        final = train(arch, data, list(range(len(labels))), SEED)
        train_acc = float((predict(final, data, range(len(labels))).argmax(1) == np.array(labels)).mean())
        metrics = dict(model=names[arch], architecture=arch, data=f"EEGMMIDB S001 {'+'.join(data['runs'])}",
                       n_trials=len(labels), n_left=labels.count(0), n_right=labels.count(1),
                       channels=data["channels"], sampling_rate=data["fs"], window_s=[TMIN, TMAX],
                       band_hz=list(BAND), filter_order=ORDER, epochs=EPOCHS[arch], batch=BATCH, lr=LR,
                       crop_jitter_s=CROP_JITTER, seed=SEED, cross_validation=cv,
                       median_window_rms_uv=round(median_window_rms(data), 2),
                       final_model_training_accuracy=round(train_acc, 4))
        export(arch, names[arch], final, data, os.path.join(args.out, names[arch]), metrics)
        print(f"{names[arch]}: exported ({metrics['parameters']} parameters, {metrics['onnx_bytes']} bytes), "
              f"training accuracy of the final model {train_acc:.3f} [{time.time() - t0:.0f} s]", flush=True)

    if not args.skip_bci4als:
        res = {}
        folder = os.path.join(args.data, "xdf", "bci4als")
        for fn in sorted(os.listdir(folder)) if os.path.isdir(folder) else []:
            if not fn.endswith(".xdf"):
                continue
            d = load_bci4als(os.path.join(folder, fn))
            lab = [t[2] for t in d["trials"]]
            res[fn] = dict(n_trials=len(lab), n_left=lab.count(0), n_right=lab.count(1), sampling_rate=d["fs"],
                           channels=d["channels"], median_window_rms_uv=round(median_window_rms(d), 2))
            for arch in archs:
                r = cross_validate(arch, d, "stratified-5-fold", SEED)
                res[fn][arch] = r
                print(f"bci4als {fn} {arch} {r['scheme']}: mean {r['mean']:.3f} ± {r['sd']:.3f}, pooled "
                      f"{r['pooled_correct']}/{r['n_trials']} = {r['pooled_accuracy']:.3g}, p = {r['p_value_vs_chance']:.3g} "
                      f"[{time.time() - t0:.0f} s]", flush=True)
            # Which channels carry the decision? Motor imagery should live over C3/C4; F7/F8 pick up horizontal
            # eye movements, O1/O2/P7/P8 lateralised visual responses to a left/right cue: if those alone
            # decode as well, the accuracy is not evidence of imagery.
            res[fn]["eegnet_channel_subsets"] = {}
            if "eegnet" in archs:
                for chans in BCI4ALS_SUBSETS:
                    idx = [d["channels"].index(c) for c in chans]
                    ds = dict(d, channels=chans, signals={k: v[:, idx] for k, v in d["signals"].items()})
                    r = cross_validate("eegnet", ds, "stratified-5-fold", SEED)
                    res[fn]["eegnet_channel_subsets"][",".join(chans)] = r
                    print(f"bci4als {fn} eegnet on {chans}: pooled {r['pooled_correct']}/{r['n_trials']}, "
                          f"p = {r['p_value_vs_chance']:.3g} [{time.time() - t0:.0f} s]", flush=True)
        with open(os.path.join(args.out, "bci4als-metrics.json"), "w") as f:
            json.dump(res, f, indent=2)
            f.write("\n")
    cards()
    print(f"done in {time.time() - t0:.0f} s")


if __name__ == "__main__":
    sys.exit(main())
