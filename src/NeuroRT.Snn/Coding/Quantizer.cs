namespace NeuroRT.Snn.Coding;

/// <summary>
/// The integer level of a sample for the delta and ADM codes: ⌊x / step⌋ with x widened from float32 to double and the
/// division and floor done in double (what Python's math.floor(float(x) / step) gives). Non-finite samples keep the
/// previous level (they are not signal).
/// </summary>
internal static class Quantizer
{
    public static bool TryLevel(float x, double step, out long level)
    {
        double q = Math.Floor(x / step);
        if (!double.IsFinite(q) || Math.Abs(q) > 1e15)
        {
            level = 0;
            return false;
        }

        level = (long)q;
        return true;
    }

    /// <summary>1-based timestep a sample falls in: sample n of W spread over T timesteps is 1 + ⌊n·T / W⌋.</summary>
    public static int TimestepOf(int sample, int samples, int timesteps) => 1 + (int)((long)sample * timesteps / samples);
}
