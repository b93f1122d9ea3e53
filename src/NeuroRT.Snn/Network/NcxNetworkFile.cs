namespace NeuroRT.Snn.Network;

/// <summary>
/// Reads network description files (format <c>neurocorex-network/1</c>, YAML or JSON; see docs/neurocorex-network.md).
/// Every problem of a file is collected and reported together in one <see cref="NcxNetworkException"/>, each with the
/// file, line, column and key.
/// </summary>
public static class NcxNetworkFile
{
    /// <summary>The exact value of the required <c>format:</c> key.</summary>
    public const string Format = "neurocorex-network/1";

    /// <summary>Length of one timestep in milliseconds (96 slots of 10 µs, spec §9): the unit of <c>refractory_ms</c>.</summary>
    public const double MillisecondsPerTimestep = 0.96;

    /// <summary>Reads and validates <paramref name="path"/>. Throws <see cref="NcxNetworkException"/>.</summary>
    public static NcxNetwork Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new NcxNetworkException(new NcxNetworkDiagnostic(new NcxSourcePosition(path, 1, 1), "file",
                $"network file not found: '{Path.GetFullPath(path)}'"));
        }

        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new NcxNetworkException(new NcxNetworkDiagnostic(new NcxSourcePosition(path, 1, 1), "file",
                $"cannot read the network file '{Path.GetFullPath(path)}': {e.Message}"), e);
        }

        return Parse(text, path);
    }

    /// <summary>
    /// Validates network text as if read from <paramref name="sourceName"/> (used in every message). Throws
    /// <see cref="NcxNetworkException"/>.
    /// </summary>
    public static NcxNetwork Parse(string text, string sourceName) => new NcxNetworkReader(sourceName).Read(text);
}
