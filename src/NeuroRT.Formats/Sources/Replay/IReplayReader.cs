namespace NeuroRT.Formats.Sources.Replay;

/// <summary>
/// A recording's samples in order, as a replay reads them: rows of <see cref="Width"/> values (marker channels
/// included) with one timestamp each, read from the start again after <see cref="Rewind"/>. Reading must not
/// allocate: the replay reads through it once per chunk.
/// </summary>
internal interface IReplayReader
{
    /// <summary>Values per sample.</summary>
    int Width { get; }

    /// <summary>Nominal sampling rate (Hz), &gt; 0.</summary>
    double Rate { get; }

    /// <summary>Samples in one pass.</summary>
    long SampleCount { get; }

    /// <summary>Timestamp of the first sample (seconds).</summary>
    double FirstStamp { get; }

    /// <summary>Timestamp of the last sample (seconds).</summary>
    double LastStamp { get; }

    /// <summary>Back to the first sample.</summary>
    void Rewind();

    /// <summary>
    /// Reads the next samples: at least one and at most <paramref name="stamps"/>.Length (fewer where the reader's own
    /// blocks end), values into <paramref name="values"/> (Width per sample). Returns 0 at the end of the pass.
    /// </summary>
    int Read(Span<float> values, Span<double> stamps);
}
