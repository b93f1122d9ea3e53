using System.Globalization;
using System.Xml.Linq;
using NeuroRT.Formats.Xdf;
using NeuroRT.Formats.Xdf.Writing;

namespace NeuroRT.Formats.Tests.XdfWriting;

/// <summary>Files written by <see cref="XdfWriter"/> read back through <see cref="XdfFile"/> exactly.</summary>
public sealed class XdfWriterTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("neurort-xdfw-").FullName;

    public void Dispose() => Directory.Delete(_folder, true);

    private string NewPath(string name) => Path.Combine(_folder, name);

    private static XdfStreamDescription Numeric(string name, XdfChannelFormat format, int channels, double rate = 100) =>
        new(name, "EEG", format, [.. Enumerable.Range(1, channels).Select(c => new XdfChannelDescription($"C{c}", "EEG", "microvolts"))], rate);

    [Theory]
    [InlineData(XdfChannelFormat.Float32)]
    [InlineData(XdfChannelFormat.Double64)]
    [InlineData(XdfChannelFormat.Int8)]
    [InlineData(XdfChannelFormat.Int16)]
    [InlineData(XdfChannelFormat.Int32)]
    [InlineData(XdfChannelFormat.Int64)]
    public void Every_numeric_format_round_trips_from_both_overloads(XdfChannelFormat format)
    {
        string path = NewPath($"{format}.xdf");
        double[] stamps = [10.0, 10.01, 10.02];
        double[] doubles = [-3, 0, 7, 100, -100, 1.25e-3, 42, 0.5, -1.5];
        float[] floats = [1, 2, 3, -4, 5, -6, 7.5f, 8, 9];
        using (var w = XdfWriter.Create(path))
        {
            w.WriteStreamHeader(1, Numeric("S", format, 3));
            w.WriteSamples(1, stamps, doubles);
            w.WriteSamples(1, [10.03, 10.04, 10.05], floats);
        }

        XdfStream s = XdfFile.Read(path).Streams.Single();
        Assert.Equal(format, s.Info.Format);
        Assert.Equal(6, s.SampleCount);
        Assert.Equal([10.0, 10.01, 10.02, 10.03, 10.04, 10.05], s.RawTimestamps);
        double[] expected = [.. doubles.Select(v => Expect(format, v)), .. floats.Select(v => Expect(format, v))];
        Assert.Equal(expected, s.NumericValues);
    }

    private static double Expect(XdfChannelFormat format, double v) => format switch
    {
        XdfChannelFormat.Float32 => (float)v,
        XdfChannelFormat.Double64 => v,
        _ => Math.Round(v),
    };

    [Fact]
    public void Integer_formats_round_half_to_even_saturate_and_write_nan_as_zero()
    {
        string path = NewPath("sat.xdf");
        double[] values = [1e9, -1e9, 2.5, -2.5, 3.5, double.NaN, double.PositiveInfinity, 1e30];
        using (var w = XdfWriter.Create(path))
        {
            w.WriteStreamHeader(1, Numeric("i8", XdfChannelFormat.Int8, 8));
            w.WriteStreamHeader(2, Numeric("i16", XdfChannelFormat.Int16, 8));
            w.WriteStreamHeader(3, Numeric("i32", XdfChannelFormat.Int32, 8));
            w.WriteStreamHeader(4, Numeric("i64", XdfChannelFormat.Int64, 8));
            for (uint id = 1; id <= 4; id++) w.WriteSamples(id, [1.0], values);
        }

        var streams = XdfFile.Read(path).Streams;
        Assert.Equal([127, -128, 2, -2, 4, 0, 127, 127], streams[0].NumericValues);
        Assert.Equal([32767, -32768, 2, -2, 4, 0, 32767, 32767], streams[1].NumericValues);
        Assert.Equal([1e9, -1e9, 2, -2, 4, 0, int.MaxValue, int.MaxValue], streams[2].NumericValues);
        Assert.Equal([1e9, -1e9, 2, -2, 4, 0, long.MaxValue, long.MaxValue], streams[3].NumericValues);
    }

    [Fact]
    public void Strings_round_trip_with_non_ascii_text_and_lengths_needing_a_4_byte_field()
    {
        string path = NewPath("markers.xdf");
        string longText = new('x', 300);
        string veryLong = string.Concat(Enumerable.Repeat("Grüße µV ✓ ", 7000));
        string[] values = ["left", "Ωmega→右", "", longText, veryLong, "end,with \"quotes\"\n"];
        using (var w = XdfWriter.Create(path))
        {
            w.WriteStreamHeader(7, new XdfStreamDescription("Markers", "Markers", XdfChannelFormat.String, [new("marker")], 0));
            w.WriteStringSamples(7, [1.0, 2.0, 3.0], values.AsSpan(0, 3));
            w.WriteStringSamples(7, [4.0, 5.0, 6.0], values.AsSpan(3));
        }

        XdfStream s = XdfFile.Read(path).Streams.Single();
        Assert.Equal(XdfChannelFormat.String, s.Info.Format);
        Assert.Equal(values, s.StringValues);
        Assert.Equal([1.0, 2.0, 3.0, 4.0, 5.0, 6.0], s.RawTimestamps);
        Assert.True(System.Text.Encoding.UTF8.GetByteCount(veryLong) > 65535);
    }

    [Fact]
    public void Multiple_streams_clock_offsets_boundaries_and_footers_round_trip()
    {
        string path = NewPath("multi.xdf");
        XdfClockOffset[] offsets = [new(100.5, -0.001), new(105.5, -0.0011)];
        using (var w = XdfWriter.Create(path))
        {
            w.WriteStreamHeader(1, Numeric("EEG", XdfChannelFormat.Float32, 2, 250));
            w.WriteStreamHeader(2, new XdfStreamDescription("Markers", "Markers", XdfChannelFormat.String, [new("m")], 0));
            w.WriteSamples(1, [100.0, 100.004], new float[] { 1, 2, 3, 4 });
            w.WriteBoundary();
            w.WriteStringSamples(2, [100.002], ["go"]);
            foreach (var o in offsets) w.WriteClockOffset(1, o.CollectionTime, o.Offset);
            w.WriteSamples(1, [100.008], new float[] { 5, 6 });
            w.WriteStreamFooter(1, 100.0, 100.008, 3, offsets);
            w.WriteStreamFooter(2, 100.002, 100.002, 1, []);
        }

        XdfFile file = XdfFile.Read(path);
        Assert.Empty(file.Warnings);
        Assert.Equal(2, file.Streams.Count);
        XdfStream eeg = file.Streams[0];
        Assert.Equal([1, 2, 3, 4, 5, 6], eeg.NumericValues);
        Assert.Equal(offsets, eeg.ClockOffsets);
        Assert.Equal(["go"], file.Streams[1].StringValues);
        Assert.True(eeg.HasFooter && file.Streams[1].HasFooter);
        XElement footer = XDocument.Parse(eeg.FooterXml!).Root!;
        Assert.Equal("100", footer.Element("first_timestamp")!.Value);
        Assert.Equal("100.008", footer.Element("last_timestamp")!.Value);
        Assert.Equal("3", footer.Element("sample_count")!.Value);
        var written = footer.Element("clock_offsets")!.Elements("offset")
            .Select(o => new XdfClockOffset(double.Parse(o.Element("time")!.Value, CultureInfo.InvariantCulture), double.Parse(o.Element("value")!.Value, CultureInfo.InvariantCulture)));
        Assert.Equal(offsets, written);
    }

    [Fact]
    public void A_boundary_chunk_holds_LabRecorders_uuid()
    {
        string path = NewPath("boundary.xdf");
        long before;
        using (var w = XdfWriter.Create(path))
        {
            before = w.BytesWritten;
            w.WriteBoundary();
            Assert.Equal(before + 1 + 4 + 2 + 16, w.BytesWritten);
        }

        byte[] bytes = File.ReadAllBytes(path);
        Assert.Equal(before + 23, bytes.Length);
        Assert.Equal(Convert.FromHexString("43A546DCCBF5410FB30ED5467383CBE4"), bytes[^16..]);
        Assert.Equal([4, 18, 0, 0, 0, 5, 0], bytes[(int)before..(int)(before + 7)]);
    }

    [Fact]
    public void Empty_streams_read_back_with_zero_samples()
    {
        string path = NewPath("empty.xdf");
        using (var w = XdfWriter.Create(path))
        {
            w.WriteStreamHeader(3, Numeric("Quiet", XdfChannelFormat.Double64, 4));
            w.WriteSamples(3, [], ReadOnlySpan<double>.Empty);
            w.WriteStreamFooter(3, 0, 0, 0, []);
        }

        XdfStream s = XdfFile.Read(path).Streams.Single();
        Assert.Equal(0, s.SampleCount);
        Assert.Equal(4, s.Info.ChannelCount);
        Assert.True(s.HasFooter);
    }

    [Fact]
    public void Headers_are_well_formed_xml_with_LabRecorders_element_names_and_the_desc()
    {
        string path = NewPath("header.xdf");
        var description = new XdfStreamDescription("Amp <1> & co", "EEG", XdfChannelFormat.Float32,
            [new("Fp1", "EEG", "microvolts"), new("Fp2", "EEG", "microvolts")], 512.5, "serial-42",
            "<pipeline file=\"mi.yaml\">stages: [notch]</pipeline><neurort_version>1.2</neurort_version>", "lab-pc");
        using (var w = XdfWriter.Create(path)) w.WriteStreamHeader(9, description);

        XdfFile file = XdfFile.Read(path);
        XElement fileHeader = XDocument.Parse(file.FileHeaderXml).Root!;
        Assert.Equal("info", fileHeader.Name.LocalName);
        Assert.Equal("1.0", fileHeader.Element("version")!.Value);
        Assert.True(DateTimeOffset.TryParse(fileHeader.Element("datetime")!.Value, CultureInfo.InvariantCulture, out _));

        XdfStream s = file.Streams.Single();
        Assert.Equal(9u, s.Id);
        Assert.Equal("Amp <1> & co", s.Info.Name);
        Assert.Equal(512.5, s.Info.NominalRate);
        Assert.Equal(["Fp1", "Fp2"], s.Info.ChannelLabels);
        Assert.StartsWith("<?xml version=\"1.0\"?>", s.Info.Xml, StringComparison.Ordinal);
        XElement info = XDocument.Parse(s.Info.Xml).Root!;
        string[] names = ["name", "type", "channel_count", "channel_format", "source_id", "nominal_srate", "version", "created_at", "uid", "hostname", "desc"];
        Assert.Equal(names, info.Elements().Select(e => e.Name.LocalName));
        Assert.Equal("float32", info.Element("channel_format")!.Value);
        Assert.Equal("serial-42", info.Element("source_id")!.Value);
        Assert.Equal("lab-pc", info.Element("hostname")!.Value);
        Assert.Equal("1.1", info.Element("version")!.Value);
        Assert.True(Guid.TryParse(info.Element("uid")!.Value, out _));
        Assert.True(double.TryParse(info.Element("created_at")!.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out _));
        XElement desc = info.Element("desc")!;
        Assert.Equal(["channels", "pipeline", "neurort_version"], desc.Elements().Select(e => e.Name.LocalName));
        XElement channel = desc.Element("channels")!.Elements("channel").First();
        Assert.Equal(["label", "type", "unit"], channel.Elements().Select(e => e.Name.LocalName));
        Assert.Equal("microvolts", channel.Element("unit")!.Value);
        Assert.Equal("mi.yaml", desc.Element("pipeline")!.Attribute("file")!.Value);
    }

    [Fact]
    public void Doubles_in_headers_and_footers_use_round_trip_invariant_formatting()
    {
        string path = NewPath("culture.xdf");
        CultureInfo saved = CultureInfo.CurrentCulture;
        double rate = 1.0 / 3.0, first = 12345.678901234567, last = 0.1 + 0.2;
        try
        {
            // A culture with a decimal comma (built by hand: the tests may run in globalization-invariant mode).
            var comma = (CultureInfo)CultureInfo.InvariantCulture.Clone();
            comma.NumberFormat.NumberDecimalSeparator = ",";
            comma.NumberFormat.NumberGroupSeparator = ".";
            CultureInfo.CurrentCulture = comma;
            using var w = XdfWriter.Create(path);
            w.WriteStreamHeader(1, Numeric("S", XdfChannelFormat.Float32, 1, rate));
            w.WriteStreamFooter(1, first, last, 2, [new(first, last)]);
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }

        XdfStream s = XdfFile.Read(path).Streams.Single();
        Assert.Equal(rate, s.Info.NominalRate);
        XElement footer = XDocument.Parse(s.FooterXml!).Root!;
        Assert.Equal(first, double.Parse(footer.Element("first_timestamp")!.Value, CultureInfo.InvariantCulture));
        Assert.Equal(last, double.Parse(footer.Element("last_timestamp")!.Value, CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Steady_state_sample_writing_allocates_nothing()
    {
        string path = NewPath("alloc.xdf");
        using var w = XdfWriter.Create(path);
        w.WriteStreamHeader(1, Numeric("F", XdfChannelFormat.Float32, 8));
        w.WriteStreamHeader(2, Numeric("D", XdfChannelFormat.Int16, 8));
        var stamps = new double[32];
        var floats = new float[32 * 8];
        var doubles = new double[32 * 8];
        for (int i = 0; i < 3; i++)
        {
            w.WriteSamples(1, stamps, floats);
            w.WriteSamples(2, stamps, doubles);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            w.WriteSamples(1, stamps.AsSpan(0, 1 + (i % 32)), floats.AsSpan(0, (1 + (i % 32)) * 8));
            w.WriteSamples(2, stamps, doubles);
        }

        w.Flush();
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void A_chunk_larger_than_the_buffer_grows_it_and_round_trips()
    {
        string path = NewPath("big.xdf");
        var stamps = Enumerable.Range(0, 5000).Select(i => i / 1000.0).ToArray();
        var values = Enumerable.Range(0, 5000 * 64).Select(i => (double)i).ToArray();
        using (var w = XdfWriter.Create(path))
        {
            w.WriteStreamHeader(1, Numeric("Wide", XdfChannelFormat.Double64, 64));
            w.WriteSamples(1, stamps, values);
        }

        XdfStream s = XdfFile.Read(path).Streams.Single();
        Assert.Equal(values, s.NumericValues);
        Assert.Equal(stamps, s.RawTimestamps);
    }

    [Fact]
    public void Misuse_is_refused_with_the_file_and_stream_named()
    {
        string path = NewPath("misuse.xdf");
        using var w = XdfWriter.Create(path);
        var e1 = Assert.Throws<InvalidOperationException>(() => w.WriteSamples(5, [1.0], new float[1]));
        Assert.Contains("stream 5 has no header", e1.Message, StringComparison.Ordinal);
        Assert.Contains(path, e1.Message, StringComparison.Ordinal);
        w.WriteStreamHeader(1, Numeric("S", XdfChannelFormat.Float32, 2));
        var e2 = Assert.Throws<ArgumentException>(() => w.WriteSamples(1, [1.0, 2.0], new float[3]));
        Assert.Contains("3 values for 2 time stamps of 2 channels", e2.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => w.WriteStringSamples(1, [1.0], ["a", "b"]));
        Assert.Throws<InvalidOperationException>(() => w.WriteStreamHeader(1, Numeric("S", XdfChannelFormat.Float32, 2)));
        var e3 = Assert.Throws<ArgumentException>(() => w.WriteStreamHeader(2, Numeric("S", XdfChannelFormat.Float32, 2) with { DescXml = "<open>" }));
        Assert.Contains("DescXml", e3.Message, StringComparison.Ordinal);
    }
}
