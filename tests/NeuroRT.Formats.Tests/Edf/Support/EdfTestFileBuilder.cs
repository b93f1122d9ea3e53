using System.Globalization;
using System.Text;

namespace NeuroRT.Formats.Tests.Edf.Support;

/// <summary>
/// Writes small EDF / EDF+ / BDF files byte by byte, straight from the header layout of the spec, so that tests can
/// build exactly the case they need (discontinuous records, known 24-bit patterns, mixed rates ...).
/// </summary>
public sealed class EdfTestFileBuilder
{
    private readonly List<Signal> _signals = [];
    private readonly List<object[]> _records = [];

    /// <summary>True: BDF (0xFF "BIOSEMI", 24-bit samples); false: EDF (16-bit).</summary>
    public bool Bdf { get; init; }

    /// <summary>The 'reserved' field: "EDF+C", "EDF+D", "BDF+D", "24BIT" or "".</summary>
    public string Reserved { get; init; } = "";

    public string PatientId { get; init; } = "X X X X";

    public string RecordingId { get; init; } = "Startdate X X X X";

    public string StartDate { get; init; } = "01.02.03";

    public string StartTime { get; init; } = "04.05.06";

    public double RecordDuration { get; init; } = 1;

    /// <summary>'number of data records' to write; null writes the number of records added.</summary>
    public int? DeclaredRecords { get; init; }

    private sealed record Signal(string Label, int SamplesPerRecord, double PhysicalMin, double PhysicalMax, int DigitalMin, int DigitalMax, string Dimension);

    /// <summary>Adds a sample signal; by default digital = physical (gain 1, offset 0) over the full sample word.</summary>
    public EdfTestFileBuilder AddSignal(string label, int samplesPerRecord, double? physicalMin = null, double? physicalMax = null,
        int? digitalMin = null, int? digitalMax = null, string dimension = "uV")
    {
        int dmin = digitalMin ?? (Bdf ? -(1 << 23) : short.MinValue);
        int dmax = digitalMax ?? (Bdf ? (1 << 23) - 1 : short.MaxValue);
        _signals.Add(new Signal(label, samplesPerRecord, physicalMin ?? dmin, physicalMax ?? dmax, dmin, dmax, dimension));
        return this;
    }

    /// <summary>Adds an EDF+ annotation signal of <paramref name="samplesPerRecord"/> samples (2 or 3 bytes of TAL text each).</summary>
    public EdfTestFileBuilder AddAnnotationSignal(int samplesPerRecord) =>
        AddSignal(Bdf ? "BDF Annotations" : "EDF Annotations", samplesPerRecord, -1, 1, -32768, 32767, "");

    /// <summary>
    /// Adds a data record: one part per signal, in signal order: an <c>int[]</c> of digital samples, or for an
    /// annotation signal a <c>string</c> of TAL text (written as UTF-8 and padded with 0x00).
    /// </summary>
    public EdfTestFileBuilder AddRecord(params object[] parts)
    {
        if (parts.Length != _signals.Count)
        {
            throw new ArgumentException($"a record needs {_signals.Count} parts, one per signal; got {parts.Length}.", nameof(parts));
        }

        _records.Add(parts);
        return this;
    }

    public byte[] Build()
    {
        int ns = _signals.Count;
        int bps = Bdf ? 3 : 2;
        var header = new StringBuilder();
        header.Append(Pad(Bdf ? "?BIOSEMI" : "0", 8)); // byte 0 of BDF is patched to 0xFF below
        header.Append(Pad(PatientId, 80)).Append(Pad(RecordingId, 80));
        header.Append(Pad(StartDate, 8)).Append(Pad(StartTime, 8));
        header.Append(Pad(Num(256 * (ns + 1)), 8)).Append(Pad(Reserved, 44));
        header.Append(Pad(Num(DeclaredRecords ?? _records.Count), 8)).Append(Pad(Num(RecordDuration), 8)).Append(Pad(Num(ns), 4));
        foreach (var s in _signals) header.Append(Pad(s.Label, 16));
        foreach (var _ in _signals) header.Append(Pad("", 80));
        foreach (var s in _signals) header.Append(Pad(s.Dimension, 8));
        foreach (var s in _signals) header.Append(Pad(Num(s.PhysicalMin), 8));
        foreach (var s in _signals) header.Append(Pad(Num(s.PhysicalMax), 8));
        foreach (var s in _signals) header.Append(Pad(Num(s.DigitalMin), 8));
        foreach (var s in _signals) header.Append(Pad(Num(s.DigitalMax), 8));
        foreach (var _ in _signals) header.Append(Pad("", 80));
        foreach (var s in _signals) header.Append(Pad(Num(s.SamplesPerRecord), 8));
        foreach (var _ in _signals) header.Append(Pad("", 32));

        using var stream = new MemoryStream();
        byte[] headerBytes = Encoding.ASCII.GetBytes(header.ToString());
        if (Bdf)
        {
            headerBytes[0] = 0xFF;
        }

        stream.Write(headerBytes);
        foreach (object[] record in _records)
        {
            for (int i = 0; i < ns; i++)
            {
                int bytes = _signals[i].SamplesPerRecord * bps;
                switch (record[i])
                {
                    case int[] samples when samples.Length == _signals[i].SamplesPerRecord:
                        foreach (int v in samples)
                        {
                            stream.WriteByte((byte)v);
                            stream.WriteByte((byte)(v >> 8));
                            if (Bdf)
                            {
                                stream.WriteByte((byte)(v >> 16));
                            }
                        }

                        break;
                    case string tal:
                        byte[] text = Encoding.UTF8.GetBytes(tal);
                        if (text.Length > bytes)
                        {
                            throw new ArgumentException($"TAL text of {text.Length} bytes does not fit the {bytes} bytes of signal {i}.");
                        }

                        stream.Write(text);
                        stream.Write(new byte[bytes - text.Length]);
                        break;
                    default:
                        throw new ArgumentException($"record part {i} must be int[{_signals[i].SamplesPerRecord}] or a TAL string.");
                }
            }
        }

        return stream.ToArray();
    }

    private static string Pad(string text, int width) =>
        text.Length <= width ? text.PadRight(width) : throw new ArgumentException($"'{text}' does not fit a {width}-byte field.");

    private static string Num(double value) => value.ToString(CultureInfo.InvariantCulture);
}
