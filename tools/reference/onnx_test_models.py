#!/usr/bin/python3
"""Tiny ONNX decoders and PyTorch reference outputs for tests/NeuroRT.Onnx.Tests.

Run with Debian's interpreter (python3-torch 1.13, python3-onnx), from the repository root:
    /usr/bin/python3 tools/reference/onnx_test_models.py
Writes tests/NeuroRT.Onnx.Tests/Fixtures/*.onnx and reference.json. Deterministic (fixed seeds).

Each model carries the NeuroRT metadata contract as custom metadata (metadata_props):
  sampling_rate   Hz, decimal text                      e.g. "160"
  channel_names   JSON list, the order of the input's channel axis
  window_samples  samples per window (the input's time axis)
  class_names     JSON list, one per output value (classifiers)
  output_kind     "probabilities" | "logits" | "regression"
  output_names    JSON list, names of regression outputs (optional; default y0, y1, ...)
  input_scale     factor applied to the stream's (microvolt) values before the model (optional, default 1)
  preprocessing   free text: the filters the pipeline must apply before the decoder (optional)
  neurort_model_version  "1"
The contract is models/CONTRACT.md; output_names is a NeuroRT extension for regression models.
Input: float32 [1 or batch, channels, samples] or [1 or batch, 1, channels, samples]; output [1 or batch, n].
"""
import json
import os

import numpy as np
import onnx
import torch

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "tests", "NeuroRT.Onnx.Tests", "Fixtures")
RATE = 160
CHANNELS = ["C3", "Cz", "C4", "Pz"]
WINDOW = 32
CLASSES = ["left", "right", "rest"]
SCALE = 0.001  # e.g. uV in the stream, mV in the model


class Linear(torch.nn.Module):
    """Flatten -> dense -> optional softmax; rank 3 or 4 input."""

    def __init__(self, channels, samples, outputs, softmax):
        super().__init__()
        self.dense = torch.nn.Linear(channels * samples, outputs)
        self.softmax = softmax

    def forward(self, x):
        y = self.dense(x.reshape(1, -1) if x.dim() == 2 else torch.flatten(x, 1))
        return torch.softmax(y, dim=1) if self.softmax else y


class SmallConv(torch.nn.Module):
    """A realistically sized decoder for the benchmark: temporal conv, spatial conv, pooling, dense, softmax."""

    def __init__(self, channels, samples, classes):
        super().__init__()
        self.temporal = torch.nn.Conv2d(1, 8, (1, 33), padding=(0, 16), bias=False)
        self.spatial = torch.nn.Conv2d(8, 16, (channels, 1), bias=False)
        self.pool = torch.nn.AvgPool2d((1, 8))
        self.dense = torch.nn.Linear(16 * (samples // 8), classes)

    def forward(self, x):
        y = self.pool(torch.nn.functional.elu(self.spatial(self.temporal(x))))
        return torch.softmax(self.dense(torch.flatten(y, 1)), dim=1)


def export(name, module, shape, meta, dynamic_batch=False):
    torch.manual_seed(0)
    path = os.path.join(OUT, name + ".onnx")
    module.eval()
    example = torch.zeros(shape)
    axes = {"x": {0: "batch"}, "y": {0: "batch"}} if dynamic_batch else None
    torch.onnx.export(module, example, path, input_names=["x"], output_names=["y"], opset_version=13, dynamic_axes=axes)
    model = onnx.load(path)
    for k, v in meta.items():
        p = model.metadata_props.add()
        p.key, p.value = k, v
    model.producer_name = "neurort-test-fixtures"
    model.doc_string = f"NeuroRT test fixture '{name}'"
    onnx.checker.check_model(model, full_check=True)
    onnx.save(model, path)


def contract(channels=CHANNELS, rate=RATE, window=WINDOW, classes=CLASSES, kind="probabilities", scale=SCALE):
    m = {"sampling_rate": str(rate), "channel_names": json.dumps(channels), "window_samples": str(window),
         "output_kind": kind, "input_scale": repr(scale), "neurort_model_version": "1",
         "preprocessing": "none (test fixture)"}
    if classes is not None:
        m["class_names"] = json.dumps(classes)
    return m


def reference(module, model_channels, shape, kind):
    """A stream window (sample-major, stream channel order with an extra channel) and PyTorch's output for it."""
    rng = np.random.default_rng(42)
    stream_channels = ["Fz"] + list(reversed(model_channels))  # a different order plus a channel the model does not use
    window = shape[-1]
    stream = (rng.standard_normal((window, len(stream_channels))) * 20).astype(np.float32)
    x = np.empty((len(model_channels), window), dtype=np.float32)
    for c, name in enumerate(model_channels):
        x[c] = stream[:, stream_channels.index(name)] * np.float32(SCALE)  # float32 product, as the stage does
    with torch.no_grad():
        y = module(torch.from_numpy(x.reshape(shape))).numpy().reshape(-1)
    ref = {"stream_channels": stream_channels, "stream_window": stream.reshape(-1).tolist(),
           "expected": y.astype(np.float64).tolist()}
    if kind == "logits":  # what the stage must emit: PyTorch's softmax of the logits
        ref["expected_probabilities"] = torch.softmax(torch.from_numpy(y.reshape(1, -1)), dim=1).numpy().reshape(-1).astype(np.float64).tolist()
    return ref


def main():
    os.makedirs(OUT, exist_ok=True)
    refs = {}
    c, t = len(CHANNELS), WINDOW

    def build(name, module, shape, meta, dynamic_batch=False, ref=True):
        torch.manual_seed(1)
        for p in module.parameters():
            torch.nn.init.normal_(p, std=0.5)
        export(name, module, shape, meta, dynamic_batch)
        if ref:
            refs[name] = reference(module, json.loads(meta["channel_names"]), shape, meta["output_kind"])

    build("linear_softmax", Linear(c, t, 3, True), (1, c, t), contract())
    build("linear_logits", Linear(c, t, 3, False), (1, c, t), contract(kind="logits"))
    build("linear_rank4", Linear(c, t, 3, True), (1, 1, c, t), contract())
    build("linear_dynamic_batch", Linear(c, t, 3, True), (1, c, t), contract(), dynamic_batch=True)
    reg = contract(classes=None, kind="regression")
    reg["output_names"] = json.dumps(["x", "y"])
    build("regression", Linear(c, t, 2, False), (1, c, t), reg)
    # Models that disagree with the test stream (4 named channels at 160 Hz, 32-sample windows).
    build("wrong_channels", Linear(5, t, 3, True), (1, 5, t), contract(channels=CHANNELS + ["O1"]), ref=False)
    build("wrong_rate", Linear(c, t, 3, True), (1, c, t), contract(rate=250), ref=False)
    build("wrong_window", Linear(c, 64, 3, True), (1, c, 64), contract(window=64), ref=False)
    build("wrong_rank", Linear(c, t, 3, True), (c, t), contract(), ref=False)
    # Benchmark-sized model: 64 channels x 480 samples (3 s at 160 Hz), 2 classes.
    bench_channels = [f"E{i:02d}" for i in range(64)]
    build("bench_conv_64x480", SmallConv(64, 480, 2), (1, 1, 64, 480),
          contract(channels=bench_channels, window=480, classes=["left", "right"]), ref=False)
    with open(os.path.join(OUT, "reference.json"), "w") as f:
        json.dump(refs, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
