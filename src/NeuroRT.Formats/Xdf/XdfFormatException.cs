namespace NeuroRT.Formats.Xdf;

/// <summary>
/// Thrown when an XDF file violates the XDF 1.0 specification in a way that makes it unreadable. The message names
/// the file, the byte offset and what is wrong; a file that merely ends early is not an error (see
/// <see cref="XdfFile.Warnings"/>).
/// </summary>
public sealed class XdfFormatException : Exception
{
    /// <summary>Creates the exception; the message is prefixed with the file and the byte offset.</summary>
    public XdfFormatException(string path, long byteOffset, string problem)
        : base($"{path}: byte {byteOffset}: {problem}")
    {
        Path = path;
        ByteOffset = byteOffset;
    }

    /// <summary>File the problem was found in.</summary>
    public string Path { get; }

    /// <summary>Byte offset in the file where the faulty structure starts.</summary>
    public long ByteOffset { get; }
}
