#!/usr/bin/python3
"""SciPy's sosfilt on the same filter and data shape as `neurort`'s sos-throughput benchmark:
the 8th-order Butterworth band-pass 8-30 Hz at 250 Hz on 64 channels x 100,000 float32 samples,
one call over the whole array (SciPy's best case; it computes in float64), 9 timed calls.
Prints the median rate (and the best) in channel-samples/s.
Run with Debian's /usr/bin/python3 (python3-scipy)."""
import sys
import time

import numpy as np
from scipy import signal

channels = int(sys.argv[1]) if len(sys.argv) > 1 else 64
samples = 100_000
sos = signal.butter(8, [8.0, 30.0], btype="bandpass", fs=250.0, output="sos")
x = (np.random.default_rng(1).random((samples, channels)) * 100 - 50).astype(np.float32)
signal.sosfilt(sos, x, axis=0)  # warm-up
times = []
for _ in range(9):
    start = time.perf_counter()
    signal.sosfilt(sos, x, axis=0)
    times.append(time.perf_counter() - start)
times.sort()
median, best = times[len(times) // 2], times[0]
print(f"scipy sosfilt on {channels} ch x {samples} samples: median of 9 {median * 1000:.1f} ms, best {best * 1000:.1f} ms")
print(f"scipy channel-samples/s: {samples * channels / median:.0f}")
print(f"scipy best pass: {samples * channels / best:.0f}")
