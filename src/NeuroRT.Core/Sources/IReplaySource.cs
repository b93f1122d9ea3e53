namespace NeuroRT.Core.Sources;

/// <summary>A source that replays data at an adjustable speed (files, generators).</summary>
public interface IReplaySource : ISampleSource
{
    /// <summary>Replay speed: 1 = real time, N = N times real time, 0 = as fast as possible (lossless).</summary>
    double Speed { get; set; }
}
