namespace NeuroRT.Formats.Xdf;

/// <summary>Chunk tags of XDF 1.0 (the 16-bit field after each chunk's length).</summary>
public enum XdfChunkTag : ushort
{
    /// <summary>File header: XML.</summary>
    FileHeader = 1,

    /// <summary>Stream header: stream id, then XML.</summary>
    StreamHeader = 2,

    /// <summary>Samples: stream id, sample count, samples with optional time stamps.</summary>
    Samples = 3,

    /// <summary>Clock offset: stream id, collection time, offset value (both double).</summary>
    ClockOffset = 4,

    /// <summary>Boundary: a 16-byte UUID that lets a reader resynchronise; carries no data.</summary>
    Boundary = 5,

    /// <summary>Stream footer: stream id, then XML.</summary>
    StreamFooter = 6,
}
