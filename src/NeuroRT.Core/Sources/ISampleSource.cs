using NeuroRT.Core.Rings;
using NeuroRT.Core.Streams;

namespace NeuroRT.Core.Sources;

/// <summary>
/// Where a pipeline's samples come from (a file replayed, a generator, later an LSL inlet).
/// <see cref="Open"/> runs once before the run (validate, read headers, allocate);
/// <see cref="Run"/> is the body of the acquisition thread: it writes samples into the ring
/// until the data ends or <c>cancel</c> fires. The runner completes the ring when Run returns.
/// </summary>
public interface ISampleSource : IDisposable
{
    /// <summary>Validates parameters, opens the data and returns the format it will deliver.
    /// Throws <see cref="Stages.StageConfigurationException"/> naming the parameter at fault.</summary>
    StreamFormat Open();

    /// <summary>
    /// True when samples come paced in time (live input, or a replay at a given speed): a pipeline
    /// that falls behind drops data (counted) rather than slowing the source. False for a replay as
    /// fast as possible, where everything downstream applies lossless back-pressure instead.
    /// </summary>
    bool IsRealTime { get; }

    /// <summary>Seconds of data the source will deliver, when known (for progress); null when endless.</summary>
    double? DurationSeconds { get; }

    /// <summary>Acquisition loop: writes into <paramref name="ring"/> until the end of the data or cancellation.</summary>
    void Run(SampleRing ring, CancellationToken cancel);
}
