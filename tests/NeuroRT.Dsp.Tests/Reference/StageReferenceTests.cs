using System.Text.Json;
using NeuroRT.Core.Stages;
using NeuroRT.Core.Streams;
using NeuroRT.Dsp.Features;
using NeuroRT.Dsp.Spatial;
using NeuroRT.Dsp.Tests.Features;
using NeuroRT.Dsp.Windowing;
using static NeuroRT.Dsp.Tests.Reference.StageReference;

namespace NeuroRT.Dsp.Tests.Reference;

/// <summary>
/// The simpler stages against NumPy (tools/reference/stage_reference.py): each runs over the whole 10007-sample
/// recording in one call and in blocks of 1, 7, 64 and 1000 samples, every run bit-identical, and the one-call run is
/// compared with the reference.
/// Tolerances:
/// <list type="bullet">
/// <item>Features (log-variance, line-length, energy): 1e-6 of each value (plus 1e-12 for the zeros of a flat window).
/// Both sides work in double and round once to float32, and the reference is stored in float32, so the two should be
/// at most about an ulp (1.2e-7 relative at worst) apart; 1e-6 leaves room for summation order and nothing more.</item>
/// <item>car and project: 1e-5 of each output channel's RMS at every kept sample (the figure for float32
/// signals). Both sum in double and round once to float32; the difference is an ulp or so of the output, far smaller.</item>
/// <item>pick, bipolar, window and epochs: exact, bit for bit. Their outputs are copies of the float32 input or
/// differences of two of its samples, which are exact in float32 because the inputs are multiples of 0.125 uV well
/// inside float32's 24-bit range, so anything but equality is a bug.</item>
/// <item>Marker channels passed through: exact.</item>
/// <item>Per output channel mean and RMS over all samples (the sample-wise stages keep every 17th sample's output in the
/// fixture): 1e-5 of the RMS, which an output within 1e-5 of the RMS at every sample cannot miss (the error of the mean
/// and of the RMS is at most the largest error at a sample).</item>
/// </list>
/// </summary>
public sealed class StageReferenceTests
{
    private const double FeatureTolerance = 1e-6;
    private const double SignalTolerance = 1e-5;

    // ---------- window ----------

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Window_emits_the_reference_windows_at_every_block_size(int index)
    {
        var c = Case("windows", index);
        int length = c.GetProperty("length").GetInt32(), step = c.GetProperty("step").GetInt32();
        int[] starts = Ints(c.GetProperty("starts"));
        var format = InputFormat();
        var input = Input();
        int width = format.ChannelCount;
        var (frames, stages) = RunAtEveryBlockSize(
            () => new SlidingWindow { Length = c.GetProperty("length_s").GetDouble(), Step = c.GetProperty("step_s").GetDouble() }, format, input);
        var window = (SlidingWindow)stages[0];
        Assert.Equal(length, window.LengthSamples);
        Assert.Equal(step, window.StepSamples);
        Assert.Equal(starts.Length, frames.Count);
        for (int f = 0; f < frames.Count; f++)
        {
            Assert.Equal(starts[f] + length - 1, frames[f].Index); // stamped with its last sample
            MarkerStreams.AssertSameBits(input.AsSpan(starts[f] * width, length * width).ToArray(), frames[f].Values, $"window {f} (samples {starts[f]}..)");
        }
    }

    // ---------- log-variance, line-length, energy ----------

    public static TheoryData<int, string> FeatureCases()
    {
        var data = new TheoryData<int, string>();
        for (int i = 0; i < 4; i++)
            foreach (string feature in new[] { "log_variance", "line_length", "energy" }) data.Add(i, feature);
        data.Add(0, "log_variance_floored");
        return data;
    }

    [Theory]
    [MemberData(nameof(FeatureCases))]
    public void Window_features_match_numpy_at_every_block_size(int index, string feature)
    {
        var c = Case("windows", index);
        double lengthSeconds = c.GetProperty("length_s").GetDouble(), stepSeconds = c.GetProperty("step_s").GetDouble();
        Func<IStage> make = feature switch
        {
            "log_variance" => () => new LogVariance(),
            "log_variance_floored" => () => new LogVariance { Floor = c.GetProperty("log_variance_floor").GetDouble() },
            "line_length" => () => new LineLength(),
            "energy" => () => new SignalEnergy(),
            _ => throw new ArgumentException(feature),
        };
        float[] expected = Floats(c.GetProperty(feature));
        int channels = EegNames.Length;
        var (frames, _) = RunAtEveryBlockSize(
            () => new StageChain(new SlidingWindow { Length = lengthSeconds, Step = stepSeconds }, make()), EegFormat(), Eeg());
        Assert.Equal(expected.Length / channels, frames.Count);
        int[] starts = Ints(c.GetProperty("starts"));
        for (int f = 0; f < frames.Count; f++)
        {
            Assert.Equal(starts[f] + c.GetProperty("length").GetInt32() - 1, frames[f].Index);
            for (int k = 0; k < channels; k++)
            {
                double e = expected[f * channels + k], a = frames[f].Values[k];
                Assert.True(Math.Abs(a - e) <= FeatureTolerance * Math.Abs(e) + 1e-12,
                    $"{feature}, window {f} (samples {starts[f]}..), {EegNames[k]}: {a:R} vs numpy {e:R}");
            }
        }
    }

    // ---------- car, bipolar, project, pick ----------

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void Car_matches_numpy(int index)
    {
        var c = Case("car", index);
        AssertSampleWise(() => new CommonAverageReference { Channels = Strings(c.GetProperty("channels")) }, c, $"car {index}");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void Bipolar_matches_numpy(int index)
    {
        var c = Case("bipolar", index);
        AssertSampleWise(() => new BipolarMontage { Montage = c.GetProperty("montage").GetString()!, Pairs = Strings(c.GetProperty("pairs")) }, c, $"bipolar {index}");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void Project_matches_numpy(int index)
    {
        var c = Case("project", index);
        double[][] matrix = c.GetProperty("matrix").EnumerateArray().Select(Doubles).ToArray();
        AssertSampleWise(() => new LinearProjection { Matrix = matrix, Channels = Strings(c.GetProperty("channels")), Names = Strings(c.GetProperty("names")) }, c, $"project {index}");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void Pick_matches_numpy(int index)
    {
        var c = Case("pick", index);
        AssertSampleWise(() => new ChannelPick { Channels = Strings(c.GetProperty("channels")) }, c, $"pick {index}");
    }

    private static void AssertSampleWise(Func<IStage> make, JsonElement c, string what)
    {
        var format = InputFormat();
        string[] names = Strings(c.GetProperty("output_names"));
        Assert.Equal(names, OutputNames(make(), format));
        var outputFormat = make().Configure(new StageInput(format, 64)).Format;
        var (frames, _) = RunAtEveryBlockSize(make, format, Input());
        Assert.Equal(Samples, frames.Count);
        int width = names.Length;
        bool exact = c.GetProperty("exact").GetBoolean();
        float[] expected = Floats(c.GetProperty("output"));
        double[] rms = Doubles(c.GetProperty("rms")), mean = Doubles(c.GetProperty("mean"));
        int step = SampleStep;
        Assert.Equal((Samples + step - 1) / step * width, expected.Length);
        for (int k = 0; k < width; k++)
        {
            bool bitwise = exact || ChannelTypes.IsMarker(outputFormat.Channels[k]);
            for (int r = 0; r * step < Samples; r++)
            {
                float e = expected[r * width + k], a = frames[r * step].Values[k];
                if (bitwise)
                {
                    if (BitConverter.SingleToInt32Bits(a) != BitConverter.SingleToInt32Bits(e))
                        Assert.Fail($"{what}, sample {r * step}, {names[k]}: {a:R}, numpy {e:R} (exact)");
                }
                else if (!(Math.Abs((double)a - e) <= SignalTolerance * rms[k]))
                {
                    Assert.Fail($"{what}, sample {r * step}, {names[k]}: {a:R} vs numpy {e:R}, more than {SignalTolerance} of the RMS {rms[k]:G6} apart");
                }
            }

            double sum = 0, squares = 0;
            foreach (var frame in frames)
            {
                sum += frame.Values[k];
                squares += (double)frame.Values[k] * frame.Values[k];
            }

            double m = sum / Samples, q = Math.Sqrt(squares / Samples);
            Assert.True(Math.Abs(m - mean[k]) <= SignalTolerance * rms[k], $"{what}, {names[k]}: mean over all samples {m:R} vs numpy {mean[k]:R}");
            Assert.True(Math.Abs(q - rms[k]) <= SignalTolerance * rms[k], $"{what}, {names[k]}: RMS over all samples {q:R} vs numpy {rms[k]:R}");
        }
    }

    // ---------- epochs ----------

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void Epochs_match_numpy_at_every_block_size(int index)
    {
        var c = Case("epochs", index);
        int pre = c.GetProperty("pre").GetInt32(), post = c.GetProperty("post").GetInt32();
        int[] onsets = Ints(c.GetProperty("onsets"));
        double[] codes = Doubles(c.GetProperty("codes"));
        int channels = EegNames.Length;
        // The first case holds numpy's epochs; the second's samples come from the signal at numpy's onsets.
        float[] eeg = Eeg();
        float[] expected = c.TryGetProperty("epochs", out var stored)
            ? Shorts(stored).Select(v => v * Scale).ToArray()
            : onsets.SelectMany(o => eeg.AsSpan((o - pre) * channels, (pre + post) * channels).ToArray()).ToArray();
        Assert.Equal(onsets.Length * (pre + post) * channels, expected.Length);

        var format = InputFormat();
        Func<IStage> make = () => new MarkerEpochs { Marker = MarkerName, Pre = c.GetProperty("pre_s").GetDouble(), Post = c.GetProperty("post_s").GetDouble() };
        Assert.Equal(EegNames.Append("event"), OutputNames(make(), format));
        var (frames, stages) = RunAtEveryBlockSize(make, format, Input());
        foreach (var stage in stages) Assert.Equal(c.GetProperty("skipped").GetInt64(), ((MarkerEpochs)stage).Skipped);
        Assert.Equal(onsets.Length, frames.Count);
        int width = channels + 1;
        for (int e = 0; e < onsets.Length; e++)
        {
            Assert.Equal(onsets[e] + post - 1, frames[e].Index); // stamped with its last sample
            var want = new float[(pre + post) * width];
            for (int s = 0; s < pre + post; s++)
            {
                expected.AsSpan((e * (pre + post) + s) * channels, channels).CopyTo(want.AsSpan(s * width, channels));
                want[s * width + channels] = (float)codes[e];
            }

            MarkerStreams.AssertSameBits(want, frames[e].Values, $"epoch {e} (marker at {onsets[e]}, code {codes[e]})");
        }
    }
}
