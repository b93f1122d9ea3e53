using System.Text.Json;

namespace NeuroRT.Formats.Tests.BrainVision;

/// <summary>The values in Fixtures/brainvision_reference.json, written by tools/reference/brainvision_reference.py with MNE-Python.</summary>
public static class BrainVisionReference
{
    private static readonly Lazy<Fixture> Loaded = new(Load);

    public static Fixture Value => Loaded.Value;

    private static Fixture Load()
    {
        string path = Path.Combine(AppContext.BaseDirectory, "Fixtures", "brainvision_reference.json");
        var options = new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };
        return JsonSerializer.Deserialize<Fixture>(File.ReadAllText(path), options)
            ?? throw new InvalidOperationException($"{path} is empty; rerun tools/reference/brainvision_reference.py.");
    }

    public sealed record Fixture(
        string File,
        double SamplingRate,
        long SampleCount,
        string[] ChannelNames,
        double[] Resolutions,
        double[] UnitScales,
        long[] SampleIndices,
        float[][] Values,
        MarkerReference[] Markers);

    /// <summary>An MNE annotation: onset in samples (0-based) and "Type/Description".</summary>
    public sealed record MarkerReference(long OnsetSample, string Description);
}
