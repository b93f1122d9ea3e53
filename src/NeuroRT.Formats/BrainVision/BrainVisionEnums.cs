namespace NeuroRT.Formats.BrainVision;

/// <summary>Sample encoding of the .eeg file (<c>BinaryFormat</c>); all little-endian.</summary>
public enum BrainVisionBinaryFormat
{
    /// <summary>Signed 16-bit integers.</summary>
    Int16,

    /// <summary>Signed 32-bit integers.</summary>
    Int32,

    /// <summary>IEEE 754 single precision.</summary>
    Float32,
}

/// <summary>Layout of the .eeg file (<c>DataOrientation</c>).</summary>
public enum BrainVisionOrientation
{
    /// <summary>Sample-major: all channels of sample 1, then all of sample 2, ...</summary>
    Multiplexed,

    /// <summary>Channel-major: all samples of channel 1, then all of channel 2, ...</summary>
    Vectorized,
}
