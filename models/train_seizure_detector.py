#!/usr/bin/python3
"""Trains and exports the Bonn seizure detector (models/seizure-bonn), on features computed by NeuroRT itself.

Run from the repository root with Debian's interpreter (python3-numpy, python3-onnx, python3-yaml), after
`dotnet build src/NeuroRT.Cli -c Release`:
    /usr/bin/python3 models/train_seizure_detector.py [--data ../shared/data/bonn] [--work DIR] [--seed 1]

1. Streams: tools/seizure/make_bonn_streams.py (seeded) writes the training streams (Bonn segments 001-040:
   bonn-train-1..4 with 21 seizures, bonn-train-healthy) and the held-out ones (041-050: bonn-eval-1, -2, -healthy).
2. Features, one implementation: models/seizure-bonn/features.yaml (notch 50 Hz, 2 s windows every 0.5 s, log band
   power in 7 bands, 1-70 Hz) is run per stream with the built CLI (`neurort run --speed 0`, jsonl output, latency
   false); the script reads the jsonl frames back as float32, exactly as the online onnx stage will receive them.
3. Labels: a window is `seizure` when its end (the timestamp of its last sample, the frame's `t`) lies inside an
   annotated seizure [onset, onset + duration) of the stream's TSV, else `background`. So a window that ends in a
   seizure's first second holds mostly background: the detector learns to call a seizure once it is under way.
4. Classifier: logistic regression on the 7 log band powers (standardised with the training mean and deviation,
   folded into the exported weights), class-balanced (each class weighs half), L2 penalty 1e-3, fitted by Newton's
   method (IRLS) to convergence: deterministic, no randomness involved beyond the stream generator's seed. Causal: it
   sees one window, which ends at the current sample.
5. Export (ONNX opset 13, built node by node with onnx.helper so the graph is exactly the formula):
   - seizure-bonn.onnx: input `features` [1, 7] (feature_names = the bandpower stage's output names for channel
     "Bonn"), output `probabilities` [1, 2] = softmax([0, w.x + b]) = [1 - p, p], class_names [background, seizure].
   - seizure-bonn-multichannel.onnx: the same weights applied to each of 19 standard 10-20 channels inside the graph
     (input [1, 19 x 7], channel-major as bandpower emits it, reshaped to [19, 7]), then the MAX seizure probability
     over channels: output [1 - max p, max p]. feature_names "<channel>:<band>" for Fp1 ... O2.
   - reference.json: a few real feature frames and numpy's outputs for them (the 1e-5 test of tests/NeuroRT.Onnx.Tests).
   - metrics.json: training and held-out window-level numbers (the event-level evaluation is tools/seizure/evaluate.sh).
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile

import numpy as np
import onnx
from onnx import TensorProto, helper

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
sys.path.insert(0, os.path.join(ROOT, "tools", "seizure"))
import instantiate  # noqa: E402  (tools/seizure/instantiate.py)

OUT = os.path.join(ROOT, "models", "seizure-bonn")
FEATURES_PIPELINE = os.path.join(OUT, "features.yaml")
CLI = os.path.join(ROOT, "src", "NeuroRT.Cli", "bin", "Release", "net10.0", "neurort.dll")
BANDS = ["1-4Hz", "4-8Hz", "8-13Hz", "13-20Hz", "20-30Hz", "30-45Hz", "45-70Hz"]
CHANNEL = "Bonn"
MULTI_CHANNELS = ["Fp1", "Fp2", "F7", "F3", "Fz", "F4", "F8", "T7", "C3", "Cz", "C4", "T8", "P7", "P3", "Pz", "P4", "P8", "O1", "O2"]
CLASSES = ["background", "seizure"]
TRAIN = ["bonn-train-1", "bonn-train-2", "bonn-train-3", "bonn-train-4", "bonn-train-healthy"]
EVAL = ["bonn-eval-1", "bonn-eval-2", "bonn-eval-healthy"]
L2 = 1e-3
PREPROCESSING = ("notch 50 Hz (q 30); window 2 s, step 0.5 s; bandpower log, welch, segment 1 s, hann, overlap 0.5, "
                 "bands 1-4, 4-8, 8-13, 13-20, 20-30, 30-45, 45-70 Hz (models/seizure-bonn/features.yaml)")


def features_of(edf, work):
    """Runs the feature pipeline on one stream with NeuroRT; returns (t [n], X float32 [n, 7]) in band order."""
    name = os.path.splitext(os.path.basename(edf))[0]
    pipeline, log = os.path.join(work, name + "-features.yaml"), os.path.join(work, name + "-features.jsonl")
    if os.path.exists(log):
        os.remove(log)
    instantiate.instantiate(FEATURES_PIPELINE, edf, pipeline, {"jsonl": log})
    run = subprocess.run(["dotnet", CLI, "run", pipeline, "--speed", "0", "--quiet"], capture_output=True, text=True)
    if run.returncode != 0:
        sys.exit(f"error: neurort run {pipeline} failed ({run.returncode}):\n{run.stderr}")
    return read_features(log, [f"{CHANNEL}:{b}" for b in BANDS])


def read_features(log, names):
    t, x = [], []
    with open(log) as f:
        for line in f:
            frame = json.loads(line)
            t.append(frame["t"])
            x.append([frame["values"][n] for n in names])
    # The jsonl numbers are the shortest text that reads back to the same float32: this is the stage's output exactly.
    return np.array(t), np.array(x, dtype=np.float32)


def seizures_of(tsv):
    out = []
    with open(tsv) as f:
        header = f.readline().rstrip("\n").split("\t")
        for line in f:
            row = dict(zip(header, line.rstrip("\n").split("\t")))
            if row["eventType"] == "sz":
                out.append((float(row["onset"]), float(row["onset"]) + float(row["duration"])))
    return out


def labels_of(t, seizures):
    y = np.zeros(len(t), dtype=np.int64)
    for onset, end in seizures:
        y[(t >= onset) & (t < end)] = 1
    return y


def fit_logistic(x, y):
    """Class-balanced L2 logistic regression by Newton's method on standardised features."""
    mean, sd = x.mean(axis=0), x.std(axis=0)
    z = np.hstack([(x - mean) / sd, np.ones((len(x), 1))])
    weight = np.where(y == 1, 0.5 / y.mean(), 0.5 / (1 - y.mean())) / len(y)
    beta = np.zeros(z.shape[1])
    penalty = np.full(z.shape[1], L2)
    penalty[-1] = 0
    for iteration in range(100):
        p = 1 / (1 + np.exp(-z @ beta))
        grad = z.T @ (weight * (p - y)) + penalty * beta
        hess = (z * (weight * p * (1 - p))[:, None]).T @ z + np.diag(penalty)
        step = np.linalg.solve(hess, grad)
        beta -= step
        if np.max(np.abs(step)) < 1e-10:
            break
    else:
        sys.exit("error: the logistic regression did not converge in 100 Newton steps")
    w = beta[:-1] / sd
    b = beta[-1] - np.sum(beta[:-1] * mean / sd)
    return w.astype(np.float32), np.float32(b), iteration + 1


def probability(x, w, b):
    """What the exported graph computes, in float32: softmax([0, x.w + b])[1]."""
    s = (x.astype(np.float32) @ w.astype(np.float32)) + np.float32(b)
    return (1 / (1 + np.exp(-s.astype(np.float64)))).astype(np.float32)


def window_metrics(y, p):
    hit = p >= 0.5
    tp, fn = int(np.sum(hit & (y == 1))), int(np.sum(~hit & (y == 1)))
    tn, fp = int(np.sum(~hit & (y == 0))), int(np.sum(hit & (y == 0)))
    order = np.argsort(p)
    ranks = np.empty(len(p))
    ranks[order] = np.arange(1, len(p) + 1)
    pos = y == 1
    auc = (ranks[pos].sum() - pos.sum() * (pos.sum() + 1) / 2) / (pos.sum() * (~pos).sum()) if 0 < pos.sum() < len(y) else None
    return {"windows": int(len(y)), "seizure_windows": int(pos.sum()), "sensitivity": tp / (tp + fn) if tp + fn else None,
            "specificity": tn / (tn + fp) if tn + fp else None, "auc": auc, "tp": tp, "fn": fn, "tn": tn, "fp": fp}


def metadata(model, entries):
    for k, v in entries.items():
        model.metadata_props.append(onnx.StringStringEntryProto(key=k, value=v))


def single_channel_model(w, b):
    weights = np.stack([np.zeros_like(w), w], axis=1).astype(np.float32)        # [7, 2]: logits [0, w.x + b]
    bias = np.array([0, b], dtype=np.float32)
    graph = helper.make_graph(
        [helper.make_node("MatMul", ["features", "W"], ["xw"]),
         helper.make_node("Add", ["xw", "b"], ["logits"]),
         helper.make_node("Softmax", ["logits"], ["probabilities"], axis=1)],
        "seizure_bonn",
        [helper.make_tensor_value_info("features", TensorProto.FLOAT, [1, len(BANDS)])],
        [helper.make_tensor_value_info("probabilities", TensorProto.FLOAT, [1, 2])],
        [helper.make_tensor("W", TensorProto.FLOAT, weights.shape, weights.flatten()),
         helper.make_tensor("b", TensorProto.FLOAT, bias.shape, bias)])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)], producer_name="models/train_seizure_detector.py")
    model.ir_version = 8
    metadata(model, {
        "neurort_model_version": "1", "input_kind": "features",
        "feature_names": json.dumps([f"{CHANNEL}:{band}" for band in BANDS]),
        "class_names": json.dumps(CLASSES), "output_kind": "probabilities", "sampling_rate": "173.61",
        "preprocessing": PREPROCESSING})
    onnx.checker.check_model(model)
    return model


def multichannel_model(w, b):
    c, f = len(MULTI_CHANNELS), len(BANDS)
    weights = w.reshape(f, 1).astype(np.float32)
    nodes = [
        helper.make_node("Reshape", ["features", "per_channel_shape"], ["per_channel"]),        # [C, F]
        helper.make_node("MatMul", ["per_channel", "w"], ["score0"]),                          # [C, 1]
        helper.make_node("Add", ["score0", "b"], ["score"]),
        helper.make_node("Sigmoid", ["score"], ["p_channel"]),                                 # P(seizure) per channel
        helper.make_node("ReduceMax", ["p_channel"], ["p_max"], axes=[0], keepdims=1),         # [1, 1]: max over channels
        helper.make_node("Sub", ["one", "p_max"], ["p_background"]),
        helper.make_node("Concat", ["p_background", "p_max"], ["probabilities"], axis=1),      # [1, 2]
    ]
    graph = helper.make_graph(
        nodes, "seizure_bonn_multichannel",
        [helper.make_tensor_value_info("features", TensorProto.FLOAT, [1, c * f])],
        [helper.make_tensor_value_info("probabilities", TensorProto.FLOAT, [1, 2])],
        [helper.make_tensor("per_channel_shape", TensorProto.INT64, [2], [c, f]),
         helper.make_tensor("w", TensorProto.FLOAT, weights.shape, weights.flatten()),
         helper.make_tensor("b", TensorProto.FLOAT, [1], [b]),
         helper.make_tensor("one", TensorProto.FLOAT, [1, 1], [1.0])])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)], producer_name="models/train_seizure_detector.py")
    model.ir_version = 8
    metadata(model, {
        "neurort_model_version": "1", "input_kind": "features",
        "feature_names": json.dumps([f"{ch}:{band}" for ch in MULTI_CHANNELS for band in BANDS]),
        "class_names": json.dumps(CLASSES), "output_kind": "probabilities",
        "preprocessing": "per channel, " + PREPROCESSING.replace(" (models/seizure-bonn/features.yaml)", "")
        + "; the seizure probability is the maximum over the 19 channels of the single-channel model's"})
    onnx.checker.check_model(model)
    return model


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", default=os.path.join(ROOT, "..", "shared", "data", "bonn"))
    parser.add_argument("--work", help="folder for the generated streams and feature logs (default: a temporary one)")
    parser.add_argument("--seed", type=int, default=1, help="the stream generator's seed")
    a = parser.parse_args()
    if not os.path.exists(CLI):
        sys.exit(f"error: {CLI} not found: build the CLI first (dotnet build src/NeuroRT.Cli -c Release)")
    if not os.path.isdir(a.data):
        sys.exit(f"error: the Bonn data folder {a.data} is missing (see ../shared/data/README.md, section bonn)")
    work = a.work or tempfile.mkdtemp(prefix="seizure-train-")
    streams = os.path.join(work, "streams")
    subprocess.run([sys.executable, os.path.join(ROOT, "tools", "seizure", "make_bonn_streams.py"), "--data", a.data,
                    "--out", streams, "--seed", str(a.seed)], check=True, stdout=subprocess.DEVNULL)

    def dataset(names):
        xs, ys, per = [], [], {}
        for name in names:
            t, x = features_of(os.path.join(streams, name + ".edf"), work)
            y = labels_of(t, seizures_of(os.path.join(streams, name + ".tsv")))
            xs.append(x)
            ys.append(y)
            per[name] = (t, x, y)
        return np.vstack(xs), np.concatenate(ys), per

    x_train, y_train, train = dataset(TRAIN)
    x_eval, y_eval, held_out = dataset(EVAL)
    w, b, iterations = fit_logistic(x_train.astype(np.float64), y_train)
    metrics = {
        "classifier": "logistic regression, class-balanced, L2 1e-3, Newton/IRLS", "newton_steps": iterations,
        "feature_names": [f"{CHANNEL}:{band}" for band in BANDS], "weights": [float(v) for v in w], "bias": float(b),
        "label_rule": "seizure if the window's end lies in [onset, onset + duration) of an annotated seizure",
        "train": window_metrics(y_train, probability(x_train, w, b)),
        "held_out": window_metrics(y_eval, probability(x_eval, w, b)),
        "held_out_per_stream": {n: window_metrics(y, probability(x, w, b)) for n, (t, x, y) in held_out.items()},
        "seed": a.seed,
    }
    os.makedirs(OUT, exist_ok=True)
    onnx.save(single_channel_model(w, b), os.path.join(OUT, "seizure-bonn.onnx"))
    onnx.save(multichannel_model(w, b), os.path.join(OUT, "seizure-bonn-multichannel.onnx"))

    # Reference frames: real features of the first held-out stream, background and seizure.
    t, x, y = held_out["bonn-eval-1"]
    picks = [int(np.argmax(y == 0)), int(np.argmax(y == 1)), int(np.argmax(y == 1)) + 20, len(y) - 1]
    cases = [{"description": f"bonn-eval-1 window ending at t = {t[i]:.4f} s ({CLASSES[y[i]]})", "label": CLASSES[y[i]],
              "stream": "bonn-eval-1", "t": float(t[i]), "input": [float(v) for v in x[i]], "output": [float(1 - p), float(p)]}
             for i in picks for p in [probability(x[i:i + 1], w, b)[0]]]
    with open(os.path.join(OUT, "reference.json"), "w") as f:
        json.dump({"model": "seizure-bonn.onnx", "input_name": "features", "input_shape": [1, len(BANDS)],
                   "feature_names": metrics["feature_names"], "output_name": "probabilities", "tolerance": 1e-5,
                   "producer": "numpy float32 formula of the graph", "cases": cases}, f, indent=1)
        f.write("\n")
    with open(os.path.join(OUT, "metrics.json"), "w") as f:
        json.dump(metrics, f, indent=1)
        f.write("\n")
    print(json.dumps({k: metrics[k] for k in ("newton_steps", "train", "held_out")}, indent=1))
    print(f"wrote {OUT}/seizure-bonn.onnx, seizure-bonn-multichannel.onnx, reference.json, metrics.json (work folder {work})")


if __name__ == "__main__":
    main()
