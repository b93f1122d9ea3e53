using System.Text;
using NeuroRT.Lsl.Info;
using NeuroRT.Lsl.Query;
using NeuroRT.Lsl.Text;

namespace NeuroRT.Lsl.Tests.Info;

public sealed class StreamInfoTests
{
    [Theory]
    [InlineData(256.0, "256.0000000000000")]
    [InlineData(0.0, "0.000000000000000")]
    [InlineData(1.1, "1.100000000000000")]
    [InlineData(1917.432131872, "1917.432131872000")]
    [InlineData(1e20, "1.000000000000000e+20")]
    [InlineData(0.00001, "1.000000000000000e-05")]
    [InlineData(0.0001, "0.0001000000000000000")]
    public void Info_doubles_are_printed_like_C_percent_hash_16g(double value, string text) => Assert.Equal(text, CNumber.FormatInfo(value));

    [Theory]
    [InlineData(1917.756336214, "1917.756336214")]
    [InlineData(1234.5, "1234.5")]
    [InlineData(5000.0, "5000")]
    [InlineData(123456.789, "123456.789")]
    [InlineData(-0.25, "-0.25")]
    public void Probe_doubles_are_printed_like_C_percent_16g(double value, string text) => Assert.Equal(text, CNumber.FormatShort(value));

    public static TheoryData<string> InfoFiles()
    {
        var data = new TheoryData<string>();
        foreach (string f in new[] { "float32", "double64", "string", "int32", "int16", "int8", "int64" })
        {
            data.Add($"p110/{f}/fullinfo_response.bin");
            data.Add($"p100/{f}/fullinfo_response.bin");
        }

        data.Add("raw/float32/tcp_fullinfo_response.bin");
        data.Add("raw/float32/tcp_shortinfo_match_response.bin");
        return data;
    }

    [Theory]
    [MemberData(nameof(InfoFiles))]
    public void Parsing_and_writing_a_liblsl_info_gives_back_the_same_bytes(string file)
    {
        string xml = Vectors.Text(file);
        var info = StreamInfoXml.Parse(xml);
        bool full = info.Desc.HasElements;
        Assert.Equal(xml, full ? StreamInfoXml.ToFullXml(info) : StreamInfoXml.ToShortXml(info));
    }

    [Fact]
    public void The_discovery_reply_parses_after_its_query_id_line()
    {
        var bytes = Vectors.Bytes("discovery/reply_from_liblsl_outlet.bin");
        string text = Encoding.UTF8.GetString(bytes);
        int lf = text.IndexOf('\n');
        Assert.Equal("9768735777243456145", text[..lf].TrimEnd());
        // liblsl leaves the LF before the declaration; the parser must cope.
        var info = StreamInfoXml.Parse(text[lf..]);
        Assert.Equal("NeuroRTVec_float32", info.Name);
        Assert.Equal(4, info.ChannelCount);
        Assert.Equal(ChannelFormat.Float32, info.ChannelFormat);
        Assert.Equal(256, info.NominalRate);
        Assert.Equal(110, info.ProtocolVersion);
        Assert.Equal(16578, info.V4DataPort);
        Assert.Equal(StreamInfoXml.ToShortXml(info), text[(lf + 1)..]);
    }

    [Fact]
    public void Channel_labels_and_units_come_from_the_desc()
    {
        var info = StreamInfoXml.Parse(Vectors.Text("p110/float32/fullinfo_response.bin"));
        Assert.Equal(["Ch1", "Ch2", "Ch3", "Ch4"], info.ChannelLabels()!);
        Assert.Equal(["microvolts", "microvolts", "microvolts", "microvolts"], info.ChannelUnits()!);
    }

    [Theory]
    [InlineData("<name></name>", "name")]
    [InlineData("<channel_format>float32</channel_format>|<channel_format>undefined</channel_format>", "channel_format")]
    [InlineData("<nominal_srate>256.0000000000000</nominal_srate>|<nominal_srate>.5</nominal_srate>", "nominal_srate")]
    [InlineData("<nominal_srate>256.0000000000000</nominal_srate>|<nominal_srate>-1</nominal_srate>", "nominal_srate")]
    [InlineData("<v4data_port>16578</v4data_port>|", "v4data_port")]
    [InlineData("<v6service_port>16573</v6service_port>|<v6service_port>x</v6service_port>", "v6service_port")]
    [InlineData("<channel_count>4</channel_count>|<channel_count>-4</channel_count>", "channel_count")]
    [InlineData("<uid>15209a67-d4be-41bb-833d-7b28e7176f06</uid>|<uid></uid>", "uid")]
    [InlineData("<version>1.100000000000000</version>|<version>0</version>", "version")]
    public void Invalid_infos_are_refused_naming_the_field(string edit, string field)
    {
        string xml = Vectors.Text("discovery/reply_from_liblsl_outlet.bin");
        xml = xml[(xml.IndexOf('\n') + 1)..];
        string[] parts = edit.Split('|');
        xml = parts.Length == 2 ? xml.Replace(parts[0], parts[1], StringComparison.Ordinal) : xml.Replace("<name>NeuroRTVec_float32</name>", parts[0], StringComparison.Ordinal);
        var e = Assert.Throws<LslInfoException>(() => StreamInfoXml.Parse(xml));
        Assert.Equal(field, e.Field);
        Assert.Contains(field, e.Message);
    }

    [Fact]
    public void Garbage_is_not_an_info()
    {
        Assert.Throws<LslInfoException>(() => StreamInfoXml.Parse("<info><name>x"));
        Assert.Throws<LslInfoException>(() => StreamInfoXml.Parse("hello"));
        Assert.Throws<LslInfoException>(() => StreamInfoXml.Parse("<root/>"));
    }

    [Fact]
    public void Writing_escapes_text()
    {
        var info = new LslStreamInfo { Name = "a<b & \"c\"", Uid = "u", CreatedAt = 1, ChannelCount = 1 };
        string xml = StreamInfoXml.ToShortXml(info);
        Assert.Contains("<name>a&lt;b &amp; \"c\"</name>", xml);
        Assert.Equal("a<b & \"c\"", StreamInfoXml.Parse(xml).Name);
    }
}

public sealed class StreamQueryTests
{
    private static readonly LslStreamInfo Info = StreamInfoXml.Parse(Vectors.Text("p110/float32/fullinfo_response.bin"));

    [Theory]
    [InlineData("session_id='default' and name='NeuroRTVec_float32'", true)]
    [InlineData("session_id='default'", true)]
    [InlineData("", true)]
    [InlineData("name='NoSuchStream'", false)]
    [InlineData("session_id='other' and name='NeuroRTVec_float32'", false)]
    [InlineData("starts-with(name,'NeuroRT') and channel_count='4'", true)]
    [InlineData("channel_count=4 and nominal_srate>200", true)]
    [InlineData("type='EEG' or type='MEG'", true)]
    [InlineData("session_id='other' and name='x' or type='EEG'", true)]  // no parentheses: (a and b) or c
    [InlineData("count(desc/channels/channel)=4", false)]               // discovery sees the short info only
    [InlineData("name='unclosed", false)]                               // a syntax error matches nothing
    public void Queries_are_xpath_booleans_over_the_short_info(string query, bool matches) => Assert.Equal(matches, StreamQuery.Matches(query, Info));

    [Fact]
    public void Query_texts_are_those_liblsl_sends()
    {
        var captured = Vectors.Text("discovery/query_from_liblsl_inlet.bin").Split("\r\n");
        Assert.Equal("LSL:shortinfo", captured[0]);
        Assert.Equal(captured[1], StreamQuery.ByProperty("default", "name", "NeuroRTVec_float32"));
        Assert.Equal(Vectors.Text("discovery/query_resolve_all.bin").Split("\r\n")[1], StreamQuery.All("default"));
        Assert.Equal("channel_count='4' and name='NeuroRTVec_float32' and type='EEG' and source_id='neurort-vec-float32' and channel_format='float32'", StreamQuery.Recovery(Info));
        Assert.Equal("session_id='default' and a or b", StreamQuery.ByPredicate("default", "a or b"));
    }
}
