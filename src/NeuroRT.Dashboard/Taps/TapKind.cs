namespace NeuroRT.Dashboard.Taps;

/// <summary>What a tapped node's frames are shown as.</summary>
internal enum TapKind
{
    /// <summary>The source's samples (scrolling traces, spectrum).</summary>
    Raw,
    /// <summary>The last filter stage before the window (scrolling traces).</summary>
    Filtered,
    /// <summary>Class probabilities (channels of type class-score) over time, with the emitted command marked.</summary>
    Scores,
    /// <summary>Frames an seizure-alarm output reads (alarm timeline).</summary>
    Alarm,
    /// <summary>The output frames of an snn stage (shown as a raster: the stage exposes no per-neuron spikes).</summary>
    Snn,
    /// <summary>Any other node an output reads.</summary>
    Frames,
}
