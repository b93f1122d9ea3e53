namespace NeuroRT.Host.Files;

/// <summary>A pipeline file cannot be used; <see cref="Diagnostics"/> says where and why, one line each.</summary>
public sealed class PipelineFileException : Exception
{
    /// <summary>Creates the error from its diagnostics (at least one).</summary>
    public PipelineFileException(IReadOnlyList<PipelineDiagnostic> diagnostics, Exception? inner = null)
        : base(string.Join(Environment.NewLine, diagnostics), inner) => Diagnostics = diagnostics;

    /// <summary>Creates the error from one diagnostic.</summary>
    public PipelineFileException(PipelineDiagnostic diagnostic, Exception? inner = null) : this([diagnostic], inner) { }

    /// <summary>Every problem found, in file order.</summary>
    public IReadOnlyList<PipelineDiagnostic> Diagnostics { get; }
}
