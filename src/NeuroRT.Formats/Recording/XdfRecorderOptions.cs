namespace NeuroRT.Formats.Recording;

/// <summary>Settings of an <see cref="XdfRecorder"/>.</summary>
public sealed record XdfRecorderOptions
{
    /// <summary>Data reaches the operating system at least this often (a killed process loses at most this much).</summary>
    public TimeSpan FlushInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>A boundary chunk is written this often (while data is written), as LabRecorder does.</summary>
    public TimeSpan BoundaryInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Chunks the queue between producers and the recorder thread holds before producers drop or wait.</summary>
    public int QueueChunks { get; init; } = 1024;
}
