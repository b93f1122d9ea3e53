namespace NeuroRT.Plugins.SerialController.Wire;

/// <summary>Turns one command into the bytes of the device's protocol, into a caller's buffer, allocating nothing.</summary>
internal interface ICommandEncoder
{
    /// <summary>The longest encoding; the caller's buffer has at least this many bytes.</summary>
    int MaxLength { get; }

    /// <summary>Whether a command of this name can be encoded (it is in the table, or no table is needed).</summary>
    bool Knows(string name);

    /// <summary>
    /// Writes the command's bytes; returns their count, or <see cref="EncodeResult.UnknownName"/>,
    /// <see cref="EncodeResult.MissingValue"/> or <see cref="EncodeResult.TooLong"/>.
    /// </summary>
    int Encode(string name, ReadOnlySpan<float> values, float confidence, long sequence, Span<byte> destination);

    /// <summary>How many values the last <see cref="Encode"/> had to saturate to fit the wire type (int16).</summary>
    int LastSaturated { get; }
}

/// <summary>The negative results of <see cref="ICommandEncoder.Encode"/>.</summary>
internal static class EncodeResult
{
    public const int UnknownName = -1, MissingValue = -2, TooLong = -3;
}
