using NeuroRT.Core.Blocks;
using NeuroRT.Core.Configuration;
using NeuroRT.Core.Stages;
using NeuroRT.Core.Streams;
using NeuroRT.Dsp.Fitting;

namespace NeuroRT.Dsp.Features;

/// <summary>
/// Riemannian tangent-space mapping of covariance matrices at a reference point P (fitted offline, e.g. the
/// Riemannian mean of the training covariances written by <c>neurort fit riemann-mean</c>, given inline as
/// <c>reference</c> or as that <c>file</c>; identity by default): <c>S = log(P^-1/2 C P^-1/2)</c>, output as
/// its upper triangle row by row with off-diagonal terms times sqrt(2) (so the Euclidean norm of the vector is the
/// Riemannian distance to P), n(n+1)/2 values per window. Input: a <c>covariance</c> stage's n x n frames.
/// Eigen-decompositions into preallocated storage; nothing is allocated per window.
/// </summary>
[Component(ComponentKind.Stage, "tangent-space", Summary = "Riemannian tangent-space vector of each covariance matrix at a reference point")]
public sealed class TangentSpace : IStage
{
    private SymmetricEigen? _eigen;
    private double[] _whitener = [];
    private double[] _c = [];
    private double[] _product = [];
    private double[] _m = [];
    private double[] _log = [];
    private double[] _scratch = [];
    private int _n;

    /// <summary>Reference point, n x n.</summary>
    [Parameter("reference", Help = "reference covariance (n x n rows), e.g. the Riemannian mean of the training data (default: identity)")]
    public double[][] Reference { get; set; } = [];

    /// <summary>A reference point written by <c>neurort fit riemann-mean</c>.</summary>
    [Parameter("file", InputFile = true, Help = "reference point written by 'neurort fit riemann-mean', relative to the pipeline file (instead of 'reference')")]
    public string File { get; set; } = "";

    /// <inheritdoc />
    public StageOutput Configure(StageInput input)
    {
        var format = input.Format;
        int values = format.FrameSize;
        int n = (int)Math.Round(Math.Sqrt(values));
        if (format.FrameLength != 1 || n * n != values)
            throw new StageConfigurationException(null, "tangent-space takes covariance matrices: put a 'covariance' stage before it");
        _n = n;
        _eigen = new SymmetricEigen(n);
        _c = new double[n * n];
        _product = new double[n * n];
        _m = new double[n * n];
        _log = new double[n * n];
        _scratch = new double[n];
        _whitener = new double[n * n];
        var reference = File.Length > 0 ? FromFile(format, n) : Reference;
        if (reference.Length == 0)
        {
            for (int i = 0; i < n; i++) _whitener[i * n + i] = 1;
        }
        else
        {
            string parameter = File.Length > 0 ? "file" : "reference";
            if (reference.Length != n || reference.Any(r => r.Length != n))
                throw new StageConfigurationException(parameter, $"the reference must be {n} x {n} (the covariance's size)");
            var p = new double[n * n];
            for (int i = 0; i < n; i++)
                for (int j = 0; j < n; j++)
                {
                    if (Math.Abs(reference[i][j] - reference[j][i]) > 1e-9 * Math.Max(1, Math.Abs(reference[i][j])))
                        throw new StageConfigurationException(parameter, $"the reference must be symmetric (entry {i + 1},{j + 1} differs from {j + 1},{i + 1})");
                    p[i * n + j] = reference[i][j];
                }

            _eigen.Decompose(p);
            try
            {
                _eigen.Reconstruct(SymmetricEigen.Function.InverseSqrt, _whitener, _scratch);
            }
            catch (ArithmeticException e)
            {
                throw new StageConfigurationException(parameter, e.Message);
            }
        }

        var channels = new List<ChannelInfo>();
        for (int i = 0; i < n; i++)
            for (int j = i; j < n; j++) channels.Add(new ChannelInfo($"ts{i + 1}.{j + 1}", ChannelTypes.Feature, ""));
        return new StageOutput(format with { Channels = channels }, input.MaxFramesPerBlock);
    }

    /// <inheritdoc />
    public void Process(SampleBlock input, SampleBlock output)
    {
        output.CopyFrameTimesFrom(input);
        int n = _n;
        for (int f = 0; f < input.Count; f++)
        {
            var frame = input.Frame(f);
            for (int i = 0; i < n * n; i++) _c[i] = frame[i];
            // M = W C W with W = P^-1/2 (symmetric).
            Multiply(_whitener, _c, _product, n);
            Multiply(_product, _whitener, _m, n);
            for (int i = 0; i < n; i++)
                for (int j = i + 1; j < n; j++) _m[i * n + j] = _m[j * n + i] = 0.5 * (_m[i * n + j] + _m[j * n + i]);
            _eigen!.Decompose(_m);
            _eigen.Reconstruct(SymmetricEigen.Function.Log, _log, _scratch);
            var to = output.Frame(f);
            int k = 0;
            for (int i = 0; i < n; i++)
                for (int j = i; j < n; j++) to[k++] = (float)(i == j ? _log[i * n + j] : Math.Sqrt(2) * _log[i * n + j]);
        }
    }

    /// <summary>
    /// The reference from <see cref="File"/>, checked against the input: n x n, and fitted on the channels the
    /// covariance was computed on (its diagonal entries are named <c>A*A</c>), compared as channel names are.
    /// </summary>
    private double[][] FromFile(StreamFormat format, int n)
    {
        if (Reference.Length > 0) throw new StageConfigurationException("file", "give either 'reference' or 'file', not both");
        ReferenceFile file;
        try
        {
            file = ReferenceFile.Load(File);
        }
        catch (FitFileException e)
        {
            throw new StageConfigurationException("file", e.Message, e);
        }

        string name = Path.GetFileName(File);
        if (file.Channels.Length != n)
            throw new StageConfigurationException("file", $"{name} was fitted on {file.Channels.Length} channels but the covariance here is {n} x {n}; compute the covariance of the same channels");
        for (int i = 0; i < n; i++)
        {
            string diagonal = format.Channels[i * n + i].Name;
            int half = (diagonal.Length - 1) / 2;
            if (diagonal.Length % 2 == 0 || diagonal[half] != '*') continue; // not named by a covariance stage: nothing to compare
            string channel = diagonal[..half];
            if (ChannelNames.Normalize(channel) != ChannelNames.Normalize(file.Channels[i]))
                throw new StageConfigurationException("file",
                    $"{name} was fitted on channel '{file.Channels[i]}' at position {i + 1}, but the covariance's channel {i + 1} is '{channel}'; feed the covariance the fit's channels in the fit's order ({string.Join(", ", file.Channels.Take(8))}{(n > 8 ? ", ..." : "")})");
        }

        return file.Result.Mean;
    }

    private static void Multiply(double[] a, double[] b, double[] result, int n)
    {
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                double sum = 0;
                for (int k = 0; k < n; k++) sum += a[i * n + k] * b[k * n + j];
                result[i * n + j] = sum;
            }
    }
}
