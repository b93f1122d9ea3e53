using System.Text.Json;

namespace NeuroRT.Formats.Tests.Edf.Support;

/// <summary>
/// The reference vectors in Fixtures/edf_reference.json, written by tools/reference/edf_reference.py: an independent
/// numpy reader written from the EDF/EDF+/BDF specs, itself checked against MNE-Python.
/// </summary>
public static class EdfReference
{
    private static readonly Lazy<Fixture> Loaded = new(Load);

    /// <summary>Files in the fixture (paths relative to ../shared/data), as xunit theory data.</summary>
    public static TheoryData<string> Files
    {
        get
        {
            var data = new TheoryData<string>();
            foreach (FileReference file in Loaded.Value.Files)
            {
                data.Add(file.File);
            }

            return data;
        }
    }

    public static int BlockLength => Loaded.Value.BlockLength;

    public static FileReference For(string file) =>
        Loaded.Value.Files.SingleOrDefault(f => f.File == file)
        ?? throw new InvalidOperationException($"{file} is not in Fixtures/edf_reference.json; rerun tools/reference/edf_reference.py.");

    /// <summary>Full path of the shared data file a reference entry describes.</summary>
    public static string PathOf(FileReference file) => SharedData.File(file.File.Split('/'));

    private static Fixture Load()
    {
        string path = Path.Combine(AppContext.BaseDirectory, "Fixtures", "edf_reference.json");
        var options = new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };
        return JsonSerializer.Deserialize<Fixture>(File.ReadAllText(path), options)
            ?? throw new InvalidOperationException($"{path} is empty; rerun tools/reference/edf_reference.py.");
    }

    public sealed record Fixture(int BlockLength, FileReference[] Files);

    public sealed record FileReference(
        string File,
        long Bytes,
        string Sha256,
        string Variant,
        string PatientId,
        string RecordingId,
        DateTime StartTime,
        int HeaderBytes,
        int DeclaredRecords,
        int NRecords,
        double RecordDuration,
        string[] Labels,
        string[] Transducers,
        string[] PhysicalDimensions,
        string[] Prefilterings,
        double[] PhysicalMinimums,
        double[] PhysicalMaximums,
        int[] DigitalMinimums,
        int[] DigitalMaximums,
        int[] SamplesPerRecord,
        double[] SampleRates,
        bool[] IsAnnotation,
        Block[] Blocks,
        double?[]? RecordOnsets,
        Annotation[] Annotations,
        Status? Status);

    /// <summary>BlockLength consecutive samples of one signal from sample FirstSample (counted over all records).</summary>
    public sealed record Block(int Signal, long FirstSample, int[] Digital, double[] Physical);

    public sealed record Annotation(double Onset, double Duration, string Text);

    /// <summary>Trigger bits (digital &amp; 0xFFFF) of the 'Status' channel: distinct values and the samples where a non-zero value starts.</summary>
    public sealed record Status(int Signal, int[] TriggerValues, long[] TriggerOnsets, int[] TriggerIds);
}
