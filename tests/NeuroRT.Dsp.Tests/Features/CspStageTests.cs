using NeuroRT.Core.Blocks;
using NeuroRT.Core.Stages;
using NeuroRT.Dsp.Features;
using NeuroRT.Dsp.Fitting;
using NeuroRT.Dsp.Spatial;
using NeuroRT.Dsp.Tests.Filters;
using NeuroRT.Dsp.Tests.Fitting;

namespace NeuroRT.Dsp.Tests.Features;

public sealed class CspStageTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("neurort-csp-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(_folder, true); }
        catch (IOException) { }
    }

    /// <summary>The reference script's 2 + 2 classic filters: rows 1, 2, 5 and 6 of the full set.</summary>
    private static double[][] PickedFilters()
    {
        var all = FittingReference.Rows(FittingReference.Section("csp").GetProperty("filters"));
        return [all[0], all[1], all[^2], all[^1]];
    }

    private string SaveFile(double[][] filters, string[] channels)
    {
        string path = Path.Combine(_folder, "csp.json");
        new CspFile
        {
            Provenance = new FitProvenance { Tool = "test", Recordings = ["test.edf"], Classes = ["T1", "T2"], EpochsPerClass = [12, 12], From = 0.5, To = 2.5, Rate = 250, Band = new FitBand(8, 30, 4) },
            Channels = channels,
            Fit = new CspFilters(filters, filters, new double[filters.Length], new double[channels.Length]),
        }.Save(path);
        return path;
    }

    [Fact]
    public void Features_match_numpy_and_allocate_nothing()
    {
        var expected = FittingReference.Rows(FittingReference.Section("features"));
        var (windows, format) = FittingReference.Windows();
        using var _ = windows;
        var stage = new CspFeatures { Filters = PickedFilters() };
        using var features = FilterReference.RunOnce(stage, windows, format);
        Assert.Equal(["csp1", "csp2", "csp3", "csp4"], stage.Configure(new StageInput(format, windows.Capacity)).Format.Channels.Select(c => c.Name));
        Assert.Equal(expected.Length, features.Count);
        for (int f = 0; f < features.Count; f++)
            for (int k = 0; k < 4; k++)
                Assert.True(Math.Abs(features.Frame(f)[k] - expected[f][k]) <= 2e-6 * Math.Max(1, Math.Abs(expected[f][k])), $"window {f}, feature {k}: {features.Frame(f)[k]} vs numpy {expected[f][k]}");
        Assert.Equal(windows.SampleIndex.ToArray(), features.SampleIndex.ToArray());
        Assert.Equal(0, StageHarness.AllocatedBy(stage, windows, features, 20));
    }

    [Fact]
    public void The_offline_features_are_the_online_stages()
    {
        var (windows, format) = FittingReference.Windows();
        using var _ = windows;
        var fit = new CspFilters(PickedFilters(), PickedFilters(), new double[4], new double[6]);
        var offline = CspCrossValidation.Features(fit, FittingReference.Epochs().Select(e => e.Epoch).ToList(), FittingReference.Channels);
        using var online = FilterReference.RunOnce(new CspFeatures { Filters = PickedFilters() }, windows, format);
        for (int f = 0; f < online.Count; f++) Assert.Equal(offline[f].Select(v => (float)v), online.Frame(f).ToArray());
    }

    [Fact]
    public void A_fit_file_picks_its_channels_by_name_from_a_wider_input()
    {
        // The file was fitted on 6 channels labelled as EEGMMIDB labels them; the input has them (unpadded) in another order, among others.
        string[] fitted = ["C3..", "Cz..", "C4..", "Fc3.", "Fc4.", "Pz.."];
        string path = SaveFile(PickedFilters(), fitted);
        var (windows, format) = FittingReference.Windows();
        using var __ = windows;
        string[] inputNames = ["Pz", "EOG", "C4", "CZ", "C3", "FC4", "FC3"];
        int[] positionInInput = fitted.Select(f => Array.FindIndex(inputNames, n => NeuroRT.Core.Streams.ChannelNames.Normalize(n) == NeuroRT.Core.Streams.ChannelNames.Normalize(f))).ToArray();
        var wide = StageHarness.Format(inputNames.Length, 250, inputNames) with { FrameLength = FittingReference.Samples };
        using var input = new SampleBlock(wide, windows.Count) { Count = windows.Count };
        for (int f = 0; f < windows.Count; f++)
            for (int t = 0; t < FittingReference.Samples; t++)
                for (int c = 0; c < 6; c++) input.Frame(f)[t * inputNames.Length + positionInInput[c]] = windows.Frame(f)[t * 6 + c];

        using var fromFile = FilterReference.RunOnce(new CspFeatures { File = path }, input, wide);
        using var inline = FilterReference.RunOnce(new CspFeatures { Filters = PickedFilters() }, windows, format);
        for (int f = 0; f < inline.Count; f++) Assert.Equal(inline.Frame(f).ToArray(), fromFile.Frame(f).ToArray());
    }

    [Fact]
    public void Signals_output_projects_every_sample_as_the_project_stage()
    {
        var format = StageHarness.Format(6, 250);
        var signal = FilterReference.Input().Values; // 3 channels: widen to 6
        var six = new float[signal.Length * 2];
        for (int t = 0; t < signal.Length / 3; t++)
            for (int c = 0; c < 6; c++) six[t * 6 + c] = signal[t * 3 + c % 3] * (1 + c);
        var csp = StageHarness.Run(new CspFeatures { Filters = PickedFilters(), Output = CspOutput.Signals }, format, six, 7, 64);
        var project = StageHarness.Run(new LinearProjection { Matrix = PickedFilters() }, format, six, 64);
        Assert.Equal(project.Select(p => p.Values), csp.Select(c => c.Values));
    }

    [Fact]
    public void Shape_mismatches_name_both_sides()
    {
        var (windows, format) = FittingReference.Windows("C3", "Cz", "C4", "FC3", "FC4", "Pz");
        using var _ = windows;
        var input = new StageInput(format, 4);
        double[][] wrong = [[1, 2, 3], [3, 2, 1]];
        var e = Assert.Throws<StageConfigurationException>(() => new CspFeatures { Filters = wrong }.Configure(input));
        Assert.Equal("filters", e.Parameter);
        Assert.Equal("'filters': filter 1 has 3 weights but the input 'test' has 6 channels (C3, Cz, C4, FC3, FC4, Pz); list the input channels the columns refer to in 'channels'", e.Message);
        e = Assert.Throws<StageConfigurationException>(() => new CspFeatures { Filters = wrong, Channels = ["C3", "C4"] }.Configure(input));
        Assert.Equal("'filters': filter 1 has 3 weights but 'channels' lists 2 channels", e.Message);

        string path = SaveFile(PickedFilters(), ["C3", "Cz", "C4", "FC3", "FC4", "CP3"]);
        e = Assert.Throws<StageConfigurationException>(() => new CspFeatures { File = path }.Configure(input));
        Assert.Equal("file", e.Parameter);
        Assert.StartsWith("csp.json was fitted on 6 channels (C3, Cz, C4, FC3, FC4, CP3), but channel 'CP3' is not in the input 'test'", e.Message);
        e = Assert.Throws<StageConfigurationException>(() => new CspFeatures { File = path, Channels = ["C3"] }.Configure(input));
        Assert.Equal("'channels' lists 1 channels but csp.json was fitted on 6 (C3, Cz, C4, FC3, FC4, CP3)", e.Message);
        e = Assert.Throws<StageConfigurationException>(() => new CspFeatures { File = path, Filters = wrong }.Configure(input));
        Assert.Equal("give either 'filters' or 'file', not both", e.Message);
        e = Assert.Throws<StageConfigurationException>(() => new CspFeatures().Configure(input));
        Assert.Contains("give the CSP filters", e.Message);
        e = Assert.Throws<StageConfigurationException>(() => new CspFeatures { Filters = PickedFilters() }.Configure(new StageInput(format with { FrameLength = 1 }, 4)));
        Assert.Contains("put a 'window' stage before it", e.Message);
    }

    [Fact]
    public void Unreadable_fit_files_are_errors_naming_the_file()
    {
        string path = Path.Combine(_folder, "bad.json");
        File.WriteAllText(path, "{\"format\": \"neurort-riemann-mean\", \"version\": 1}");
        var input = new StageInput(FittingReference.Windows().Format, 1);
        var e = Assert.Throws<StageConfigurationException>(() => new CspFeatures { File = path }.Configure(input));
        Assert.Equal($"{path}: not a neurort-csp file (its \"format\" is 'neurort-riemann-mean'); write one with 'neurort fit csp'", e.Message);
        File.WriteAllText(path, "{\"format\": \"neurort-csp\", \"version\": 1, \"channels\": [\"C3\"]}");
        e = Assert.Throws<StageConfigurationException>(() => new CspFeatures { File = path }.Configure(input));
        Assert.Equal($"{path}: \"filters\" is missing", e.Message);
        File.WriteAllText(path, "{\"format\": ");
        e = Assert.Throws<StageConfigurationException>(() => new CspFeatures { File = path }.Configure(input));
        Assert.StartsWith($"{path}: not valid JSON", e.Message);
    }

    [Fact]
    public void Fit_files_round_trip_exactly()
    {
        var fit = CommonSpatialPatterns.Fit(FittingReference.Class(0), FittingReference.Class(1), 6);
        string path = Path.Combine(_folder, "csp.json");
        var provenance = new FitProvenance { Tool = "neurort test", Recordings = ["a.edf", "b \"quoted\".edf"], Classes = ["T1", "T2"], EpochsPerClass = [12, 12], From = 0.5, To = 2.5, Rate = 160, Band = new FitBand(8, 30, 4) };
        new CspFile { Provenance = provenance, Channels = ["a", "b", "c", "d", "e", "f"], Fit = fit }.Save(path);
        var back = CspFile.Load(path);
        Assert.Equal(fit.Filters, back.Fit.Filters);
        Assert.Equal(fit.Patterns, back.Fit.Patterns);
        Assert.Equal(fit.Eigenvalues, back.Fit.Eigenvalues);
        Assert.Equal(fit.AllEigenvalues, back.Fit.AllEigenvalues);
        Assert.Equal(provenance.Recordings, back.Provenance.Recordings);
        Assert.Equal(provenance.Band, back.Provenance.Band);
        Assert.Equal(CspNormalisation.EpochTrace, back.Normalisation);

        var mean = RiemannianMean.Compute([EpochCovariance.Compute(FittingReference.Class(0)[0], 6, 0.1)], 6);
        string reference = Path.Combine(_folder, "reference.json");
        new ReferenceFile { Provenance = provenance with { Band = null }, Channels = ["a", "b", "c", "d", "e", "f"], Shrinkage = 0.1, Tolerance = 1e-8, Result = mean }.Save(reference);
        var loaded = ReferenceFile.Load(reference);
        Assert.Equal(mean.Mean, loaded.Result.Mean);
        Assert.Equal((mean.Iterations, mean.Converged), (loaded.Result.Iterations, loaded.Result.Converged));
        Assert.Null(loaded.Provenance.Band);
        Assert.Equal(0.1, loaded.Shrinkage);
    }
}
