using NeuroRT.Core.Streams;

namespace NeuroRT.Core.Outputs;

/// <summary>
/// A consumer of frames that must not slow the pipeline (console, files, later plugins, recorder).
/// It runs on its own thread behind a bounded channel; the pipeline thread never waits for it
/// during a real-time run (when the output falls behind, its oldest queued packets are dropped and
/// counted), and waits for it only in an as-fast-as-possible replay, where nothing may be lost.
/// </summary>
public interface IPipelineOutput : IDisposable
{
    /// <summary>Called once before the run with the format of the frames it will receive
    /// (allocate here; throw <see cref="Stages.StageConfigurationException"/> on bad parameters).</summary>
    void Open(StreamFormat format);

    /// <summary>Handles one packet of frames. The packet is recycled when this returns: copy what you keep.</summary>
    void Write(OutputPacket packet);

    /// <summary>Called once after the last packet: flush and release.</summary>
    void Close();
}
