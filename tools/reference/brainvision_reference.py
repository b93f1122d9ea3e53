"""Reference values for the BrainVision reader tests, computed with MNE-Python (mne.io.read_raw_brainvision).

Run from the repository root with a Python that has mne and numpy:
    python tools/reference/brainvision_reference.py
It reads ../shared/data/brainvision/test.vhdr and writes
tests/NeuroRT.Formats.Tests/Fixtures/brainvision_reference.json.

MNE converts every channel to SI units (value = raw * resolution * unit_scale, the scale kept as the channel's
'range'); the reader under test returns values in the header's own unit, so values are divided back by that scale.
Marker positions are MNE onsets in samples (0-based); the .vmrk positions are those plus one.
"""
import json
import os

import mne
import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SOURCE = os.path.join(ROOT, "..", "shared", "data", "brainvision", "test.vhdr")
TARGET = os.path.join(ROOT, "tests", "NeuroRT.Formats.Tests", "Fixtures", "brainvision_reference.json")
SAMPLES = [0, 1, 2, 486, 1000, 3999, 7898, 7899]


def main():
    raw = mne.io.read_raw_brainvision(SOURCE, preload=True, verbose="error")
    data = raw.get_data()
    scales = [float(ch["range"]) for ch in raw.info["chs"]]
    values = [[float(np.float32(data[c, s] / scales[c])) for c in range(len(scales))] for s in SAMPLES]
    sfreq = raw.info["sfreq"]
    markers = [
        {"onsetSample": int(round(a["onset"] * sfreq)), "description": a["description"]}
        for a in raw.annotations
    ]
    out = {
        "file": "brainvision/test.vhdr",
        "samplingRate": sfreq,
        "sampleCount": int(raw.n_times),
        "channelNames": list(raw.ch_names),
        "resolutions": [float(ch["cal"]) for ch in raw.info["chs"]],
        "unitScales": scales,
        "sampleIndices": SAMPLES,
        "values": values,
        "markers": markers,
        "mneVersion": mne.__version__,
    }
    with open(TARGET, "w", encoding="utf-8") as f:
        json.dump(out, f, indent=1, ensure_ascii=False)
        f.write("\n")


if __name__ == "__main__":
    main()
