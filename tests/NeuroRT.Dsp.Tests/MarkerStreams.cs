using System.Runtime.InteropServices;
using NeuroRT.Core.Blocks;
using NeuroRT.Core.Stages;
using NeuroRT.Core.Streams;

namespace NeuroRT.Dsp.Tests;

/// <summary>
/// Signal streams with marker channels (<see cref="ChannelTypes.Marker"/>) mixed in, and the check every sample-transforming
/// stage must pass with them: the signal channels come out bit for bit as the same stage gives on the signal channels
/// alone, the marker channels come out as they went in, at any block size, with 0 bytes allocated per Process.
/// </summary>
internal static class MarkerStreams
{
    /// <summary>Samples per test stream: more than the largest block size.</summary>
    public const int Samples = 2000;

    /// <summary>Signal channels per test stream (ch1..ch4).</summary>
    public const int SignalChannels = 4;

    /// <summary>The block sizes every check runs at, the last one the whole stream in one call.</summary>
    public static readonly int[] BlockSizes = [1, 7, 64, 1000, Samples];

    /// <summary>Where the marker channels sit among the channels of the mixed stream: last (as the edf and lsl sources
    /// put them), between signal channels, and two of them at both ends.</summary>
    public static readonly int[][] Layouts = [[4], [2], [0, 5]];

    /// <summary>The signal channels alone, ch1..ch4.</summary>
    public static StreamFormat Plain(double rate) => StageHarness.Format(SignalChannels, rate);

    /// <summary>ch1..ch4 with marker channels (events, events2, ...) at <paramref name="positions"/> of the mixed stream.</summary>
    public static StreamFormat Mixed(double rate, int[] positions)
    {
        var plain = Plain(rate);
        var channels = new List<ChannelInfo>();
        int s = 0;
        for (int c = 0; c < SignalChannels + positions.Length; c++)
        {
            int m = Array.IndexOf(positions, c);
            channels.Add(m >= 0 ? new ChannelInfo(m == 0 ? "events" : $"events{m + 1}", ChannelTypes.Marker, "") : plain.Channels[s++]);
        }

        return new StreamFormat("test", channels, rate);
    }

    /// <summary>A random signal of ±100 (interleaved, <see cref="SignalChannels"/> wide).</summary>
    public static float[] Signal(int seed = 5)
    {
        var random = new Random(seed);
        var s = new float[Samples * SignalChannels];
        for (int i = 0; i < s.Length; i++) s[i] = (float)(random.NextDouble() * 200 - 100);
        return s;
    }

    /// <summary>
    /// One marker channel: codes 1..9 on about one sample in 40, 0 elsewhere, including the first sample, a run of
    /// consecutive markers (30, 31; 100..102) and a negative and a fractional code (codes are any non-zero number).
    /// </summary>
    public static float[] Markers(int seed)
    {
        var random = new Random(seed);
        var codes = new float[Samples];
        for (int t = 0; t < Samples; t++) if (random.Next(40) == 0) codes[t] = random.Next(1, 10);
        codes[0] = 3;
        codes[30] = 7;
        codes[31] = 1;
        codes[100] = 1;
        codes[101] = 2;
        codes[102] = 3;
        codes[500] = -4;
        codes[777] = 2.5f;
        return codes;
    }

    /// <summary>The mixed stream's samples: <paramref name="signal"/> in the signal channels, <paramref name="markers"/>[m] in the marker channel at <paramref name="positions"/>[m].</summary>
    public static float[] Interleave(float[] signal, float[][] markers, int[] positions)
    {
        int width = SignalChannels + positions.Length;
        var mixed = new float[Samples * width];
        for (int t = 0; t < Samples; t++)
        {
            int s = 0;
            for (int c = 0; c < width; c++)
            {
                int m = Array.IndexOf(positions, c);
                mixed[t * width + c] = m >= 0 ? markers[m][t] : signal[t * SignalChannels + s++];
            }
        }

        return mixed;
    }

    /// <summary>Frame values without the channels at <paramref name="skip"/>.</summary>
    public static float[] Without(float[] frame, int[] skip)
    {
        var kept = new List<float>(frame.Length);
        for (int c = 0; c < frame.Length; c++) if (Array.IndexOf(skip, c) < 0) kept.Add(frame[c]);
        return [.. kept];
    }

    /// <summary>Fails unless the two runs of floats are the same bits.</summary>
    public static void AssertSameBits(float[] expected, float[] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        if (!MemoryMarshal.AsBytes(expected.AsSpan()).SequenceEqual(MemoryMarshal.AsBytes(actual.AsSpan())))
        {
            int c = 0;
            while (BitConverter.SingleToInt32Bits(expected[c]) == BitConverter.SingleToInt32Bits(actual[c])) c++;
            Assert.Fail($"{what}: value {c} is {actual[c]:R}, expected {expected[c]:R}");
        }
    }

    /// <summary>
    /// Runs a fresh stage from <paramref name="make"/> on the signal alone (one call), then a fresh one for every layout and
    /// block size on the signal with marker channels; each output frame must hold the plain run's frame bit for bit in
    /// its other channels and, at <paramref name="markersOut"/>(layout), the input's markers (in channel order).
    /// <paramref name="makeMixed"/> builds the stage for a layout's mixed stream when its parameters must differ (e.g. pick).
    /// Then 0 bytes per Process for each layout.
    /// </summary>
    public static void AssertMarkersPassThrough(Func<IStage> make, double rate, Func<int[], int[]> markersOut, Func<int[], IStage>? makeMixed = null)
    {
        makeMixed ??= _ => make();
        var signal = Signal();
        var expected = StageHarness.Run(make(), Plain(rate), signal, Samples);
        Assert.Equal(Samples, expected.Count);
        foreach (var layout in Layouts)
        {
            var markers = new float[layout.Length][];
            for (int m = 0; m < layout.Length; m++) markers[m] = Markers(11 + m);
            var format = Mixed(rate, layout);
            var input = Interleave(signal, markers, layout);
            int[] at = markersOut(layout);
            foreach (int block in BlockSizes)
            {
                string where = $"markers at [{string.Join(", ", layout)}], blocks of {block}";
                var frames = StageHarness.Run(makeMixed(layout), format, input, block);
                Assert.Equal(Samples, frames.Count);
                for (int t = 0; t < Samples; t++)
                {
                    var (values, index, time) = frames[t];
                    Assert.Equal(expected[t].Index, index);
                    Assert.Equal(expected[t].Time, time);
                    AssertSameBits(expected[t].Values, Without(values, at), $"{where}, sample {t}, signal channels");
                    for (int m = 0; m < layout.Length; m++)
                        if (BitConverter.SingleToInt32Bits(values[at[m]]) != BitConverter.SingleToInt32Bits(markers[m][t]))
                            Assert.Fail($"{where}, sample {t}: marker channel {m + 1} holds {values[at[m]]}, its input {markers[m][t]}");
                }
            }

            Assert.Equal(0, AllocatedPerRun(makeMixed(layout), format, input));
        }
    }

    /// <summary>Bytes <paramref name="stage"/>.Process allocates after Configure, on blocks of 63 samples of <paramref name="input"/>.</summary>
    public static long AllocatedPerRun(IStage stage, StreamFormat format, float[] input)
    {
        var output = stage.Configure(new StageInput(format, 64));
        using var block = new SampleBlock(format, 64);
        using var result = new SampleBlock(output.Format, Math.Max(1, output.MaxFramesPerBlock));
        block.Count = 63; // not a multiple of the decimation factors, and holding markers (samples 0, 30, 31)
        input.AsSpan(0, 63 * format.ChannelCount).CopyTo(block.Values);
        for (int i = 0; i < 63; i++) block.SetFrameTime(i, i / format.NominalRate, i, i);
        return StageHarness.AllocatedBy(stage, block, result);
    }

    /// <summary>Marker positions unchanged: for stages whose output has the input's channels.</summary>
    public static int[] Same(int[] layout) => layout;

    /// <summary>Marker channels after <paramref name="outputs"/> new channels, in input order: for bipolar and project.</summary>
    public static Func<int[], int[]> After(int outputs) => layout =>
    {
        var at = new int[layout.Length];
        for (int m = 0; m < layout.Length; m++) at[m] = outputs + m;
        return at;
    };
}
