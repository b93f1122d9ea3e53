namespace NeuroRT.Formats.BrainVision;

/// <summary>What a .vhdr header says about a recording.</summary>
/// <param name="DataFile">Full path of the binary data file (resolved next to the header).</param>
/// <param name="MarkerFile">Full path of the marker file, or null when the header names none.</param>
/// <param name="Orientation">Sample-major or channel-major layout.</param>
/// <param name="BinaryFormat">Sample encoding.</param>
/// <param name="SamplingIntervalMicroseconds">Time between samples in µs.</param>
/// <param name="Channels">Channels in file order.</param>
public sealed record BrainVisionHeader(
    string DataFile,
    string? MarkerFile,
    BrainVisionOrientation Orientation,
    BrainVisionBinaryFormat BinaryFormat,
    double SamplingIntervalMicroseconds,
    IReadOnlyList<BrainVisionChannel> Channels)
{
    /// <summary>Samples per second per channel.</summary>
    public double SamplingRate => 1e6 / SamplingIntervalMicroseconds;

    /// <summary>Bytes of one sample of one channel.</summary>
    public int BytesPerSample => BinaryFormat == BrainVisionBinaryFormat.Int16 ? 2 : 4;
}
