using NeuroRT.Core.Streams;
using NeuroRT.Dsp.Resampling;

namespace NeuroRT.Dsp.Tests.Resampling;

/// <summary>
/// Decimate and marker channels: the signal channels are filtered and down-sampled as alone; a marker is never
/// filtered nor lost with a dropped sample, but moves to the next kept sample at or after it (output ceil(i / factor)
/// for input sample i); of two markers that meet on one output sample the first stays and the other is counted.
/// </summary>
public sealed class DecimateMarkerTests
{
    [Fact]
    public void A_marker_goes_to_the_next_kept_sample_and_a_second_one_there_is_counted()
    {
        // Factor 4 keeps samples 0, 4, 8, 12, ...: output j gathers the markers of inputs 4j - 3 .. 4j.
        var format = new StreamFormat("test", [new ChannelInfo("C3", "EEG", "uV"), new ChannelInfo("events", ChannelTypes.Marker, "")], 1000);
        var input = new float[20 * 2];
        (int Sample, float Code)[] markers = [(0, 1), (1, 2), (4, 3), (7, 4), (9, 5), (12, 6)];
        foreach (var (sample, code) in markers) input[sample * 2 + 1] = code;
        foreach (int block in new[] { 1, 3, 20 })
        {
            var stage = new Decimate { Factor = 4 };
            var frames = StageHarness.Run(stage, format, input, block);
            Assert.Equal([0L, 4, 8, 12, 16], frames.Select(f => f.Index));
            Assert.Equal([1f, 2, 4, 5, 0], frames.Select(f => f.Values[1])); // 3 (sample 4) meets 2, 6 (sample 12) meets 5
            Assert.Equal(2, stage.DroppedMarkers);
        }
    }

    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    [InlineData(5)]
    public void Decimate_gives_the_signal_channels_as_alone_and_every_marker_once_at_the_next_kept_sample(int factor)
    {
        const double rate = 1000;
        int samples = MarkerStreams.Samples;
        int outputs = (samples - 1) / factor + 1;
        int lastKept = (outputs - 1) * factor;
        var signal = MarkerStreams.Signal();
        var expected = StageHarness.Run(new Decimate { Factor = factor }, MarkerStreams.Plain(rate), signal, samples);
        Assert.Equal(outputs, expected.Count);
        foreach (var layout in MarkerStreams.Layouts)
        {
            // The rule, spelt out: output j holds the first marker of inputs (j - 1) * factor + 1 .. j * factor; the rest are dropped.
            var markers = new float[layout.Length][];
            var want = new float[layout.Length][];
            long dropped = 0;
            int inputMarkers = 0;
            for (int m = 0; m < layout.Length; m++)
            {
                markers[m] = MarkerStreams.Markers(11 + m);
                Array.Clear(markers[m], lastKept + 1, samples - lastKept - 1); // after the last kept sample a marker waits for a kept sample this stream never reaches
                want[m] = new float[outputs];
                for (int i = 0; i < samples; i++)
                {
                    if (markers[m][i] == 0) continue;
                    inputMarkers++;
                    int j = (i + factor - 1) / factor;
                    if (want[m][j] == 0) want[m][j] = markers[m][i];
                    else dropped++;
                }
            }

            Assert.True(dropped > 0, "the stream should make markers meet"); // 101 and 102 do at factors 2, 4 and 5
            var format = MarkerStreams.Mixed(rate, layout);
            var input = MarkerStreams.Interleave(signal, markers, layout);
            foreach (int block in MarkerStreams.BlockSizes)
            {
                string where = $"factor {factor}, markers at [{string.Join(", ", layout)}], blocks of {block}";
                var stage = new Decimate { Factor = factor };
                var frames = StageHarness.Run(stage, format, input, block);
                Assert.Equal(outputs, frames.Count);
                int outputMarkers = 0;
                for (int j = 0; j < outputs; j++)
                {
                    var (values, index, time) = frames[j];
                    Assert.Equal(expected[j].Index, index);
                    Assert.Equal(expected[j].Time, time);
                    MarkerStreams.AssertSameBits(expected[j].Values, MarkerStreams.Without(values, layout), $"{where}, output {j}, signal channels");
                    for (int m = 0; m < layout.Length; m++)
                    {
                        if (values[layout[m]] != want[m][j]) Assert.Fail($"{where}, output {j} (input {index}): marker channel {m + 1} holds {values[layout[m]]}, expected {want[m][j]}");
                        if (values[layout[m]] != 0) outputMarkers++;
                    }
                }

                Assert.Equal(dropped, stage.DroppedMarkers);
                Assert.Equal(inputMarkers, outputMarkers + stage.DroppedMarkers); // each marker once: on an output sample, or counted
            }

            Assert.Equal(0, MarkerStreams.AllocatedPerRun(new Decimate { Factor = factor }, format, input));
        }
    }
}
