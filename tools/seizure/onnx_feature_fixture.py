#!/usr/bin/python3
"""A tiny feature-input ONNX model and its expected outputs, for the onnx stage's feature-frame tests.

Run from the repository root with Debian's interpreter (python3-onnx, python3-numpy):
    /usr/bin/python3 tools/seizure/onnx_feature_fixture.py
Writes tests/NeuroRT.Onnx.Tests/Fixtures/linear_features.onnx and features_reference.json. Deterministic.

The model is softmax(scale * x W + b) on x = [1, 4] features named as feature stages name their outputs
(bandpower: "<channel>:<low>-<high>Hz", line-length/energy: "<channel>"), with input_kind = features and no
sampling_rate/window_samples. The reference frame holds those features in another order, with EDF's padding
dots ("C3..:8-13Hz") and one feature the model does not use, so the test checks the loose, reordering match.
"""
import json
import os

import numpy as np
import onnx
from onnx import TensorProto, helper

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "tests", "NeuroRT.Onnx.Tests", "Fixtures")
FEATURES = ["C3:8-13Hz", "C4:8-13Hz", "C3", "C4:13-30Hz"]
CLASSES = ["background", "seizure"]
SCALE = 0.5
FRAME_CHANNELS = ["C4..:13-30Hz", "C3..:8-13Hz", "Pz:8-13Hz", "C4..:8-13Hz", "C3.."]


def main():
    rng = np.random.default_rng(9)
    w = rng.normal(size=(len(FEATURES), len(CLASSES))).astype(np.float32)
    b = rng.normal(size=(len(CLASSES),)).astype(np.float32)
    graph = helper.make_graph(
        [helper.make_node("MatMul", ["features", "W"], ["xw"]),
         helper.make_node("Add", ["xw", "b"], ["z"]),
         helper.make_node("Softmax", ["z"], ["probabilities"], axis=1)],
        "linear_features",
        [helper.make_tensor_value_info("features", TensorProto.FLOAT, [1, len(FEATURES)])],
        [helper.make_tensor_value_info("probabilities", TensorProto.FLOAT, [1, len(CLASSES)])],
        [helper.make_tensor("W", TensorProto.FLOAT, w.shape, w.flatten()), helper.make_tensor("b", TensorProto.FLOAT, b.shape, b)])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)], producer_name="neurort-tests")
    model.ir_version = 8
    meta = {"neurort_model_version": "1", "input_kind": "features", "feature_names": json.dumps(FEATURES),
            "class_names": json.dumps(CLASSES), "output_kind": "probabilities", "input_scale": str(SCALE)}
    for k, v in meta.items():
        model.metadata_props.append(onnx.StringStringEntryProto(key=k, value=v))
    onnx.checker.check_model(model)
    onnx.save(model, os.path.join(OUT, "linear_features.onnx"))

    frame = rng.normal(size=len(FRAME_CHANNELS)).astype(np.float32)
    x = np.array([frame[[c.replace(".", "") for c in FRAME_CHANNELS].index(f)] for f in FEATURES], dtype=np.float32)
    z = (x * np.float32(SCALE)) @ w + b
    p = np.exp(z - z.max())
    p /= p.sum()
    with open(os.path.join(OUT, "features_reference.json"), "w") as f:
        json.dump({"frame_channels": FRAME_CHANNELS, "frame": [float(v) for v in frame],
                   "expected_probabilities": [float(v) for v in p]}, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
