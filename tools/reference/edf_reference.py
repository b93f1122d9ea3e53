#!/usr/bin/python3
"""Reference values for the NeuroRT EDF / EDF+ / BDF / BDF+ reader tests.

Reads the shared test recordings with an independent numpy decoder written straight
from the specifications (EDF: Kemp et al. 1992; EDF+: Kemp & Olivan 2003; BDF: BioSemi
24-bit variant) and, when MNE-Python is importable (Debian package python3-mne), checks
every value it emits against MNE as a second, independent implementation. The result is
a small JSON fixture that the C# tests compare against:

    tests/NeuroRT.Formats.Tests/Fixtures/edf_reference.json

Usage (from the repository root, Debian's system interpreter):

    /usr/bin/python3 tools/reference/edf_reference.py [--data ../shared/data] [--out FIXTURE]

The script exits with a non-zero status if the numpy reader and MNE disagree.
"""

import argparse
import datetime
import hashlib
import json
import os
import re
import sys

import numpy as np

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DEFAULT_DATA = os.path.normpath(os.path.join(REPO_ROOT, "..", "shared", "data"))
DEFAULT_OUT = os.path.join(REPO_ROOT, "tests", "NeuroRT.Formats.Tests", "Fixtures", "edf_reference.json")

# Files described in ../shared/data/README.md, with the signals whose samples go into the fixture.
FILES = (
    [("eegmmidb/S001R%02d.edf" % run, [0, 8, 63]) for run in (3, 4, 5, 6, 7, 8, 9, 10, 11, 13)]
    + [
        ("edf/test_edfplus_annotations.edf", [0, 137, 138]),
        ("bdf/test.bdf", [0, 40, 72]),
        ("bdf/test_bdf_stim_channel.bdf", [0, 2, 3]),
    ]
)

BLOCK = 32  # samples per reference block
ANNOTATION_LABELS = ("EDF Annotations", "BDF Annotations")
MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]

# Byte widths of the per-signal header fields, in header order (EDF spec, section "header record").
SIGNAL_FIELDS = [
    ("label", 16), ("transducer", 80), ("physical_dimension", 8), ("physical_minimum", 8),
    ("physical_maximum", 8), ("digital_minimum", 8), ("digital_maximum", 8),
    ("prefiltering", 80), ("samples_per_record", 8), ("reserved", 32),
]

# One TAL: +onset[\x15duration]\x14text\x14[text\x14...]\x00  (EDF+ spec 2.2.2).
TAL = re.compile(rb"([+-]\d+(?:\.\d*)?)(?:\x15(\d+(?:\.\d*)?))?\x14((?:[^\x14\x00]*\x14)*)\x00")


def text(b):
    """Header text field: ASCII, trailing spaces trimmed (leading ones kept, like the C# reader)."""
    return b.decode("ascii").rstrip(" ")


def read_header(raw):
    is_bdf = raw[0] == 0xFF and raw[1:8] == b"BIOSEMI"
    if not is_bdf:
        assert raw[0:8] == b"0       ", "not an EDF file"
    h = {
        "is_bdf": is_bdf,
        "patient_id": text(raw[8:88]),
        "recording_id": text(raw[88:168]),
        "startdate": raw[168:176].decode("ascii"),
        "starttime": raw[176:184].decode("ascii"),
        "header_bytes": int(raw[184:192]),
        "reserved": text(raw[192:236]),
        "declared_records": int(raw[236:244]),
        "record_duration": float(raw[244:252]),
        "ns": int(raw[252:256]),
    }
    ns = h["ns"]
    assert h["header_bytes"] == 256 * (ns + 1)
    offset = 256
    sig = {}
    for name, width in SIGNAL_FIELDS:
        sig[name] = [text(raw[offset + i * width: offset + (i + 1) * width]) for i in range(ns)]
        offset += width * ns
    for name in ("physical_minimum", "physical_maximum"):
        sig[name] = [float(v) for v in sig[name]]
    for name in ("digital_minimum", "digital_maximum", "samples_per_record"):
        sig[name] = [int(v) for v in sig[name]]
    sig["is_annotation"] = [label in ANNOTATION_LABELS for label in sig["label"]]
    h["signals"] = sig

    family = "Bdf" if is_bdf else "Edf"
    plus = "BDF+" if is_bdf else "EDF+"
    if h["reserved"].startswith(plus + "C"):
        h["variant"] = family + "PlusContinuous"
    elif h["reserved"].startswith(plus + "D"):
        h["variant"] = family + "PlusDiscontinuous"
    else:
        h["variant"] = family

    # Start time: dd.mm.yy hh.mm.ss; EDF+ 'Startdate dd-MMM-yyyy' supplies the 4-digit year.
    dd, mm, yy = int(h["startdate"][0:2]), int(h["startdate"][3:5]), int(h["startdate"][6:8])
    year = 1900 + yy if yy >= 85 else 2000 + yy
    m = re.match(r"Startdate (\d\d)-([A-Z]{3})-(\d{4})", h["recording_id"])
    if m and m.group(2) in MONTHS:
        year = int(m.group(3))
    hh, mi, ss = (int(h["starttime"][i:i + 2]) for i in (0, 3, 6))
    h["start_time"] = datetime.datetime(year, mm, dd, hh, mi, ss).isoformat()
    return h


def decode(raw, h):
    """Digital samples per signal (list of int64 arrays over all whole records) and TAL bytes."""
    bps = 3 if h["is_bdf"] else 2
    spr = h["signals"]["samples_per_record"]
    record_bytes = sum(spr) * bps
    data = np.frombuffer(raw, dtype=np.uint8, offset=h["header_bytes"])
    n_records = len(data) // record_bytes
    if h["declared_records"] != -1:
        n_records = min(n_records, h["declared_records"])
    records = data[: n_records * record_bytes].reshape(n_records, record_bytes)
    digital, tal_bytes = [], []
    start = 0
    for i, n in enumerate(spr):
        block = records[:, start: start + n * bps]
        start += n * bps
        if h["signals"]["is_annotation"][i]:
            tal_bytes.append([bytes(r) for r in block])
            digital.append(None)
            continue
        if bps == 2:
            values = block.copy().view("<i2").astype(np.int64).ravel()
        else:
            b = block.reshape(-1, 3).astype(np.int64)
            values = b[:, 0] | (b[:, 1] << 8) | (b[:, 2] << 16)
            values = np.where(values >= 1 << 23, values - (1 << 24), values)  # two's complement
        digital.append(values)
    return n_records, digital, tal_bytes


def gain_offset(h, i):
    s = h["signals"]
    gain = (s["physical_maximum"][i] - s["physical_minimum"][i]) / (s["digital_maximum"][i] - s["digital_minimum"][i])
    return gain, s["physical_maximum"][i] - gain * s["digital_maximum"][i]


def parse_tals(tal_bytes):
    """Annotations (file order) and per-record time-keeping onsets, from every annotation signal."""
    annotations, onsets = [], []
    n_records = len(tal_bytes[0]) if tal_bytes else 0
    for r in range(n_records):
        onset_of_record = None
        for a, per_record in enumerate(tal_bytes):
            for k, m in enumerate(TAL.finditer(per_record[r])):
                onset = float(m.group(1))
                duration = float(m.group(2)) if m.group(2) else 0.0
                texts = m.group(3).split(b"\x14")[:-1]
                if a == 0 and k == 0 and texts and texts[0] == b"":
                    onset_of_record = onset
                    texts = texts[1:]
                for t in texts:
                    if t:
                        annotations.append({"onset": onset, "duration": duration, "text": t.decode("utf-8")})
        onsets.append(onset_of_record)
    annotations.sort(key=lambda x: x["onset"])  # stable: ties keep file order
    return annotations, onsets


def trigger_summary(values):
    """Trigger bits (low 16) of a BioSemi Status channel: distinct values and rising edges."""
    trig = values & 0xFFFF
    changed = np.concatenate([[trig[0] != 0], trig[1:] != trig[:-1]])  # a non-zero first sample counts
    edges = [int(i) for i in np.nonzero(changed & (trig != 0))[0]]
    return {"trigger_values": sorted(int(v) for v in np.unique(trig)),
            "trigger_onsets": edges, "trigger_ids": [int(trig[i]) for i in edges]}


def mne_cross_check(path, h, n_records, digital, annotations):
    try:
        import mne
    except ImportError:
        return None
    mne.set_log_level("ERROR")
    reader = mne.io.read_raw_bdf if h["is_bdf"] else mne.io.read_raw_edf
    raw = reader(path, preload=True, verbose="ERROR")
    sig = h["signals"]
    data_idx = [i for i, a in enumerate(sig["is_annotation"]) if not a]
    problems = []
    if raw.ch_names != [sig["label"][i] for i in data_idx]:
        problems.append("labels differ: %r" % raw.ch_names)
    spr = sig["samples_per_record"][data_idx[0]]
    if raw.n_times != n_records * spr:
        problems.append("n_times %d != %d" % (raw.n_times, n_records * spr))
    if abs(raw.info["sfreq"] - spr / h["record_duration"]) > 1e-12:
        problems.append("sfreq %r" % raw.info["sfreq"])
    units = raw._raw_extras[0]["units"]
    stim = set(raw._raw_extras[0]["stim_channel_idxs"])
    types = raw.get_channel_types()
    max_rel = 0.0
    for ch, i in enumerate(data_idx):
        ours = digital[i]
        theirs = raw.get_data(picks=[ch])[0]
        if ch in stim or types[ch] == "stim":
            if not np.array_equal(theirs.astype(np.int64), ours & (2 ** 17 - 1)):
                problems.append("stim channel %s differs" % raw.ch_names[ch])
            continue
        gain, offset = gain_offset(h, i)
        physical = ours * gain + offset
        scale = abs(sig["physical_maximum"][i] - sig["physical_minimum"][i])
        rel = float(np.max(np.abs(theirs / units[ch] - physical))) / scale
        max_rel = max(max_rel, rel)
    if max_rel > 1e-9:
        problems.append("physical values differ by %g of range" % max_rel)
    theirs = sorted(zip(raw.annotations.onset, raw.annotations.duration, raw.annotations.description),
                    key=lambda x: x[0])
    ours = [(a["onset"], a["duration"], a["text"]) for a in annotations]
    if len(theirs) != len(ours) or any(abs(a[0] - b[0]) > 1e-9 or abs(a[1] - b[1]) > 1e-9 or a[2] != b[2]
                                       for a, b in zip(theirs, ours)):
        problems.append("annotations differ")
    if "Status" in raw.ch_names:
        events = mne.find_events(raw, stim_channel="Status", initial_event=True, verbose="ERROR")
        status = trigger_summary(digital[sig["label"].index("Status")])
        if [int(e) for e in events[:, 0]] != status["trigger_onsets"]:
            problems.append("trigger onsets differ: mne %r" % events[:, 0].tolist())
    return {"tool": "mne " + mne.__version__, "max_physical_difference_of_range": max_rel, "problems": problems}


def reference(data_dir, rel, chosen):
    path = os.path.join(data_dir, rel)
    raw = open(path, "rb").read()
    h = read_header(raw)
    n_records, digital, tal_bytes = decode(raw, h)
    annotations, onsets = parse_tals(tal_bytes)
    sig = h["signals"]
    blocks = []
    for i in chosen:
        spr = sig["samples_per_record"][i]
        starts = [0, (n_records // 2) * spr + spr // 2]
        if n_records > 1:
            starts.append(spr - BLOCK // 2)  # crosses the boundary between records 0 and 1
        gain, offset = gain_offset(h, i)
        for first in starts:
            d = digital[i][first: first + BLOCK]
            blocks.append({"signal": i, "first_sample": first, "digital": [int(v) for v in d],
                           "physical": [float(v) for v in d * gain + offset]})
    entry = {
        "file": rel,
        "bytes": len(raw),
        "sha256": hashlib.sha256(raw).hexdigest(),
        "variant": h["variant"],
        "patient_id": h["patient_id"],
        "recording_id": h["recording_id"],
        "start_time": h["start_time"],
        "header_bytes": h["header_bytes"],
        "declared_records": h["declared_records"],
        "n_records": n_records,
        "record_duration": h["record_duration"],
        "labels": sig["label"],
        "transducers": sig["transducer"],
        "physical_dimensions": sig["physical_dimension"],
        "prefilterings": sig["prefiltering"],
        "physical_minimums": sig["physical_minimum"],
        "physical_maximums": sig["physical_maximum"],
        "digital_minimums": sig["digital_minimum"],
        "digital_maximums": sig["digital_maximum"],
        "samples_per_record": sig["samples_per_record"],
        "sample_rates": [n / h["record_duration"] for n in sig["samples_per_record"]],
        "is_annotation": sig["is_annotation"],
        "blocks": blocks,
        "record_onsets": onsets if tal_bytes else None,
        "annotations": annotations,
    }
    if "Status" in sig["label"]:
        entry["status"] = dict(signal=sig["label"].index("Status"),
                               **trigger_summary(digital[sig["label"].index("Status")]))
    entry["cross_check"] = mne_cross_check(path, h, n_records, digital, annotations)
    return entry


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=DEFAULT_DATA, help="shared data folder (default: %(default)s)")
    parser.add_argument("--out", default=DEFAULT_OUT, help="fixture to write (default: %(default)s)")
    args = parser.parse_args()
    entries = [reference(args.data, rel, chosen) for rel, chosen in FILES]
    fixture = {
        "generator": "tools/reference/edf_reference.py (independent numpy reader from the EDF/EDF+/BDF specs)",
        "block_length": BLOCK,
        "files": entries,
    }
    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    # One JSON value per line, except that arrays of numbers/strings stay on one line (keeps it small).
    pretty = json.dumps(fixture, indent=1, ensure_ascii=False)
    pretty = re.sub(r"\[\n\s*([^\[\]{}]*?)\n\s*\]",
                    lambda m: "[" + re.sub(r",\n\s*", ", ", m.group(1)) + "]", pretty)
    with open(args.out, "w", encoding="utf-8") as f:
        f.write(pretty + "\n")
    failed = False
    for e in entries:
        cc = e["cross_check"]
        status = "not cross-checked (MNE not importable)" if cc is None else (
            "%s: %s" % (cc["tool"], "agrees" if not cc["problems"] else "; ".join(cc["problems"])))
        failed |= bool(cc and cc["problems"])
        print("%-40s %3d signals %4d records %3d annotations  %s" % (
            e["file"], len(e["labels"]), e["n_records"], len(e["annotations"]), status))
    print("wrote", args.out, os.path.getsize(args.out), "bytes")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
