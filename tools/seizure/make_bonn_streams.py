#!/usr/bin/python3
"""Continuous EEG test streams with seizures at known times, built from the real Bonn segments.

Real long scalp recordings with seizures are not available to this project, so the seizure pipeline is trained and
evaluated on streams assembled from the Bonn University segments (Andrzejak et al. 2001; see the Bonn section of the
shared data README): single-channel, 173.61 Hz, 4097 samples (23.6 s) each; set F = intracranial EEG from the
epileptogenic zone in a seizure-free interval, set S = the same kind of recording during seizures (all ictal), set
Z = surface EEG of healthy volunteers.

A seizure stream is background (F segments) with seizures (1 to 3 consecutive S segments, 23.6-70 s) inserted:
LEAD_SEGMENTS background segments first, then after each seizure GAP_SEGMENTS to GAP_SEGMENTS + 2 of them (so two
seizures are at least 4 x 23.6 s - fades = 90.4 s apart, beyond SzCORE's tolerances of 30 s before and 60 s after),
and TAIL_SEGMENTS after the last. Every S segment of the split is used exactly once. Background segments are
drawn from the split's F segments in shuffled rounds (each used once per round), so with few of them a segment
comes back, in another neighbourhood, a few times per stream. Every join is a 1 s raised-cosine cross-fade, so no
detector can find seizures by the joins. A seizure's onset is the middle of its fade-in, its offset the middle of
its fade-out. A healthy stream is the Z segments of the split in a random order, each once, with no seizure.

Splits: segments 001-040 of each set are for training ("train": 4 seizure streams of 10 S segments each), 041-050
only for the reported evaluation ("eval": 2 seizure streams of 5 S segments each); one healthy stream per split.

Output per stream: NAME.edf (EDF+C, one signal "Bonn", uV, and an annotation signal with one "seizure" annotation
per event) and NAME.tsv (BIDS-style events: onset, duration, eventType = sz / bckg ... as SzCORE reads them), and
one manifest.json listing every stream's segments and their sample positions. Same seed, same bytes.

Usage: /usr/bin/python3 tools/seizure/make_bonn_streams.py [--data ../shared/data/bonn] [--out DIR] [--seed 1]
"""
import argparse
import json
import os
import sys

import numpy as np

RATE = 173.61
SEGMENT = 4097
FADE = int(round(1.0 * RATE))          # 1 s cross-fade, in samples
RECORD_SAMPLES = 17361                 # 100 s data records: 173.61 Hz x 100 s is a whole number of samples
LEAD_SEGMENTS = 3                      # background before the first seizure (detector windows fill, filters settle)
GAP_SEGMENTS = 4                       # at least this many between seizures: 4 x 23.6 s - 4 fades = 90.4 s
TAIL_SEGMENTS = 5                      # after the last: > 100 s, so cutting to whole 100 s records never cuts a seizure
SPLITS = {"train": range(1, 41), "eval": range(41, 51)}


def load(folder, letter, numbers):
    out = []
    for n in numbers:
        path = os.path.join(folder, letter, f"{letter}{n:03d}.txt")
        values = np.loadtxt(path, dtype=np.float64)
        if values.shape != (SEGMENT,):
            sys.exit(f"error: {path}: expected {SEGMENT} samples, got {values.shape}")
        out.append((f"{letter}{n:03d}", values))
    return out


def assemble(pieces):
    """Joins segments with 1 s raised-cosine cross-fades; returns the signal and each piece's [start, end) span,
    the span's ends being the middles of the fades."""
    ramp = 0.5 - 0.5 * np.cos(np.pi * (np.arange(FADE) + 0.5) / FADE)
    signal = pieces[0][1].copy()
    spans = [(0, len(signal))]
    for _, values in pieces[1:]:
        start = len(signal) - FADE
        signal[start:] = signal[start:] * (1 - ramp) + values[:FADE] * ramp
        signal = np.concatenate([signal, values[FADE:]])
        middle = start + FADE // 2
        spans[-1] = (spans[-1][0], middle)
        spans.append((middle, len(signal)))
    return signal, spans


def seizure_groups(rng, ictal):
    """Splits the ictal segments (in a random order) into seizures of 1-3 consecutive segments."""
    order = [ictal[i] for i in rng.permutation(len(ictal))]
    groups = []
    while order:
        k = min(len(order), int(rng.integers(1, 4)))
        groups.append(order[:k])
        order = order[k:]
    return groups


def seizure_stream(rng, background, groups):
    rounds = []

    def next_background():
        if not rounds:
            rounds.extend(background[i] for i in rng.permutation(len(background)))
        return rounds.pop(0)

    pieces, events = [("background", next_background()) for _ in range(LEAD_SEGMENTS)], []
    for g, group in enumerate(groups):
        events.append((len(pieces), len(pieces) + len(group)))
        pieces += [("seizure", seg) for seg in group]
        gap = TAIL_SEGMENTS if g == len(groups) - 1 else GAP_SEGMENTS + int(rng.integers(0, 3))
        pieces += [("background", next_background()) for _ in range(gap)]
    return pieces, events


def write_stream(out, name, kinds, pieces_events):
    pieces, events = pieces_events
    signal, spans = assemble([p[1] for p in pieces])
    records = len(signal) // RECORD_SAMPLES
    signal = signal[:records * RECORD_SAMPLES]   # the last background segment is cut to whole 100 s records
    seizures = []
    for first, last in events:
        onset, offset = spans[first][0], spans[last - 1][1]
        if offset > len(signal):
            sys.exit(f"error: {name}: a seizure runs past the last whole record")
        seizures.append((onset / RATE, (offset - onset) / RATE))
    write_edf(os.path.join(out, name + ".edf"), signal, seizures)
    with open(os.path.join(out, name + ".tsv"), "w", encoding="utf-8", newline="\n") as f:
        f.write("onset\tduration\teventType\tconfidence\tchannels\tdateTime\trecordingDuration\n")
        duration = len(signal) / RATE
        if not seizures:
            f.write(f"0.0000\t{duration:.4f}\tbckg\tn/a\tall\t2000-01-01 00:00:00\t{duration:.4f}\n")
        for onset, length in seizures:
            f.write(f"{onset:.4f}\t{length:.4f}\tsz\tn/a\tall\t2000-01-01 00:00:00\t{duration:.4f}\n")
    return {
        "name": name,
        "kind": kinds,
        "samples": int(len(signal)),
        "duration_s": round(len(signal) / RATE, 4),
        "segments": [{"segment": p[1][0], "role": p[0], "start": int(s[0]), "end": int(min(s[1], len(signal)))}
                     for p, s in zip(pieces, spans) if s[0] < len(signal)],
        "seizures": [{"onset_s": round(o, 4), "duration_s": round(d, 4)} for o, d in seizures],
    }


def field(text, width):
    text = str(text)
    if len(text) > width:
        sys.exit(f"error: EDF header field '{text}' is longer than {width}")
    return text.ljust(width).encode("ascii")


def write_edf(path, signal, seizures):
    """EDF+C: one data signal and one annotation signal, 100 s records (every record starts with its time-keeping TAL)."""
    records = len(signal) // RECORD_SAMPLES
    limit = float(np.ceil(np.max(np.abs(signal)) / 100.0) * 100.0)
    pmin, pmax, dmin, dmax = -limit, limit, -32768, 32767
    digital = np.round((signal - pmin) / (pmax - pmin) * (dmax - dmin) + dmin).astype(np.int64)
    digital = np.clip(digital, dmin, dmax).astype("<i2")
    annotation_samples = 60
    labels = ["Bonn", "EDF Annotations"]
    header = b"".join([
        field("0", 8), field("X X X X", 80), field("Startdate 01-JAN-2000 X NeuroRT make_bonn_streams.py", 80),
        field("01.01.00", 8), field("00.00.00", 8), field(256 * 3, 8), field("EDF+C", 44), field(records, 8),
        field(100, 8), field(2, 4),
        field(labels[0], 16), field(labels[1], 16),
        field("Bonn segments", 80), field("", 80),
        field("uV", 8), field("", 8),
        field(f"{pmin:g}", 8), field("-1", 8),
        field(f"{pmax:g}", 8), field("1", 8),
        field(dmin, 8), field(dmin, 8),
        field(dmax, 8), field(dmax, 8),
        field("HP:0.5Hz LP:85Hz", 80), field("", 80),
        field(RECORD_SAMPLES, 8), field(annotation_samples, 8),
        field("", 32), field("", 32),
    ])
    assert len(header) == 256 * 3
    with open(path, "wb") as f:
        f.write(header)
        for r in range(records):
            f.write(digital[r * RECORD_SAMPLES:(r + 1) * RECORD_SAMPLES].tobytes())
            tal = f"+{r * 100}\x14\x14\x00"
            for onset, duration in seizures:
                if r * 100 <= onset < (r + 1) * 100:
                    tal += f"+{onset:.4f}\x15{duration:.4f}\x14seizure\x14\x00"
            raw = tal.encode("ascii")
            if len(raw) > 2 * annotation_samples:
                sys.exit(f"error: {path}: record {r} has more annotations than its annotation signal holds")
            f.write(raw.ljust(2 * annotation_samples, b"\x00"))


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", default=os.path.join(here, "..", "..", "..", "shared", "data", "bonn"), help="the Bonn folder (F, S, Z)")
    parser.add_argument("--out", default="bonn-streams", help="output folder")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    if not os.path.isdir(args.data):
        sys.exit(f"error: {args.data}: no Bonn data folder (F, S, Z); give --data")
    os.makedirs(args.out, exist_ok=True)
    rng = np.random.default_rng(args.seed)
    manifest = {"generator": "tools/seizure/make_bonn_streams.py", "seed": args.seed, "rate_hz": RATE,
                "fade_s": FADE / RATE, "lead_segments": LEAD_SEGMENTS, "gap_segments": GAP_SEGMENTS, "tail_segments": TAIL_SEGMENTS, "streams": []}
    for split, numbers in SPLITS.items():
        background, ictal, healthy = (load(args.data, letter, numbers) for letter in "FSZ")
        streams = 4 if split == "train" else 2
        for k in range(streams):
            groups = seizure_groups(rng, ictal[k::streams])
            manifest["streams"].append(write_stream(args.out, f"bonn-{split}-{k + 1}", "seizures", seizure_stream(rng, background, groups)))
        order = [healthy[i] for i in rng.permutation(len(healthy))]
        manifest["streams"].append(write_stream(args.out, f"bonn-{split}-healthy", "healthy", ([("background", s) for s in order], [])))
    with open(os.path.join(args.out, "manifest.json"), "w", encoding="utf-8", newline="\n") as f:
        json.dump(manifest, f, indent=1)
        f.write("\n")
    for s in manifest["streams"]:
        events = ", ".join("%.1f+%.1fs" % (z["onset_s"], z["duration_s"]) for z in s["seizures"])
        print(f"{s['name']}: {s['duration_s']:.1f} s, {len(s['seizures'])} seizures ({events})")


if __name__ == "__main__":
    main()
