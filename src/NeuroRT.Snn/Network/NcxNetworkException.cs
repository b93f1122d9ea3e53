namespace NeuroRT.Snn.Network;

/// <summary>A network file cannot be used; <see cref="Diagnostics"/> lists every problem found, one line each, in file order.</summary>
public sealed class NcxNetworkException : Exception
{
    /// <summary>Creates the error from its diagnostics (at least one).</summary>
    public NcxNetworkException(IReadOnlyList<NcxNetworkDiagnostic> diagnostics, Exception? inner = null)
        : base(string.Join(Environment.NewLine, diagnostics), inner) => Diagnostics = diagnostics;

    /// <summary>Creates the error from one diagnostic.</summary>
    public NcxNetworkException(NcxNetworkDiagnostic diagnostic, Exception? inner = null) : this([diagnostic], inner) { }

    /// <summary>Every problem found, in file order.</summary>
    public IReadOnlyList<NcxNetworkDiagnostic> Diagnostics { get; }
}
