namespace NeuroRT.Formats.Edf;

/// <summary>A field of the fixed 256-byte part of the header: spec name, first byte, width in bytes.</summary>
internal readonly record struct EdfFixedField(string Name, int Offset, int Width)
{
    /// <summary>Last byte of the field, for "bytes a-b" in messages (inclusive, as in the spec tables).</summary>
    public int LastByte => Offset + Width - 1;
}

/// <summary>
/// A per-signal header field. The signal header is stored field-major (all labels, then all transducer types, ...),
/// so signal i's copy of a field starts at 256 + ns * <see cref="WidthBefore"/> + i * <see cref="Width"/>.
/// </summary>
internal readonly record struct EdfSignalField(string Name, int Width, int WidthBefore)
{
    /// <summary>First byte of signal <paramref name="signal"/>'s copy of the field, for a file with <paramref name="signalCount"/> signals.</summary>
    public int OffsetOf(int signal, int signalCount) => EdfHeaderLayout.FixedHeaderBytes + signalCount * WidthBefore + signal * Width;
}

/// <summary>Byte layout of the EDF / BDF header record (Kemp et al. 1992, section "header record"; EDF+ and BDF keep it).</summary>
internal static class EdfHeaderLayout
{
    /// <summary>Size of the fixed part of the header, which precedes the per-signal part.</summary>
    public const int FixedHeaderBytes = 256;

    /// <summary>Bytes each signal adds to the header (sum of the per-signal field widths).</summary>
    public const int BytesPerSignalHeader = 256;

    /// <summary>
    /// Upper limit on 'number of signals'. The field allows 9999; no real recorder writes more than a few hundred, so
    /// a larger count is taken as a corrupt header rather than allocated.
    /// </summary>
    public const int MaxSignals = 4096;

    /// <summary>Upper limit on the size of one data record, which the reader buffers whole (the EDF+ spec recommends at most 61440 bytes).</summary>
    public const long MaxRecordBytes = 256L * 1024 * 1024;

    public static readonly EdfFixedField Version = new("version", 0, 8);
    public static readonly EdfFixedField PatientId = new("local patient identification", 8, 80);
    public static readonly EdfFixedField RecordingId = new("local recording identification", 88, 80);
    public static readonly EdfFixedField StartDate = new("startdate of recording", 168, 8);
    public static readonly EdfFixedField StartTime = new("starttime of recording", 176, 8);
    public static readonly EdfFixedField HeaderBytes = new("number of bytes in header record", 184, 8);
    public static readonly EdfFixedField Reserved = new("reserved", 192, 44);
    public static readonly EdfFixedField RecordCount = new("number of data records", 236, 8);
    public static readonly EdfFixedField RecordDuration = new("duration of a data record", 244, 8);
    public static readonly EdfFixedField SignalCount = new("number of signals", 252, 4);

    public static readonly EdfSignalField Label = new("label", 16, 0);
    public static readonly EdfSignalField TransducerType = new("transducer type", 80, 16);
    public static readonly EdfSignalField PhysicalDimension = new("physical dimension", 8, 96);
    public static readonly EdfSignalField PhysicalMinimum = new("physical minimum", 8, 104);
    public static readonly EdfSignalField PhysicalMaximum = new("physical maximum", 8, 112);
    public static readonly EdfSignalField DigitalMinimum = new("digital minimum", 8, 120);
    public static readonly EdfSignalField DigitalMaximum = new("digital maximum", 8, 128);
    public static readonly EdfSignalField Prefiltering = new("prefiltering", 80, 136);
    public static readonly EdfSignalField SamplesPerRecord = new("number of samples in each data record", 8, 216);
    public static readonly EdfSignalField SignalReserved = new("signal reserved", 32, 224);

    /// <summary>Label of the EDF+ annotation signal (EDF+ spec 2.2.1).</summary>
    public const string EdfAnnotationsLabel = "EDF Annotations";

    /// <summary>Label of the BDF+ annotation signal.</summary>
    public const string BdfAnnotationsLabel = "BDF Annotations";
}
