namespace NeuroRT.Formats.Edf;

/// <summary>The validated content of an EDF / BDF header record, as produced by <see cref="EdfHeaderParser"/>.</summary>
internal sealed class EdfHeader
{
    public required EdfVariant Variant { get; init; }
    public required string PatientId { get; init; }
    public required string RecordingId { get; init; }
    public required DateTime StartTime { get; init; }

    /// <summary>Header size in bytes, 256 * (ns + 1); the first data record starts here.</summary>
    public required int HeaderBytes { get; init; }

    /// <summary>'number of data records' as written: -1 while a recording is in progress.</summary>
    public required int DeclaredRecordCount { get; init; }

    /// <summary>Seconds per data record.</summary>
    public required double RecordDuration { get; init; }

    public required EdfSignal[] Signals { get; init; }

    /// <summary>2 for EDF (16-bit samples), 3 for BDF (24-bit samples).</summary>
    public required int BytesPerSample { get; init; }

    /// <summary>Byte offset of each signal's samples inside a data record.</summary>
    public required int[] SignalByteOffsets { get; init; }

    /// <summary>Bytes per data record: sum of samples per record times <see cref="BytesPerSample"/>.</summary>
    public required int RecordBytes { get; init; }

    public bool IsBdf => BytesPerSample == 3;

    public bool IsPlus => Variant is not (EdfVariant.Edf or EdfVariant.Bdf);

    public bool IsDiscontinuous => Variant is EdfVariant.EdfPlusDiscontinuous or EdfVariant.BdfPlusDiscontinuous;

    /// <summary>"EDF" or "BDF", for messages.</summary>
    public string FamilyName => IsBdf ? "BDF" : "EDF";
}
