using System.Collections.ObjectModel;
using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace NeuroRT.Formats.Edf;

/// <summary>
/// A read-only EDF, EDF+ (continuous or discontinuous), BDF or BDF+ file: validated header, annotations and
/// random access to data records.
/// </summary>
/// <remarks>
/// <para>
/// Specs: EDF, Kemp et al. 1992 (Electroenceph. clin. Neurophysiol. 82:391-393); EDF+, Kemp &amp; Olivan 2003
/// (Clin. Neurophysiol. 114:1755-1761); BDF, BioSemi (version byte 0xFF + "BIOSEMI", 24-bit samples); BDF+ = BDF with
/// EDF+ annotations in a "BDF Annotations" signal.
/// </para>
/// <para>
/// <see cref="Open"/> reads the header and every annotation signal; samples are read on demand, one whole data record
/// at a time, into a buffer allocated once at open, so <see cref="ReadRecordInterleaved"/> does not allocate.
/// The buffer makes an instance not thread-safe: use one instance per reading thread.
/// </para>
/// <para>
/// Sample indices (<see cref="ReadPhysical"/>, <see cref="ReadDigital"/>) count the samples stored in the file, record
/// after record; in a discontinuous (+D) file, use <see cref="RecordOnset"/> to place records in time.
/// </para>
/// </remarks>
public sealed class EdfFile : IDisposable
{
    private readonly SafeFileHandle _handle;
    private readonly EdfHeader _header;
    private readonly EdfSignal[] _signals;
    private readonly byte[] _recordBuffer;
    private readonly double[] _gain;
    private readonly double[] _offset;
    private readonly double[]? _timeKeepingOnsets;
    private readonly double _firstRecordOnset;
    private int _bufferedRecord = -1;
    private bool _disposed;

    private EdfFile(string path, SafeFileHandle handle, long fileLength)
    {
        Path = path;
        _handle = handle;
        var warnings = new List<string>();
        _header = EdfHeaderParser.Parse(path, handle, fileLength, warnings);
        _signals = _header.Signals;
        RecordCount = CountReadableRecords(path, _header, fileLength, warnings);

        _recordBuffer = new byte[_header.RecordBytes];
        _gain = new double[_signals.Length];
        _offset = new double[_signals.Length];
        for (int i = 0; i < _signals.Length; i++)
        {
            _gain[i] = _signals[i].Gain;
            _offset[i] = _signals[i].Offset;
        }

        Annotations = ReadAnnotations(warnings, out _timeKeepingOnsets);
        _firstRecordOnset = _timeKeepingOnsets is not null && !double.IsNaN(_timeKeepingOnsets[0]) ? _timeKeepingOnsets[0] : 0;
        Signals = new ReadOnlyCollection<EdfSignal>(_signals);
        Warnings = new ReadOnlyCollection<string>(warnings);
    }

    /// <summary>
    /// Opens <paramref name="path"/>, parses and validates its header and reads all its annotations.
    /// The file is opened for reading and shared with writers (a recording may still be growing).
    /// </summary>
    /// <exception cref="EdfFormatException">The file is not a valid EDF/EDF+/BDF/BDF+ file; the message says what, where and how to fix.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static EdfFile Open(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        SafeFileHandle handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, FileOptions.RandomAccess);
        try
        {
            return new EdfFile(path, handle, RandomAccess.GetLength(handle));
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>The path the file was opened with, as given to <see cref="Open"/>.</summary>
    public string Path { get; }

    /// <summary>EDF, EDF+C, EDF+D, BDF, BDF+C or BDF+D, from the version and reserved header fields.</summary>
    public EdfVariant Variant => _header.Variant;

    /// <summary>'local patient identification' (bytes 8-87), trailing spaces trimmed. EDF+ structures it as "code sex birthdate name".</summary>
    public string PatientId => _header.PatientId;

    /// <summary>'local recording identification' (bytes 88-167), trailing spaces trimmed. EDF+ starts it with "Startdate dd-MMM-yyyy".</summary>
    public string RecordingId => _header.RecordingId;

    /// <summary>
    /// Start of the recording (local time of the recorder, <see cref="DateTimeKind.Unspecified"/>), from 'startdate' and
    /// 'starttime'. The year comes from the EDF+ "Startdate dd-MMM-yyyy" when present, else from the two-digit year
    /// (85-99: 19yy, 00-84: 20yy). <see cref="DateTime.MinValue"/> when the header holds an impossible date (see <see cref="Warnings"/>).
    /// </summary>
    public DateTime StartTime => _header.StartTime;

    /// <summary>Size of the header record in bytes, 256 * (number of signals + 1).</summary>
    public int HeaderBytes => _header.HeaderBytes;

    /// <summary>Whole data records that can be read: the declared count, or fewer if the file is truncated (see <see cref="Warnings"/>).</summary>
    public int RecordCount { get; }

    /// <summary>'number of data records' as written in the header; -1 means the recording was not finalised.</summary>
    public int DeclaredRecordCount => _header.DeclaredRecordCount;

    /// <summary>Duration of one data record in seconds.</summary>
    public double RecordDuration => _header.RecordDuration;

    /// <summary>Bytes per stored sample: 2 for EDF / EDF+, 3 for BDF / BDF+.</summary>
    public int BytesPerSample => _header.BytesPerSample;

    /// <summary>Size of one data record in bytes.</summary>
    public int RecordBytes => _header.RecordBytes;

    /// <summary>All signals in header order, including annotation signals (<see cref="EdfSignal.IsAnnotation"/>).</summary>
    public IReadOnlyList<EdfSignal> Signals { get; }

    /// <summary>
    /// Every annotation of every TAL in every annotation signal of every readable record, one per text, excluding the
    /// per-record time-keeping entries; onsets in seconds from <see cref="StartTime"/> as written; sorted by onset
    /// (ties keep file order).
    /// </summary>
    public IReadOnlyList<EdfAnnotation> Annotations { get; }

    /// <summary>Non-fatal problems found while opening (truncated data, unfinalised record count, spec deviations). Never silently ignored: read them.</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>
    /// Start of data record <paramref name="record"/> in seconds from <see cref="StartTime"/>. Discontinuous (+D) files:
    /// the record's time-keeping TAL. Continuous files: record * <see cref="RecordDuration"/>, plus the onset of the
    /// first record's time-keeping TAL in EDF+/BDF+ files (the fraction of a second by which the first record starts
    /// after the header's start time, EDF+ spec 2.2.4; 0 in almost every file).
    /// </summary>
    public double RecordOnset(int record)
    {
        CheckRecord(record);
        if (_header.IsDiscontinuous)
        {
            return _timeKeepingOnsets![record];
        }

        return _firstRecordOnset + record * _header.RecordDuration;
    }

    /// <summary>
    /// Reads data record <paramref name="record"/> of the signals <paramref name="signalIndices"/> as physical values,
    /// sample-major interleaved: destination[s * signalIndices.Length + k] = sample s of signal signalIndices[k].
    /// Does not allocate.
    /// </summary>
    /// <param name="record">0-based data record, below <see cref="RecordCount"/>.</param>
    /// <param name="signalIndices">Sample signals (not annotation signals), all with the same <see cref="EdfSignal.SamplesPerRecord"/>.</param>
    /// <param name="destination">At least SamplesPerRecord * signalIndices.Length floats.</param>
    /// <exception cref="ArgumentException">Signals of different samples per record, an annotation signal, no signals, or a too short destination.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Record or signal index out of range.</exception>
    public void ReadRecordInterleaved(int record, ReadOnlySpan<int> signalIndices, Span<float> destination)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        CheckRecord(record);
        if (signalIndices.IsEmpty)
        {
            throw new ArgumentException($"{Path}: no signals given to read; pass at least one signal index.", nameof(signalIndices));
        }

        int samplesPerRecord = 0;
        for (int k = 0; k < signalIndices.Length; k++)
        {
            int signal = signalIndices[k];
            CheckSampleSignal(signal, nameof(signalIndices));
            if (k == 0)
            {
                samplesPerRecord = _signals[signal].SamplesPerRecord;
            }
            else if (_signals[signal].SamplesPerRecord != samplesPerRecord)
            {
                throw MixedRates(signalIndices[0], signal);
            }
        }

        int count = signalIndices.Length;
        long needed = (long)samplesPerRecord * count;
        if (destination.Length < needed)
        {
            throw new ArgumentException(
                $"{Path}: destination holds {destination.Length} floats, but one record of {count} signals x {samplesPerRecord} samples needs {needed}; pass a larger buffer.",
                nameof(destination));
        }

        LoadRecord(record);
        int bytesPerSample = _header.BytesPerSample;
        for (int k = 0; k < count; k++)
        {
            int signal = signalIndices[k];
            ReadOnlySpan<byte> samples = _recordBuffer.AsSpan(_header.SignalByteOffsets[signal], samplesPerRecord * bytesPerSample);
            EdfSampleDecoder.PhysicalStrided(samples, samplesPerRecord, bytesPerSample, _gain[signal], _offset[signal], destination, count, k);
        }
    }

    /// <summary>
    /// Reads destination.Length physical samples of one signal starting at sample <paramref name="firstSample"/>
    /// (counted over all records), across record boundaries. For offline use and tests; the real-time path is
    /// <see cref="ReadRecordInterleaved"/>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The range lies outside the signal's RecordCount * SamplesPerRecord samples.</exception>
    public void ReadPhysical(int signalIndex, long firstSample, Span<double> destination)
    {
        ReadAcrossRecords(signalIndex, firstSample, destination);
    }

    /// <summary>
    /// Reads destination.Length digital (stored, unscaled) samples of one signal starting at sample
    /// <paramref name="firstSample"/>, across record boundaries. Use it for trigger / status channels: a BioSemi
    /// "Status" channel carries trigger bits 0-15 and status flags 16-23, which scaling would blur.
    /// BDF values are sign-extended from 24 bits.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The range lies outside the signal's RecordCount * SamplesPerRecord samples.</exception>
    public void ReadDigital(int signalIndex, long firstSample, Span<int> destination)
    {
        ReadAcrossRecords(signalIndex, firstSample, destination);
    }

    // Shared by ReadPhysical (T = double: scaled) and ReadDigital (T = int: stored values); the JIT
    // specialises each, so the type test costs nothing.
    private void ReadAcrossRecords<T>(int signalIndex, long firstSample, Span<T> destination) where T : struct
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        CheckSampleSignal(signalIndex, nameof(signalIndex));
        CheckSampleRange(signalIndex, firstSample, destination.Length);
        int samplesPerRecord = _signals[signalIndex].SamplesPerRecord;
        int bytesPerSample = _header.BytesPerSample;
        long sample = firstSample;
        while (!destination.IsEmpty)
        {
            int record = (int)(sample / samplesPerRecord);
            int within = (int)(sample % samplesPerRecord);
            int n = Math.Min(samplesPerRecord - within, destination.Length);
            LoadRecord(record);
            ReadOnlySpan<byte> samples = _recordBuffer.AsSpan(_header.SignalByteOffsets[signalIndex], samplesPerRecord * bytesPerSample);
            if (typeof(T) == typeof(double))
                EdfSampleDecoder.Physical(samples, within, bytesPerSample, _gain[signalIndex], _offset[signalIndex], MemoryMarshal.Cast<T, double>(destination[..n]));
            else
                EdfSampleDecoder.Digital(samples, within, bytesPerSample, MemoryMarshal.Cast<T, int>(destination[..n]));
            destination = destination[n..];
            sample += n;
        }
    }

    /// <summary>Closes the file.</summary>
    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            _handle.Dispose();
        }
    }

    /// <summary>Fills <paramref name="destination"/> from <paramref name="offset"/>; a short read means the file shrank or ended early.</summary>
    internal static void ReadExactly(SafeFileHandle handle, Span<byte> destination, long offset, string path)
    {
        while (!destination.IsEmpty)
        {
            int read = RandomAccess.Read(handle, destination, offset);
            if (read == 0)
            {
                throw EndOfFile(path, offset, destination.Length);
            }

            destination = destination[read..];
            offset += read;
        }
    }

    private static EndOfStreamException EndOfFile(string path, long offset, int missing) =>
        new($"{path}: expected {missing} more bytes at byte offset {offset}, but the file ended there; it was truncated or replaced while open. Open it again.");

    /// <summary>Whole records present, compared with the declared count; discrepancies become warnings, none at all an error.</summary>
    private static int CountReadableRecords(string path, EdfHeader header, long fileLength, List<string> warnings)
    {
        long dataBytes = fileLength - header.HeaderBytes;
        long recordBytes = header.RecordBytes;
        long wholeRecords = dataBytes / recordBytes;
        long partialBytes = dataBytes % recordBytes;
        int declared = header.DeclaredRecordCount;
        long readable;
        if (declared == -1)
        {
            readable = wholeRecords;
            warnings.Add($"{path}: 'number of data records' (bytes 236-243) is -1 (recording in progress or never finalised); " +
                $"{wholeRecords} whole records were derived from the file size ({dataBytes} data bytes / {recordBytes} bytes per record)" +
                (partialBytes > 0 ? $", and the last {partialBytes} bytes (a partial record) are ignored." : "."));
        }
        else if (declared > wholeRecords)
        {
            readable = wholeRecords;
            warnings.Add($"{path}: the file is truncated: 'number of data records' (bytes 236-243) declares {declared} data records, " +
                $"but only {wholeRecords} whole records are present ({dataBytes} data bytes, {recordBytes} bytes per record)" +
                (partialBytes > 0 ? $"; the last {partialBytes} bytes hold a partial record and are ignored." : "."));
        }
        else
        {
            readable = declared;
            long extra = dataBytes - declared * recordBytes;
            if (extra > 0)
            {
                warnings.Add($"{path}: the file has {extra} bytes after the last of its {declared} declared data records (byte offset {header.HeaderBytes + declared * recordBytes}); they are ignored.");
            }
        }

        if (readable <= 0)
        {
            throw new EdfFormatException(path, "data records",
                $"{path}: the data part holds zero whole data records (declared {declared}; {dataBytes} bytes after the {header.HeaderBytes}-byte header, one record is {recordBytes} bytes), " +
                "so there is nothing to read. The file is empty or was truncated inside its first record; copy it again from its source.",
                byteOffset: header.HeaderBytes);
        }

        if (readable > int.MaxValue)
        {
            throw new EdfFormatException(path, "data records",
                $"{path}: the file holds {readable} data records, more than this reader indexes ({int.MaxValue}). Split the recording into shorter files.");
        }

        return (int)readable;
    }

    /// <summary>
    /// Parses the TALs of every annotation signal of every readable record (at open, so allocation is fine here) and
    /// returns the annotations sorted by onset. <paramref name="timeKeepingOnsets"/> gets each record's time-keeping
    /// onset (NaN where missing), or null when the file has no annotation signal.
    /// </summary>
    private ReadOnlyCollection<EdfAnnotation> ReadAnnotations(List<string> warnings, out double[]? timeKeepingOnsets)
    {
        var annotationSignals = new List<int>();
        for (int i = 0; i < _signals.Length; i++)
        {
            if (_signals[i].IsAnnotation)
            {
                annotationSignals.Add(i);
            }
        }

        timeKeepingOnsets = null;
        var annotations = new List<EdfAnnotation>();
        if (annotationSignals.Count == 0)
        {
            return annotations.AsReadOnly();
        }

        timeKeepingOnsets = new double[RecordCount];
        for (int record = 0; record < RecordCount; record++)
        {
            timeKeepingOnsets[record] = double.NaN;
            for (int a = 0; a < annotationSignals.Count; a++)
            {
                int signal = annotationSignals[a];
                int offsetInRecord = _header.SignalByteOffsets[signal];
                Span<byte> bytes = _recordBuffer.AsSpan(offsetInRecord, _signals[signal].SamplesPerRecord * _header.BytesPerSample);
                long fileOffset = _header.HeaderBytes + (long)record * _header.RecordBytes + offsetInRecord;
                ReadExactly(_handle, bytes, fileOffset, Path);
                var source = new EdfTalParser.Source(Path, record, signal, _signals[signal].Label, fileOffset);
                double onset = EdfTalParser.Parse(bytes, source, expectTimeKeeping: a == 0, annotations);
                if (a == 0)
                {
                    timeKeepingOnsets[record] = onset;
                }
            }
        }

        _bufferedRecord = -1; // the buffer now holds a mix of records' annotation bytes
        CheckTimeKeeping(timeKeepingOnsets, annotationSignals[0], warnings);

        // OrderBy is a stable sort: annotations with equal onsets keep their order in the file.
        return annotations.OrderBy(annotation => annotation.Onset).ToList().AsReadOnly();
    }

    /// <summary>Time keeping must exist in +D files; in continuous files it should agree with record * duration.</summary>
    private void CheckTimeKeeping(double[] onsets, int firstAnnotationSignal, List<string> warnings)
    {
        string label = _signals[firstAnnotationSignal].Label;
        int missing = 0;
        int firstMissing = -1;
        for (int record = 0; record < onsets.Length; record++)
        {
            if (double.IsNaN(onsets[record]))
            {
                if (_header.IsDiscontinuous)
                {
                    long fileOffset = _header.HeaderBytes + (long)record * _header.RecordBytes + _header.SignalByteOffsets[firstAnnotationSignal];
                    throw new EdfFormatException(Path, "TAL",
                        $"{Path}: data record {record} of this discontinuous {_header.FamilyName}+ file has no time-keeping TAL (a first TAL '+onset 0x14 0x14' in annotation signal {firstAnnotationSignal} '{label}', " +
                        $"byte offset {fileOffset}), so its start time is unknown (EDF+ spec 2.2.4). Re-export the file, or add the time-keeping TAL to that record.",
                        byteOffset: fileOffset, signalIndex: firstAnnotationSignal, record: record);
                }

                missing++;
                firstMissing = firstMissing < 0 ? record : firstMissing;
            }
        }

        if (missing > 0)
        {
            warnings.Add($"{Path}: {missing} of {onsets.Length} data records (first: record {firstMissing}) have no time-keeping TAL in annotation signal {firstAnnotationSignal} '{label}', " +
                "which EDF+ requires (spec 2.2.4); the file is continuous, so their onsets are taken as record * record duration.");
        }

        double first = double.IsNaN(onsets[0]) ? 0 : onsets[0];
        int disagreeing = 0;
        int firstDisagreeing = -1;
        for (int record = 1; record < onsets.Length; record++)
        {
            if (double.IsNaN(onsets[record]))
            {
                continue;
            }

            if (_header.IsDiscontinuous)
            {
                // EDF+ spec 2.2.4: records are in chronological order and do not overlap.
                double previousEnd = onsets[record - 1] + _header.RecordDuration;
                bool wrong = onsets[record] < previousEnd - 1e-9 * Math.Max(1, Math.Abs(previousEnd));
                if (wrong)
                {
                    disagreeing++;
                    firstDisagreeing = firstDisagreeing < 0 ? record : firstDisagreeing;
                }
            }
            else
            {
                double expected = first + record * _header.RecordDuration;
                if (Math.Abs(onsets[record] - expected) > 1e-6 * Math.Max(1, Math.Abs(expected)))
                {
                    disagreeing++;
                    firstDisagreeing = firstDisagreeing < 0 ? record : firstDisagreeing;
                }
            }
        }

        if (disagreeing > 0)
        {
            string record = firstDisagreeing.ToString(CultureInfo.InvariantCulture);
            warnings.Add(_header.IsDiscontinuous
                ? $"{Path}: {disagreeing} data records (first: record {record}, onset {onsets[firstDisagreeing].ToString(CultureInfo.InvariantCulture)} s) start before the previous record ends, " +
                  "which EDF+ forbids (records must be chronological and must not overlap, spec 2.2.4); their onsets are used as written."
                : $"{Path}: in {disagreeing} data records (first: record {record}) the time-keeping TAL onset {onsets[firstDisagreeing].ToString(CultureInfo.InvariantCulture)} s differs from " +
                  $"first onset + record x {_header.RecordDuration.ToString(CultureInfo.InvariantCulture)} s, although the file is declared continuous; " +
                  "RecordOnset uses the continuous timing. If the file has gaps it should be declared discontinuous (EDF+D).");
        }
    }

    /// <summary>Reads data record <paramref name="record"/> into the record buffer unless it is already there. No allocation.</summary>
    private void LoadRecord(int record)
    {
        if (_bufferedRecord == record)
        {
            return;
        }

        _bufferedRecord = -1; // stays invalid if the read fails half-way
        ReadExactly(_handle, _recordBuffer, _header.HeaderBytes + (long)record * _header.RecordBytes, Path);
        _bufferedRecord = record;
    }

    private void CheckRecord(int record)
    {
        if ((uint)record >= (uint)RecordCount)
        {
            throw RecordOutOfRange(record);
        }
    }

    private void CheckSampleSignal(int signal, string parameter)
    {
        if ((uint)signal >= (uint)_signals.Length)
        {
            throw SignalOutOfRange(signal, parameter);
        }

        if (_signals[signal].IsAnnotation)
        {
            throw AnnotationSignalRead(signal, parameter);
        }
    }

    private void CheckSampleRange(int signal, long firstSample, int count)
    {
        long total = (long)RecordCount * _signals[signal].SamplesPerRecord;
        if (firstSample < 0 || firstSample > total - count)
        {
            throw SampleRangeOutOfRange(signal, firstSample, count, total);
        }
    }

    // The exception builders are separate methods so the message formatting stays off the allocation-free success path.

    private ArgumentOutOfRangeException RecordOutOfRange(int record) =>
        new(nameof(record), record, $"{Path}: data record {record} does not exist; the file has {RecordCount} readable records (0..{RecordCount - 1}).");

    private ArgumentOutOfRangeException SignalOutOfRange(int signal, string parameter) =>
        new(parameter, signal, $"{Path}: signal index {signal} does not exist; the file has {_signals.Length} signals (0..{_signals.Length - 1}), see Signals.");

    private ArgumentException AnnotationSignalRead(int signal, string parameter) =>
        new($"{Path}: signal {signal} '{_signals[signal].Label}' is an annotation signal; its bytes are TAL text, not samples. Read its content from Annotations, and pass only sample signals.", parameter);

    private ArgumentException MixedRates(int first, int other) =>
        new($"{Path}: signals {first} '{_signals[first].Label}' ({_signals[first].SamplesPerRecord} samples per record) and {other} '{_signals[other].Label}' " +
            $"({_signals[other].SamplesPerRecord} samples per record) cannot be interleaved in one call; all chosen signals must have the same SamplesPerRecord. " +
            "Read each sample rate group with its own call.", "signalIndices");

    private ArgumentOutOfRangeException SampleRangeOutOfRange(int signal, long firstSample, int count, long total) =>
        new(nameof(firstSample), firstSample,
            $"{Path}: samples {firstSample}..{firstSample + count - 1} of signal {signal} '{_signals[signal].Label}' are outside the {total} samples present ({RecordCount} records x {_signals[signal].SamplesPerRecord}).");
}
