namespace NeuroRT.Dsp.Fitting;

/// <summary>
/// CSP filters as <c>neurort fit csp</c> writes them and the <c>csp</c> stage reads them (<c>file: csp.json</c>): JSON
/// with <c>"format": "neurort-csp"</c>, the provenance, the channel labels the columns refer to, and the filters,
/// patterns and eigenvalues.
/// </summary>
public sealed record CspFile
{
    /// <summary>The value of the file's <c>format</c> key.</summary>
    public const string Format = "neurort-csp";

    /// <summary>Where the fit came from.</summary>
    public required FitProvenance Provenance { get; init; }

    /// <summary>Input channel labels, one per filter column.</summary>
    public required string[] Channels { get; init; }

    /// <summary>How epochs were combined into the class covariances.</summary>
    public CspNormalisation Normalisation { get; init; }

    /// <summary>The fitted filters, patterns and eigenvalues.</summary>
    public required CspFilters Fit { get; init; }

    /// <summary>Writes the file (overwriting).</summary>
    public void Save(string path)
    {
        var w = new FitFile.Writer(Format, Provenance, Channels);
        w.Raw("normalisation", Normalisation == CspNormalisation.EpochTrace ? "\"epoch-trace\"" : "\"none\"");
        w.Row("eigenvalues", Fit.Eigenvalues);
        w.Row("all-eigenvalues", Fit.AllEigenvalues);
        w.Rows("filters", Fit.Filters);
        w.Rows("patterns", Fit.Patterns);
        w.Save(path);
    }

    /// <summary>Reads a file written by <see cref="Save"/>; throws <see cref="FitFileException"/> naming the file and the problem.</summary>
    public static CspFile Load(string path)
    {
        var root = FitFile.Open(path, Format, "neurort fit csp");
        var channels = FitFile.Strings(root, "channels", path);
        if (channels.Length == 0) throw new FitFileException($"{path}: \"channels\" is empty");
        var filters = FitFile.Matrix(root, "filters", channels.Length, path);
        var patterns = FitFile.Matrix(root, "patterns", channels.Length, path);
        var eigenvalues = FitFile.Numbers(root, "eigenvalues", path);
        if (patterns.Length != filters.Length || eigenvalues.Length != filters.Length)
            throw new FitFileException($"{path}: {filters.Length} filters but {patterns.Length} patterns and {eigenvalues.Length} eigenvalues");
        string normalisation = FitFile.Text(root, "normalisation", path);
        return new CspFile
        {
            Provenance = FitFile.Provenance(root, path),
            Channels = channels,
            Normalisation = normalisation switch
            {
                "epoch-trace" => CspNormalisation.EpochTrace,
                "none" => CspNormalisation.None,
                _ => throw new FitFileException($"{path}: \"normalisation\" must be epoch-trace or none, got '{normalisation}'"),
            },
            Fit = new CspFilters(filters, patterns, eigenvalues, FitFile.Numbers(root, "all-eigenvalues", path)),
        };
    }
}
