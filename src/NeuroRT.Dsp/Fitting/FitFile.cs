using System.Globalization;
using System.Text;
using System.Text.Json;

namespace NeuroRT.Dsp.Fitting;

/// <summary>A fit file cannot be read: the message says what is missing or wrong.</summary>
public sealed class FitFileException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>The band-pass the epochs went through before the fit (Butterworth, causal, as the <c>bandpass</c> stage).</summary>
public sealed record FitBand(double Low, double High, int Order);

/// <summary>Where a fit came from: enough to rebuild the online pipeline that matches it.</summary>
public sealed record FitProvenance
{
    /// <summary>Program and command, e.g. <c>neurort 0.1.0 fit csp</c>.</summary>
    public string Tool { get; init; } = "";

    /// <summary>File names of the recordings the epochs came from.</summary>
    public string[] Recordings { get; init; } = [];

    /// <summary>Annotation texts used as classes, e.g. T1, T2.</summary>
    public string[] Classes { get; init; } = [];

    /// <summary>Epochs used per class, in the order of <see cref="Classes"/>.</summary>
    public int[] EpochsPerClass { get; init; } = [];

    /// <summary>Epoch start after each annotation's onset, in seconds.</summary>
    public double From { get; init; }

    /// <summary>Epoch end after each annotation's onset, in seconds.</summary>
    public double To { get; init; }

    /// <summary>Sampling rate of the recordings in Hz.</summary>
    public double Rate { get; init; }

    /// <summary>The band-pass applied before epoching, or null for none.</summary>
    public FitBand? Band { get; init; }
}

/// <summary>
/// Shared JSON layout of the files <c>neurort fit</c> writes: a <c>format</c> tag, a version, the provenance and the
/// channels, then the fitted numbers with each matrix row on one line (readable, diffable).
/// </summary>
internal static class FitFile
{
    public const int Version = 1;

    public sealed class Writer
    {
        private readonly StringBuilder _text = new("{\n");
        private bool _first = true;

        public Writer(string format, FitProvenance provenance, IReadOnlyList<string> channels)
        {
            Raw("format", Quote(format));
            Raw("version", Version.ToString(CultureInfo.InvariantCulture));
            Raw("tool", Quote(provenance.Tool));
            Raw("recordings", "[" + string.Join(", ", provenance.Recordings.Select(Quote)) + "]");
            Raw("classes", "[" + string.Join(", ", provenance.Classes.Select(Quote)) + "]");
            Raw("epochs-per-class", "[" + string.Join(", ", provenance.EpochsPerClass) + "]");
            Raw("from", Number(provenance.From));
            Raw("to", Number(provenance.To));
            Raw("rate", Number(provenance.Rate));
            Raw("band-pass", provenance.Band is { } b ? $"{{\"low\": {Number(b.Low)}, \"high\": {Number(b.High)}, \"order\": {b.Order}, \"design\": \"butterworth\"}}" : "null");
            Raw("channels", "[" + string.Join(", ", channels.Select(Quote)) + "]");
        }

        public void Raw(string key, string json)
        {
            if (!_first) _text.Append(",\n");
            _first = false;
            _text.Append("  ").Append(Quote(key)).Append(": ").Append(json);
        }

        public void Value(string key, double value) => Raw(key, Number(value));

        public void Row(string key, IReadOnlyList<double> values) => Raw(key, RowText(values));

        public void Rows(string key, IReadOnlyList<double[]> rows) =>
            Raw(key, "[\n" + string.Join(",\n", rows.Select(r => "    " + RowText(r))) + "\n  ]");

        public void Save(string path) => File.WriteAllText(path, _text + "\n}\n");

        private static string RowText(IReadOnlyList<double> values) => "[" + string.Join(", ", values.Select(Number)) + "]";
    }

    public static string Number(double x) => double.IsFinite(x) ? x.ToString("R", CultureInfo.InvariantCulture) : "null";

    private static string Quote(string s) => "\"" + JsonEncodedText.Encode(s).ToString() + "\"";

    /// <summary>Parses <paramref name="path"/> and checks its format tag; errors name the file.</summary>
    public static JsonElement Open(string path, string format, string writer)
    {
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path));
            root = document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new FitFileException($"{path}: not valid JSON ({e.Message})", e);
        }
        catch (IOException e)
        {
            throw new FitFileException($"cannot read {path}: {e.Message}", e);
        }

        string? found = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("format", out var f) && f.ValueKind == JsonValueKind.String ? f.GetString() : null;
        if (found != format)
            throw new FitFileException($"{path}: not a {format} file (its \"format\" is {(found is null ? "missing" : $"'{found}'")}); write one with '{writer}'");
        int version = Integer(root, "version", path);
        if (version != Version) throw new FitFileException($"{path}: version {version} of {format}; this NeuroRT reads version {Version}");
        return root;
    }

    public static FitProvenance Provenance(JsonElement root, string path)
    {
        FitBand? band = null;
        if (root.TryGetProperty("band-pass", out var b) && b.ValueKind == JsonValueKind.Object)
            band = new FitBand(Double(b, "low", path), Double(b, "high", path), Integer(b, "order", path));
        return new FitProvenance
        {
            Tool = Text(root, "tool", path),
            Recordings = Strings(root, "recordings", path),
            Classes = Strings(root, "classes", path),
            EpochsPerClass = Get(root, "epochs-per-class", path).EnumerateArray().Select(e => e.GetInt32()).ToArray(),
            From = Double(root, "from", path),
            To = Double(root, "to", path),
            Rate = Double(root, "rate", path),
            Band = band,
        };
    }

    public static JsonElement Get(JsonElement e, string key, string path) =>
        e.TryGetProperty(key, out var v) && v.ValueKind != JsonValueKind.Null ? v : throw new FitFileException($"{path}: \"{key}\" is missing");

    public static string Text(JsonElement e, string key, string path) =>
        Get(e, key, path) is { ValueKind: JsonValueKind.String } v ? v.GetString()! : throw Wrong(key, "a string", path);

    public static double Double(JsonElement e, string key, string path) =>
        Get(e, key, path) is { ValueKind: JsonValueKind.Number } v ? v.GetDouble() : throw Wrong(key, "a number", path);

    public static int Integer(JsonElement e, string key, string path) =>
        Get(e, key, path) is { ValueKind: JsonValueKind.Number } v && v.TryGetInt32(out int i) ? i : throw Wrong(key, "an integer", path);

    public static bool Boolean(JsonElement e, string key, string path) =>
        Get(e, key, path) is { ValueKind: JsonValueKind.True or JsonValueKind.False } v ? v.GetBoolean() : throw Wrong(key, "true or false", path);

    public static string[] Strings(JsonElement e, string key, string path)
    {
        var v = Get(e, key, path);
        if (v.ValueKind != JsonValueKind.Array || v.EnumerateArray().Any(x => x.ValueKind != JsonValueKind.String)) throw Wrong(key, "a list of strings", path);
        return v.EnumerateArray().Select(x => x.GetString()!).ToArray();
    }

    public static double[] Numbers(JsonElement e, string key, string path)
    {
        var v = Get(e, key, path);
        if (v.ValueKind != JsonValueKind.Array || v.EnumerateArray().Any(x => x.ValueKind != JsonValueKind.Number)) throw Wrong(key, "a list of numbers", path);
        return v.EnumerateArray().Select(x => x.GetDouble()).ToArray();
    }

    /// <summary>A matrix of <paramref name="columns"/> columns (rows checked).</summary>
    public static double[][] Matrix(JsonElement e, string key, int columns, string path)
    {
        var v = Get(e, key, path);
        if (v.ValueKind != JsonValueKind.Array || v.GetArrayLength() == 0) throw Wrong(key, "a list of rows", path);
        var rows = new double[v.GetArrayLength()][];
        int r = 0;
        foreach (var row in v.EnumerateArray())
        {
            if (row.ValueKind != JsonValueKind.Array || row.EnumerateArray().Any(x => x.ValueKind != JsonValueKind.Number))
                throw new FitFileException($"{path}: row {r + 1} of \"{key}\" is not a list of numbers");
            rows[r] = row.EnumerateArray().Select(x => x.GetDouble()).ToArray();
            if (rows[r].Length != columns)
                throw new FitFileException($"{path}: row {r + 1} of \"{key}\" has {rows[r].Length} values but the file lists {columns} channels");
            r++;
        }
        return rows;
    }

    private static FitFileException Wrong(string key, string expected, string path) => new($"{path}: \"{key}\" must be {expected}");
}
