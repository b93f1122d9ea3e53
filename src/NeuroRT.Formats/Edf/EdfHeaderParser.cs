using System.Globalization;
using Microsoft.Win32.SafeHandles;
using L = NeuroRT.Formats.Edf.EdfHeaderLayout;

namespace NeuroRT.Formats.Edf;

/// <summary>
/// Parses and validates the header record of an EDF / EDF+ / BDF / BDF+ file (Kemp et al. 1992; Kemp &amp; Olivan 2003;
/// BioSemi BDF). Everything that would make the data unreadable or ambiguous is an <see cref="EdfFormatException"/>;
/// deviations the reader can work around are added to the caller's warning list.
/// </summary>
internal static class EdfHeaderParser
{
    /// <summary>The 8 version bytes of EDF and EDF+: "0" padded with spaces.</summary>
    private static ReadOnlySpan<byte> EdfVersion => "0       "u8;

    /// <summary>Bytes 1-7 of the BDF version field (byte 0 is 0xFF).</summary>
    private static ReadOnlySpan<byte> BiosemiId => "BIOSEMI"u8;

    public static EdfHeader Parse(string path, SafeFileHandle handle, long fileLength, List<string> warnings)
    {
        if (fileLength < L.FixedHeaderBytes)
        {
            throw new EdfFormatException(path, "fixed header",
                $"{path}: the file is {fileLength} bytes long, but the fixed EDF/BDF header alone ('version' to 'number of signals', bytes 0-255) needs {L.FixedHeaderBytes} bytes. " +
                "The file is truncated or is not an EDF/BDF file; copy it again from its source.",
                byteOffset: fileLength);
        }

        var fixedHeader = new byte[L.FixedHeaderBytes];
        EdfFile.ReadExactly(handle, fixedHeader, 0, path);
        bool isBdf = ParseVersion(path, fixedHeader);
        string family = isBdf ? "BDF" : "EDF";
        var fixedFields = new EdfHeaderFieldReader(path, fixedHeader, family);

        int signalCount = fixedFields.Integer(L.SignalCount);
        if (signalCount <= 0 || signalCount > L.MaxSignals)
        {
            throw fixedFields.Error(L.SignalCount.Name, L.SignalCount.Offset, L.SignalCount.Width, null, null,
                $"is {signalCount}, expected 1 to {L.MaxSignals} signals", fixedFields.CorruptHint);
        }

        int expectedHeaderBytes = L.FixedHeaderBytes + signalCount * L.BytesPerSignalHeader;
        int headerBytes = fixedFields.Integer(L.HeaderBytes);
        if (headerBytes != expectedHeaderBytes)
        {
            throw fixedFields.Error(L.HeaderBytes.Name, L.HeaderBytes.Offset, L.HeaderBytes.Width, null, null,
                $"is {headerBytes}, but a header with {signalCount} signals ('number of signals', bytes 252-255) is 256 * ({signalCount} + 1) = {expectedHeaderBytes} bytes",
                $"{fixedFields.CorruptHint} One of the two fields is wrong; the signal count can be checked against the labels in the signal header.");
        }

        if (fileLength < headerBytes)
        {
            throw new EdfFormatException(path, L.HeaderBytes.Name,
                $"{path}: {EdfHeaderFieldReader.Describe(L.HeaderBytes.Name, L.HeaderBytes.Offset, L.HeaderBytes.Width, null, null)} declares a {headerBytes}-byte header " +
                $"(256 + {signalCount} signals x 256), but the file is only {fileLength} bytes long, so the signal header ends early. " +
                "The file is truncated; copy it again from its source.",
                byteOffset: fileLength);
        }

        var header = new byte[headerBytes];
        fixedHeader.CopyTo(header, 0);
        EdfFile.ReadExactly(handle, header.AsSpan(L.FixedHeaderBytes), L.FixedHeaderBytes, path);
        var fields = new EdfHeaderFieldReader(path, header, family);

        string patientId = fields.Text(L.PatientId);
        string recordingId = fields.Text(L.RecordingId);
        string reserved = fields.Text(L.Reserved);
        EdfVariant variant = ParseVariant(fields, reserved, isBdf);

        int declaredRecords = fields.Integer(L.RecordCount);
        if (declaredRecords < -1)
        {
            throw fields.Error(L.RecordCount.Name, L.RecordCount.Offset, L.RecordCount.Width, null, null,
                $"is {declaredRecords}, expected a record count >= 0 (or -1 while recording)", fields.CorruptHint);
        }

        double recordDuration = fields.Number(L.RecordDuration);
        if (recordDuration < 0)
        {
            throw fields.Error(L.RecordDuration.Name, L.RecordDuration.Offset, L.RecordDuration.Width, null, null,
                $"is {recordDuration.ToString(CultureInfo.InvariantCulture)} s, expected a duration >= 0 seconds", fields.CorruptHint);
        }

        int bytesPerSample = isBdf ? 3 : 2;
        EdfSignal[] signals = ParseSignals(fields, signalCount, recordDuration, isBdf, warnings);
        var signalByteOffsets = new int[signalCount];
        long recordBytes = 0;
        bool hasDataSignal = false;
        bool hasAnnotationSignal = false;
        for (int i = 0; i < signalCount; i++)
        {
            signalByteOffsets[i] = (int)Math.Min(recordBytes, int.MaxValue);
            recordBytes += (long)signals[i].SamplesPerRecord * bytesPerSample;
            hasDataSignal |= !signals[i].IsAnnotation;
            hasAnnotationSignal |= signals[i].IsAnnotation;
        }

        if (recordBytes > L.MaxRecordBytes)
        {
            throw new EdfFormatException(path, L.SamplesPerRecord.Name,
                $"{path}: the '{L.SamplesPerRecord.Name}' fields add up to a data record of {recordBytes} bytes, more than the {L.MaxRecordBytes} bytes this reader buffers. " +
                $"{fields.CorruptHint} If the record size is genuine, re-export the file with shorter data records.");
        }

        if (recordDuration == 0 && hasDataSignal)
        {
            throw fields.Error(L.RecordDuration.Name, L.RecordDuration.Offset, L.RecordDuration.Width, null, null,
                "is 0 s, which EDF+ allows only for files holding nothing but annotation signals, yet this file has sample signals (their sample rate would be infinite)",
                fields.CorruptHint);
        }

        if ((variant is EdfVariant.EdfPlusDiscontinuous or EdfVariant.BdfPlusDiscontinuous) && !hasAnnotationSignal)
        {
            throw new EdfFormatException(path, L.Reserved.Name,
                $"{path}: {EdfHeaderFieldReader.Describe(L.Reserved.Name, L.Reserved.Offset, L.Reserved.Width, null, null)} declares a discontinuous {family}+ file ('{reserved}'), " +
                $"but no signal is labelled '{(isBdf ? L.BdfAnnotationsLabel : L.EdfAnnotationsLabel)}', so the start of each data record cannot be known. " +
                "Add the annotation signal (EDF+ spec 2.2.4) or, if the records are contiguous, declare the file continuous ('" + family + "+C').");
        }

        if ((variant is EdfVariant.EdfPlusContinuous or EdfVariant.BdfPlusContinuous) && !hasAnnotationSignal)
        {
            warnings.Add($"{path}: the header declares {family}+ ('{reserved}') but has no '{(isBdf ? L.BdfAnnotationsLabel : L.EdfAnnotationsLabel)}' signal, which EDF+ requires; " +
                "the file is read as continuous with no annotations.");
        }

        if ((variant is EdfVariant.Edf or EdfVariant.Bdf) && hasAnnotationSignal)
        {
            warnings.Add($"{path}: the header declares plain {family} (no '{family}+' in 'reserved', bytes 192-235), but has an annotation signal; " +
                "its bytes are read as EDF+ annotations and it is not a sample signal.");
        }

        DateTime startTime = EdfStartTimeParser.Parse(path, fields, recordingId, variant is not (EdfVariant.Edf or EdfVariant.Bdf), warnings);

        return new EdfHeader
        {
            Variant = variant,
            PatientId = patientId,
            RecordingId = recordingId,
            StartTime = startTime,
            HeaderBytes = headerBytes,
            DeclaredRecordCount = declaredRecords,
            RecordDuration = recordDuration,
            Signals = signals,
            BytesPerSample = bytesPerSample,
            SignalByteOffsets = signalByteOffsets,
            RecordBytes = (int)recordBytes,
        };
    }

    /// <summary>Returns true for BDF (0xFF + "BIOSEMI"), false for EDF ("0       "); anything else is an error.</summary>
    private static bool ParseVersion(string path, byte[] fixedHeader)
    {
        ReadOnlySpan<byte> version = fixedHeader.AsSpan(L.Version.Offset, L.Version.Width);
        if (version.SequenceEqual(EdfVersion))
        {
            return false;
        }

        if (version[0] == 0xFF && version[1..].SequenceEqual(BiosemiId))
        {
            return true;
        }

        var shown = new System.Text.StringBuilder();
        foreach (byte b in version)
        {
            shown.Append(b is >= 32 and <= 126 ? ((char)b).ToString() : $"\\x{b:X2}");
        }

        throw new EdfFormatException(path, L.Version.Name,
            $"{path}: {EdfHeaderFieldReader.Describe(L.Version.Name, L.Version.Offset, L.Version.Width, null, null)} is '{shown}', " +
            "expected '0       ' (EDF / EDF+) or byte 0xFF followed by 'BIOSEMI' (BDF / BDF+). The file is not an EDF/BDF file or its header is corrupt.",
            byteOffset: 0);
    }

    /// <summary>EDF+ / BDF+ are marked by "EDF+C"/"EDF+D" (BDF: "BDF+C"/"BDF+D") at the start of 'reserved' (EDF+ spec 2.1.3.1).</summary>
    private static EdfVariant ParseVariant(EdfHeaderFieldReader fields, string reserved, bool isBdf)
    {
        string plus = isBdf ? "BDF+" : "EDF+";
        if (!reserved.StartsWith(plus, StringComparison.Ordinal))
        {
            return isBdf ? EdfVariant.Bdf : EdfVariant.Edf;
        }

        if (reserved.Length > 4 && reserved[4] == 'C')
        {
            return isBdf ? EdfVariant.BdfPlusContinuous : EdfVariant.EdfPlusContinuous;
        }

        if (reserved.Length > 4 && reserved[4] == 'D')
        {
            return isBdf ? EdfVariant.BdfPlusDiscontinuous : EdfVariant.EdfPlusDiscontinuous;
        }

        throw fields.Error(L.Reserved.Name, L.Reserved.Offset, L.Reserved.Width, null, null,
            $"is '{reserved}', which starts with '{plus}' but not '{plus}C' (continuous) or '{plus}D' (discontinuous)",
            $"{fields.CorruptHint} Write '{plus}C' or '{plus}D' at the start of the field.");
    }

    private static EdfSignal[] ParseSignals(EdfHeaderFieldReader fields, int ns, double recordDuration, bool isBdf, List<string> warnings)
    {
        // Digital values must fit the sample word: 16-bit for EDF, 24-bit for BDF.
        int wordMin = isBdf ? -(1 << 23) : short.MinValue;
        int wordMax = isBdf ? (1 << 23) - 1 : short.MaxValue;
        var signals = new EdfSignal[ns];
        var labels = new string[ns];
        for (int i = 0; i < ns; i++)
        {
            labels[i] = fields.Text(L.Label, i, ns);
        }

        for (int i = 0; i < ns; i++)
        {
            string label = labels[i];
            bool isAnnotation = label is L.EdfAnnotationsLabel or L.BdfAnnotationsLabel;
            string transducer = fields.Text(L.TransducerType, i, ns, label);
            string dimension = fields.Text(L.PhysicalDimension, i, ns, label);
            double physicalMin = fields.Number(L.PhysicalMinimum, i, ns, label);
            double physicalMax = fields.Number(L.PhysicalMaximum, i, ns, label);
            int digitalMin = fields.Integer(L.DigitalMinimum, i, ns, label);
            int digitalMax = fields.Integer(L.DigitalMaximum, i, ns, label);
            string prefiltering = fields.Text(L.Prefiltering, i, ns, label);
            int samplesPerRecord = fields.Integer(L.SamplesPerRecord, i, ns, label);
            fields.Text(L.SignalReserved, i, ns, label); // content is free, but must be ASCII like every header field

            if (samplesPerRecord <= 0)
            {
                throw SignalError(fields, L.SamplesPerRecord, i, ns, label,
                    $"is {samplesPerRecord}, expected at least 1 sample per data record", fields.CorruptHint);
            }

            string? rangeProblem = null;
            if (digitalMin >= digitalMax)
            {
                rangeProblem = $"'{L.DigitalMinimum.Name}' {digitalMin} is not below '{L.DigitalMaximum.Name}' {digitalMax}";
            }
            else if (physicalMin == physicalMax)
            {
                rangeProblem = $"'{L.PhysicalMinimum.Name}' equals '{L.PhysicalMaximum.Name}' ({physicalMin.ToString(CultureInfo.InvariantCulture)}), so digital values cannot be scaled";
            }

            if (rangeProblem is not null)
            {
                if (isAnnotation)
                {
                    // Annotation bytes are text, never scaled: a wrong range there harms nothing, but is still reported.
                    warnings.Add($"{fields.Path}: signal {i} '{label}': {rangeProblem}; EDF+ requires -32768..32767 and distinct physical limits for annotation signals. Ignored, since annotation bytes are not scaled.");
                }
                else
                {
                    EdfSignalField at = digitalMin >= digitalMax ? L.DigitalMinimum : L.PhysicalMinimum;
                    throw SignalError(fields, at, i, ns, label, $"is invalid: {rangeProblem}",
                        $"{fields.CorruptHint} The digital limits must satisfy minimum < maximum and the physical limits must differ; correct signal {i} '{label}' in the header.");
                }
            }

            if (!isAnnotation && (digitalMin < wordMin || digitalMax > wordMax))
            {
                EdfSignalField at = digitalMin < wordMin ? L.DigitalMinimum : L.DigitalMaximum;
                throw SignalError(fields, at, i, ns, label,
                    $"is outside the {(isBdf ? 24 : 16)}-bit sample range {wordMin}..{wordMax} (digital minimum {digitalMin}, maximum {digitalMax})",
                    $"{fields.CorruptHint} A {(isBdf ? "BDF" : "EDF")} sample cannot hold such a value; correct the digital limits of signal {i} '{label}'.");
            }

            double sampleRate = recordDuration > 0 ? samplesPerRecord / recordDuration : 0;
            signals[i] = new EdfSignal(i, label, transducer, dimension, physicalMin, physicalMax, digitalMin, digitalMax,
                prefiltering, samplesPerRecord, sampleRate, isAnnotation);
        }

        return signals;
    }

    private static EdfFormatException SignalError(EdfHeaderFieldReader fields, EdfSignalField field, int signal, int ns, string label, string problem, string fix) =>
        fields.Error(field.Name, field.OffsetOf(signal, ns), field.Width, signal, label, problem, fix);
}
