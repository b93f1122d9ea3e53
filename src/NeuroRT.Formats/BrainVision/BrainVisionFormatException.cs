namespace NeuroRT.Formats.BrainVision;

/// <summary>
/// Thrown when a BrainVision header (.vhdr), marker file (.vmrk) or binary data file (.eeg) cannot be read as the
/// BrainVision Core Data Format 1.0 describes. The message names the file, the line (for the text files) or byte
/// offset (for the data file), what is wrong and how to fix it; the same facts are available as properties.
/// </summary>
public sealed class BrainVisionFormatException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="path">File the problem was found in.</param>
    /// <param name="line">1-based line number in a .vhdr / .vmrk file, when the problem is on one line.</param>
    /// <param name="message">Full message: what, where and how to fix.</param>
    /// <param name="byteOffset">Byte offset in the data file, when the problem concerns the binary data.</param>
    public BrainVisionFormatException(string path, int? line, string message, long? byteOffset = null)
        : base(message)
    {
        Path = path;
        Line = line;
        ByteOffset = byteOffset;
    }

    /// <summary>File the problem was found in.</summary>
    public string Path { get; }

    /// <summary>1-based line number in the header or marker file, or null when it concerns the file as a whole.</summary>
    public int? Line { get; }

    /// <summary>Byte offset in the binary data file, or null.</summary>
    public long? ByteOffset { get; }

    internal static BrainVisionFormatException AtLine(string path, int line, string what) =>
        new(path, line, $"{path}, line {line}: {what}", null);

    internal static BrainVisionFormatException InFile(string path, string what) =>
        new(path, null, $"{path}: {what}", null);
}
