using System.Diagnostics;
using NeuroRT.Lsl.Discovery;
using NeuroRT.Lsl.Info;
using NeuroRT.Lsl.Inlet;
using NeuroRT.Lsl.Outlet;
using NeuroRT.Lsl.Query;
using NeuroRT.Lsl.Wire;

namespace NeuroRT.Lsl.Tests.Loopback;

/// <summary>
/// NeuroRT inlet to NeuroRT outlet over loopback, one class per format so they run in parallel: 64 channels at
/// 1 kHz for 10 s, nothing lost, nothing reordered, every value and timestamp exact (chunks alternate between
/// per-sample timestamps and one timestamp with the rest deduced, which must follow liblsl's reconstruction bit for bit).
/// </summary>
public abstract class StreamingTests(ChannelFormat format)
{
    private const int Channels = 64;
    private const double Rate = 1000;
    private const int Samples = 10_000;
    private const int Chunk = 10;

    [Fact]
    public void Ten_seconds_of_64_channels_at_1kHz_arrive_complete_in_order_and_exact()
    {
        var config = TestNet.Config();
        var log = new CollectingLog();
        string name = $"loop-{format.Name()}";
        using var outlet = new LslOutlet(new LslStreamInfo { Name = name, Type = "EEG", ChannelCount = Channels, ChannelFormat = format, NominalRate = Rate, SourceId = name },
            new LslOutletOptions { Config = config, Log = log });
        var found = TestNet.Find(config, "name", name);
        using var inlet = new LslInlet(found, new LslInletOptions { Config = config, Log = log });
        inlet.Open(5);
        Assert.True(outlet.WaitForConsumers(5));

        Exception? pushFailure = null;
        var pusher = new Thread(() =>
        {
            try { Push(outlet); }
            catch (Exception e) { pushFailure = e; }
        });
        pusher.Start();

        var chunk = new SampleChunk(format, Channels, 256);
        int received = 0;
        var watch = Stopwatch.StartNew();
        while (received < Samples && watch.Elapsed.TotalSeconds < 40)
        {
            int n = inlet.Pull(chunk, 200);
            for (int s = 0; s < n; s++, received++)
            {
                Assert.Equal(Expected(received), chunk.Timestamps[s]);
                for (int c = 0; c < Channels; c++) AssertValue(chunk, s, c, received);
            }
        }

        pusher.Join();
        Assert.Null(pushFailure);
        Assert.Equal(Samples, received);
        Assert.Equal(0, outlet.SamplesDropped);
        Assert.Equal(LslInletState.Connected, inlet.State);
    }

    private static double Timestamp(int i) => 2000.0 + i / Rate;

    // What a receiver must reconstruct, by liblsl's rules: chunks with one timestamp send their first sample
    // back-dated by (n-1)/rate and the rest deduced as previous + 1/rate, so those times are exact to that rule.
    private double Expected(int i)
    {
        int first = i / Chunk * Chunk;
        if (format == ChannelFormat.String || first / Chunk % 2 == 0) return Timestamp(i);
        double t = Timestamp(first + Chunk - 1) - (Chunk - 1) * (1.0 / Rate);
        for (int k = first + 1; k <= i; k++) t += 1.0 / Rate;
        return t;
    }

    private void Push(LslOutlet outlet)
    {
        var watch = Stopwatch.StartNew();
        var stamps = new double[Chunk];
        var numbers = new double[Chunk * Channels];
        var texts = new string[Channels];
        for (int first = 0; first < Samples; first += Chunk)
        {
            while (watch.Elapsed.TotalSeconds < first / Rate) Thread.Sleep(1);
            bool perSample = first / Chunk % 2 == 0;
            if (format == ChannelFormat.String)
            {
                for (int i = first; i < first + Chunk; i++)
                {
                    for (int c = 0; c < Channels; c++) texts[c] = Text(i, c);
                    // Irregular-style strings keep explicit timestamps on every sample.
                    outlet.PushSample(texts, Timestamp(i), pushthrough: i == first + Chunk - 1);
                }

                continue;
            }

            for (int i = 0; i < Chunk; i++)
            {
                stamps[i] = Timestamp(first + i);
                for (int c = 0; c < Channels; c++) numbers[i * Channels + c] = Value(first + i, c);
            }

            if (perSample) outlet.PushChunk<double>(numbers, stamps);
            else outlet.PushChunk<double>(numbers, Timestamp(first + Chunk - 1));
        }
    }

    private double Value(int i, int c) => format switch
    {
        ChannelFormat.Int8 => (i + c) % 200 - 100,
        ChannelFormat.Int16 => (i * 7 + c) % 60000 - 30000,
        ChannelFormat.Float32 => (i * Channels + c) * 0.25,
        ChannelFormat.Double64 => (i * Channels + c) * 1e6 + 0.125,
        ChannelFormat.Int64 => (long)i * 4294967311L + c,
        _ => i * Channels + c - 1_000_000,
    };

    private static string Text(int i, int c) => $"{i}:{c}";

    private void AssertValue(SampleChunk chunk, int s, int c, int i)
    {
        if (format == ChannelFormat.String) Assert.Equal(Text(i, c), chunk.StringAt(s, c));
        else if (format == ChannelFormat.Int64) Assert.Equal((long)Value(i, c), chunk.IntegerAt(s, c));
        else Assert.Equal(Value(i, c), chunk.DoubleAt(s, c));
    }
}

public sealed class Float32StreamingTests() : StreamingTests(ChannelFormat.Float32);
public sealed class Double64StreamingTests() : StreamingTests(ChannelFormat.Double64);
public sealed class Int8StreamingTests() : StreamingTests(ChannelFormat.Int8);
public sealed class Int16StreamingTests() : StreamingTests(ChannelFormat.Int16);
public sealed class Int32StreamingTests() : StreamingTests(ChannelFormat.Int32);
public sealed class Int64StreamingTests() : StreamingTests(ChannelFormat.Int64);
public sealed class StringStreamingTests() : StreamingTests(ChannelFormat.String);
