#!/usr/bin/python3
"""Writes a copy of a pipeline file for one recording: the source path, every input file path made absolute
(so the copy runs from any folder), and chosen output paths.

    /usr/bin/python3 tools/seizure/instantiate.py PIPELINE RECORDING OUT.yaml [--log OUTPUT=PATH ...]

OUTPUT is an output's `name` (or its `type` when it has no name): its `path` (jsonl) or `log` (seizure-alarm) becomes
PATH. Used by models/train_seizure_detector.py, tools/seizure/evaluate.sh and the seizure tests' documentation: the
committed pipelines keep paths that work from the repository, the per-stream copies point at generated streams.
"""
import argparse
import os
import sys

import yaml


def instantiate(pipeline, recording, out, logs):
    with open(pipeline) as f:
        doc = yaml.safe_load(f)
    folder = os.path.dirname(os.path.abspath(pipeline))
    doc["source"]["path"] = os.path.abspath(recording)
    for stage in doc.get("stages", []) + doc.get("nodes", []):
        for key in ("model", "file"):
            if key in stage and not os.path.isabs(stage[key]):
                stage[key] = os.path.normpath(os.path.join(folder, stage[key]))
    for output in doc.get("outputs", []):
        name = output.get("name", output["type"])
        if name in logs:
            output["log" if output["type"] == "seizure-alarm" else "path"] = os.path.abspath(logs.pop(name))
    if logs:
        sys.exit(f"error: {pipeline}: no output named {', '.join(logs)}")
    with open(out, "w") as f:
        yaml.safe_dump(doc, f, sort_keys=False)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("pipeline")
    parser.add_argument("recording")
    parser.add_argument("out")
    parser.add_argument("--log", action="append", default=[], help="OUTPUT=PATH")
    a = parser.parse_args()
    instantiate(a.pipeline, a.recording, a.out, dict(x.split("=", 1) for x in a.log))


if __name__ == "__main__":
    main()
