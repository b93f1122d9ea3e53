namespace NeuroRT.Dsp.Fitting;

/// <summary>
/// A tangent-space reference point as <c>neurort fit riemann-mean</c> writes it and the <c>tangent-space</c> stage reads
/// it (<c>file: reference.json</c>): JSON with <c>"format": "neurort-riemann-mean"</c>, the provenance, the channel
/// labels, the covariance shrinkage the fit used (use the same in the online <c>covariance</c> stage), how the
/// iteration ended and the n x n mean.
/// </summary>
public sealed record ReferenceFile
{
    /// <summary>The value of the file's <c>format</c> key.</summary>
    public const string Format = "neurort-riemann-mean";

    /// <summary>Where the fit came from.</summary>
    public required FitProvenance Provenance { get; init; }

    /// <summary>Channel labels, one per row and column of the mean.</summary>
    public required string[] Channels { get; init; }

    /// <summary>Shrinkage of the epoch covariances, as the <c>covariance</c> stage's <c>shrinkage</c>.</summary>
    public double Shrinkage { get; init; }

    /// <summary>Tolerance the iteration ran to.</summary>
    public double Tolerance { get; init; }

    /// <summary>The mean and how the iteration ended.</summary>
    public required RiemannianMeanResult Result { get; init; }

    /// <summary>Writes the file (overwriting).</summary>
    public void Save(string path)
    {
        var w = new FitFile.Writer(Format, Provenance, Channels);
        w.Value("shrinkage", Shrinkage);
        w.Value("tolerance", Tolerance);
        w.Value("iterations", Result.Iterations);
        w.Value("criterion", Result.Criterion);
        w.Raw("converged", Result.Converged ? "true" : "false");
        w.Rows("mean", Result.Mean);
        w.Save(path);
    }

    /// <summary>Reads a file written by <see cref="Save"/>; throws <see cref="FitFileException"/> naming the file and the problem.</summary>
    public static ReferenceFile Load(string path)
    {
        var root = FitFile.Open(path, Format, "neurort fit riemann-mean");
        var channels = FitFile.Strings(root, "channels", path);
        if (channels.Length == 0) throw new FitFileException($"{path}: \"channels\" is empty");
        var mean = FitFile.Matrix(root, "mean", channels.Length, path);
        if (mean.Length != channels.Length) throw new FitFileException($"{path}: the mean has {mean.Length} rows but the file lists {channels.Length} channels");
        return new ReferenceFile
        {
            Provenance = FitFile.Provenance(root, path),
            Channels = channels,
            Shrinkage = FitFile.Double(root, "shrinkage", path),
            Tolerance = FitFile.Double(root, "tolerance", path),
            Result = new RiemannianMeanResult(mean, FitFile.Integer(root, "iterations", path), FitFile.Double(root, "criterion", path), FitFile.Boolean(root, "converged", path)),
        };
    }
}
