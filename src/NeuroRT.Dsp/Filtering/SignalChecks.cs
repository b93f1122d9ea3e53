using NeuroRT.Core.Stages;
using NeuroRT.Core.Streams;

namespace NeuroRT.Dsp.Filtering;

/// <summary>What every filter and resampler needs from its input: the signal itself (not windows), at a regular rate.</summary>
internal static class SignalChecks
{
    /// <summary>Throws a clear configuration error unless <paramref name="format"/> is a regularly sampled signal.</summary>
    public static void RequireRegularSignal(StreamFormat format, string what)
    {
        if (format.FrameLength != 1)
            throw new StageConfigurationException(null, $"{what} runs on the signal itself, but its input has frames of {format.FrameLength} samples: put it before the window stage");
        if (format.IsIrregular)
            throw new StageConfigurationException(null, $"{what} needs a regular sampling rate; the input stream is irregular");
    }
}
