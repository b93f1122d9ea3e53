using NeuroRT.Lsl.Info;
using NeuroRT.Lsl.Wire;

namespace NeuroRT.Lsl.Tests.Wire;

/// <summary>Every feed captured from real liblsl decodes to exactly the manifest's values and timestamps, however TCP splits it.</summary>
public sealed class FeedDecoderVectorTests
{
    public static TheoryData<string> Feeds => Vectors.FeedResponses();

    [Theory]
    [MemberData(nameof(Feeds))]
    public void Decodes_every_value_and_timestamp_at_any_split(string file)
    {
        var feed = VectorFeed.Load(file);
        foreach (int piece in new[] { 1, 2, 5, 13, 64, feed.Bytes.Length })
        {
            var (decoder, chunk, decoded) = Decode(feed, piece);
            Assert.True(decoder.PatternsVerified, $"{file}: test patterns not verified (piece {piece})");
            Assert.Equal(feed.Timestamps.Count, decoded.Count);
            for (int s = 0; s < decoded.Count; s++)
            {
                Assert.Equal(feed.Timestamps[s], decoded[s].Timestamp);
                for (int c = 0; c < feed.Info.ChannelCount; c++)
                {
                    var expected = feed.Values[s][c];
                    if (feed.Info.ChannelFormat == ChannelFormat.String)
                    {
                        Assert.Equal(VectorFeed.Text(expected), decoded[s].Texts![c]);
                        continue;
                    }

                    double want = VectorFeed.Number(expected);
                    double got = decoded[s].Values![c];
                    if (double.IsNaN(want)) Assert.True(double.IsNaN(got), $"{file} sample {s} channel {c}: expected NaN, got {got}");
                    else Assert.Equal(BitConverter.DoubleToInt64Bits(want), BitConverter.DoubleToInt64Bits(got));
                    Assert.Equal((float)want, decoded[s].Floats![c]);
                }
            }

            GC.KeepAlive(chunk);
        }
    }

    [Fact]
    public void Nan_payloads_pass_through_protocol_110()
    {
        var feed = VectorFeed.Load("p110/float32_edge/streamfeed_response.bin");
        var (_, _, decoded) = Decode(feed, feed.Bytes.Length);
        // Sample 1 channel 0 is the quiet NaN 0x7FC00000 on the wire; 1.10 must keep its bits.
        Assert.Equal(0x7FC00000u, BitConverter.SingleToUInt32Bits(decoded[1].Floats![0]));
        Assert.True(float.IsNegative(decoded[0].Floats![1]), "-0.0 keeps its sign");
        Assert.Equal(float.Epsilon, decoded[1].Floats![1]);
    }

    [Fact]
    public void Decoded_timestamps_match_what_the_liblsl_inlet_received()
    {
        foreach (string format in new[] { "float32", "double64", "string", "int32", "int16", "int8", "int64" })
        {
            foreach (string protocol in new[] { "p110", "p100" })
            {
                var feed = VectorFeed.Load($"{protocol}/{format}/streamfeed_response.bin");
                var received = Vectors.Session($"{protocol}/{format}/session").GetProperty("timestamps_received_by_liblsl_inlet").EnumerateArray().Select(e => e.GetDouble()).ToList();
                var (_, _, decoded) = Decode(feed, 7);
                Assert.Equal(received, decoded.Select(d => d.Timestamp).ToList());
            }
        }
    }

    [Fact]
    public void A_corrupted_test_pattern_is_refused()
    {
        var feed = VectorFeed.Load("p110/float32/streamfeed_response.bin");
        var bytes = (byte[])feed.Bytes.Clone();
        bytes[feed.HeaderEnd + 12] ^= 0x40; // a value byte of the first pattern
        var decoder = FeedResponse.CreateDecoder(feed.HeaderLines, feed.Info);
        var chunk = new SampleChunk(feed.Info.ChannelFormat, feed.Info.ChannelCount, 16);
        var e = Assert.Throws<LslProtocolException>(() => decoder.Decode(bytes.AsSpan(feed.HeaderEnd), chunk));
        Assert.Contains("test pattern 1", e.Message);
    }

    internal sealed record Decoded(double Timestamp, double[]? Values, float[]? Floats, string[]? Texts);

    internal static (FeedDecoder Decoder, SampleChunk Chunk, List<Decoded> Samples) Decode(VectorFeed feed, int piece)
    {
        var decoder = feed.HeaderLines.Count > 0
            ? FeedResponse.CreateDecoder(feed.HeaderLines, feed.Info)
            : new FeedDecoder(feed.Info.ChannelFormat, feed.Info.ChannelCount, feed.Info.NominalRate, 100, false, false, feed.Info.Uid);
        var chunk = new SampleChunk(feed.Info.ChannelFormat, feed.Info.ChannelCount, 3);
        var samples = new List<Decoded>();
        var body = feed.Bytes.AsSpan(feed.HeaderEnd).ToArray();
        var pending = new List<byte>();
        for (int at = 0; at < body.Length; at += piece)
        {
            pending.AddRange(body.AsSpan(at, Math.Min(piece, body.Length - at)).ToArray());
            while (true)
            {
                chunk.Clear();
                var span = pending.ToArray();
                int used = decoder.Decode(span, chunk);
                pending.RemoveRange(0, used);
                Collect(chunk, samples);
                if (!chunk.IsFull) break;
            }
        }

        Assert.Empty(pending);
        return (decoder, chunk, samples);
    }

    private static void Collect(SampleChunk chunk, List<Decoded> into)
    {
        for (int s = 0; s < chunk.Count; s++)
        {
            if (chunk.Format == ChannelFormat.String)
            {
                var texts = new string[chunk.Channels];
                for (int c = 0; c < chunk.Channels; c++) texts[c] = chunk.StringAt(s, c);
                into.Add(new Decoded(chunk.Timestamps[s], null, null, texts));
            }
            else
            {
                var values = new double[chunk.Channels];
                for (int c = 0; c < chunk.Channels; c++) values[c] = chunk.DoubleAt(s, c);
                into.Add(new Decoded(chunk.Timestamps[s], values, chunk.FloatsOf(s).ToArray(), null));
            }
        }
    }
}
