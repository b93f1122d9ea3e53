using System.Text;
using NeuroRT.Lsl.Info;
using NeuroRT.Lsl.TimeSync;
using NeuroRT.Lsl.Wire;

namespace NeuroRT.Lsl.Tests.Protocol;

public sealed class RequestTests
{
    public static TheoryData<string> Formats => new() { "float32", "double64", "string", "int32", "int16", "int8", "int64" };

    [Theory]
    [MemberData(nameof(Formats))]
    public void The_inlet_request_is_the_liblsl_request_but_for_the_measured_endian_figure(string format)
    {
        string captured = Vectors.Text($"p110/{format}/streamfeed_request.bin");
        var feed = VectorFeed.Load($"p110/{format}/streamfeed_response.bin");
        var info = feed.Info.Clone();
        info.Hostname = "vm";
        info.SourceId = $"neurort-vec-{format}";
        long buffer = (long)Math.Ceiling(360 * (info.NominalRate > 0 ? info.NominalRate : 100));
        string ours = FeedRequest.Format(info, 110, buffer, 0, "default", 974336);
        string Normalize(string s) => System.Text.RegularExpressions.Regex.Replace(s, "Endian-Performance: [^\r]*", "Endian-Performance: *");
        Assert.Equal(Normalize(captured), Normalize(ours));
        Assert.Equal(Vectors.Text($"p100/{format}/streamfeed_request.bin"), FeedRequest.Format(info, 100, buffer, 0, "default", 0));
    }

    public static TheoryData<string> CapturedRequests()
    {
        var data = new TheoryData<string>();
        foreach (string name in Vectors.FileNames())
            if (name.EndsWith("request.bin", StringComparison.Ordinal) && name.Contains("tcp") || name.EndsWith("streamfeed_request.bin", StringComparison.Ordinal) || name.EndsWith("fullinfo_request.bin", StringComparison.Ordinal))
                data.Add(name);
        return data;
    }

    [Theory]
    [MemberData(nameof(CapturedRequests))]
    public void Every_captured_tcp_request_parses(string file)
    {
        var request = FeedRequest.TryParse(Vectors.Bytes(file));
        if (file.Contains("no_headers", StringComparison.Ordinal))
        {
            Assert.Null(request); // waits for CRLF CRLF, as liblsl does
            return;
        }

        Assert.NotNull(request);
        if (file.Contains("fullinfo", StringComparison.Ordinal)) Assert.Equal(RequestKind.FullInfo, request.Kind);
        else if (file.Contains("shortinfo", StringComparison.Ordinal)) Assert.Equal(RequestKind.ShortInfo, request.Kind);
        else if (file.StartsWith("p100", StringComparison.Ordinal) || file.Contains("v100", StringComparison.Ordinal)) Assert.Equal(RequestKind.Feed100, request.Kind);
        else Assert.Equal(RequestKind.Feed110, request.Kind);
    }

    [Fact]
    public void Headers_follow_liblsl_rules()
    {
        var lines = new[] { "Native-Byte-Order: 4321 ; a comment", "Has-IEEE754-Floats: true", "Supports-Subnormals: 1", "no colon here", "UID: ABC-def", "Endian-Performance: 1.59539e+06" };
        var headers = HeaderLines.Parse(lines);
        Assert.Equal(4321, headers.Integer("native-byte-order", 0));
        Assert.False(headers.Flag("has-ieee754-floats", true)); // only "1" is true
        Assert.True(headers.Flag("Supports-Subnormals", false));
        Assert.Equal("abc-def", headers["uid"]);               // values are lowercased too
        Assert.Equal(1.59539e+06, headers.Number("endian-performance", 0));
        Assert.Equal("1.59539e+06", FeedRequest.FormatG6(1595390));
        Assert.Equal("974336", FeedRequest.FormatG6(974336));
    }

    [Fact]
    public void Probes_and_replies_match_the_captured_round()
    {
        for (int i = 0; i < 8; i++)
        {
            var probe = Vectors.Bytes($"timesync/probe{i}_request.bin");
            string[] parts = Encoding.ASCII.GetString(probe).Split("\r\n")[1].Split(' ');
            int wave = int.Parse(parts[0]);
            double t0 = double.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture);
            var ours = new byte[128];
            int n = TimeProbe.FormatProbe(ours, wave, t0);
            Assert.Equal(probe, ours[..n]);

            var reply = Vectors.Bytes($"timesync/probe{i}_reply.bin");
            Assert.True(TimeProbe.TryParseReply(reply, out int replyWave, out double echoed, out double t1, out double t2));
            Assert.Equal(wave, replyWave);
            Assert.Equal(t0, echoed);
            var (rtt, offset) = TimeProbe.Estimate(t0, t1, t2, t2 + (t1 - t0));
            Assert.True(rtt >= 0 && Math.Abs(offset) < 0.01, $"probe {i}: rtt {rtt}, offset {offset}");
        }

        Assert.Equal(1804289383, int.Parse(Encoding.ASCII.GetString(Vectors.Bytes("timesync/probe0_request.bin")).Split("\r\n")[1].Split(' ')[0]));
    }

    [Theory]
    [InlineData(0L, new byte[] { 0x00 })]
    [InlineData(1L, new byte[] { 0x01, 0x01 })]
    [InlineData(-1L, new byte[] { 0xFF, 0xFF })]
    [InlineData(659L, new byte[] { 0x02, 0x93, 0x02 })]
    [InlineData(-129L, new byte[] { 0xFF, 0x7F })]
    [InlineData(200L, new byte[] { 0x01, 0xC8 })]
    public void Archive_integers_use_the_minimal_size(long value, byte[] bytes)
    {
        var buffer = new byte[16];
        int n = ArchiveCodec.WriteInteger(buffer, value);
        Assert.Equal(bytes, buffer[..n]);
        int pos = 0;
        Assert.True(ArchiveCodec.TryReadInteger(bytes, ref pos, out long back));
        Assert.Equal(value, back);
    }

    [Fact]
    public void Archive_floats_are_bit_patterns_with_canonical_nan()
    {
        var buffer = new byte[16];
        Assert.Equal(new byte[] { 0x04, 0, 0, 0, 0x3F }, buffer[..ArchiveCodec.WriteFloat(buffer, 0.5f)]);
        Assert.Equal(new byte[] { 0x08, 0, 0, 0, 0, 0, 0x88, 0xB3, 0x40 }, buffer[..ArchiveCodec.WriteDouble(buffer, 5000.0)]);
        Assert.Equal(new byte[] { 0x01, 0x01 }, buffer[..ArchiveCodec.WriteDouble(buffer, double.Epsilon)]);
        Assert.Equal(new byte[] { 0x04, 0xFF, 0xFF, 0xFF, 0x7F }, buffer[..ArchiveCodec.WriteFloat(buffer, BitConverter.Int32BitsToSingle(0x7FC00000))]);
        Assert.Equal(new byte[] { 0x00 }, buffer[..ArchiveCodec.WriteFloat(buffer, 0f)]);
    }

    [Fact]
    public void Format_names_and_sizes()
    {
        foreach (var (format, name, size) in new[] { (ChannelFormat.Float32, "float32", 4), (ChannelFormat.Double64, "double64", 8), (ChannelFormat.Int8, "int8", 1), (ChannelFormat.Int16, "int16", 2), (ChannelFormat.Int64, "int64", 8) })
        {
            Assert.Equal(name, format.Name());
            Assert.Equal(format, ChannelFormats.Parse(name));
            Assert.Equal(size, format.ValueSize());
        }

        Assert.Equal(32, ChannelFormat.String.RequestValueSize());
        Assert.Equal(ChannelFormat.Undefined, ChannelFormats.Parse("undefined"));
    }
}
