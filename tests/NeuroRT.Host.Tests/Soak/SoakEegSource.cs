using NeuroRT.Core.Configuration;
using NeuroRT.Core.Rings;
using NeuroRT.Core.Sources;
using NeuroRT.Core.Streams;

namespace NeuroRT.Host.Tests.Soak;

/// <summary>
/// The soak's amplifier: the synthetic source (10 and 22 Hz sinusoids in noise) with 64 channels at 160 Hz,
/// the shape of the EEGMMIDB recordings the EEGNet model was trained on, whose first 21 channels carry the
/// model's channel names so that pipeline (b) runs on it unchanged. Paced at <c>speed</c> x real time.
/// </summary>
[Component(ComponentKind.Source, "soak-eeg")]
public sealed class SoakEegSource : ISampleSource
{
    private readonly SyntheticSource _inner = new() { Channels = 64, Rate = 160, Frequencies = [10, 22], Amplitude = 20, Noise = 5, Chunk = 0.0125 };

    /// <summary>The EEGNet model's input channels, in its order.</summary>
    public static readonly string[] ModelChannels = ["Fc5", "Fc3", "Fc1", "Fcz", "Fc2", "Fc4", "Fc6", "C5", "C3", "C1", "Cz", "C2", "C4", "C6", "Cp5", "Cp3", "Cp1", "Cpz", "Cp2", "Cp4", "Cp6"];

    [Parameter("speed", Help = "1 = real time, N = N x real time")]
    public double Speed { get => _inner.Speed; set => _inner.Speed = value; }

    [Parameter("duration", Quantity = Quantity.Time, Help = "seconds of signal")]
    public double Duration { get => _inner.Duration; set => _inner.Duration = value; }

    public bool IsRealTime => _inner.IsRealTime;

    public double? DurationSeconds => _inner.DurationSeconds;

    public StreamFormat Open()
    {
        var format = _inner.Open();
        var channels = new List<ChannelInfo>(format.Channels);
        for (int c = 0; c < ModelChannels.Length; c++) channels[c] = channels[c] with { Name = ModelChannels[c] };
        return format with { Name = "soak-eeg", Channels = channels };
    }

    public void Run(SampleRing ring, CancellationToken cancel) => _inner.Run(ring, cancel);

    public void Dispose() => _inner.Dispose();
}
