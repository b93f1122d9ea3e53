namespace NeuroRT.Formats.Edf;

/// <summary>
/// Thrown when an EDF / EDF+ / BDF / BDF+ file violates its specification in a way that makes it unreadable or
/// ambiguous. The message says what is wrong, where (file path, header field or TAL, byte offset, signal, record) and
/// how to fix it; the same facts are available as properties for programmatic use.
/// </summary>
public sealed class EdfFormatException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="path">File the problem was found in, as given to <see cref="EdfFile.Open"/>.</param>
    /// <param name="field">Header field or structure at fault, e.g. "number of data records" or "TAL".</param>
    /// <param name="message">Full message: what, where and how to fix.</param>
    /// <param name="byteOffset">Byte offset in the file where the problem starts, when known.</param>
    /// <param name="signalIndex">0-based signal index, when the problem concerns one signal.</param>
    /// <param name="record">0-based data record index, when the problem concerns one record.</param>
    public EdfFormatException(string path, string field, string message, long? byteOffset = null, int? signalIndex = null, int? record = null)
        : base(message)
    {
        Path = path;
        Field = field;
        ByteOffset = byteOffset;
        SignalIndex = signalIndex;
        Record = record;
    }

    /// <summary>File the problem was found in, as given to <see cref="EdfFile.Open"/>.</summary>
    public string Path { get; }

    /// <summary>Header field (spec name, e.g. "digital maximum") or structure (e.g. "TAL", "data records") at fault.</summary>
    public string Field { get; }

    /// <summary>Byte offset in the file where the problem starts, or null when it concerns the file as a whole.</summary>
    public long? ByteOffset { get; }

    /// <summary>0-based index of the signal concerned, or null.</summary>
    public int? SignalIndex { get; }

    /// <summary>0-based index of the data record concerned, or null.</summary>
    public int? Record { get; }
}
