using System.Globalization;
using System.Text.Json;
using NeuroRT.Core.Stages;
using NeuroRT.Onnx.Session;

namespace NeuroRT.Onnx.Stage;

/// <summary>What a model's outputs mean.</summary>
public enum OutputKind
{
    /// <summary>Class probabilities (the model ends in softmax).</summary>
    Probabilities,
    /// <summary>Class scores before softmax; the stage applies softmax so that it emits probabilities.</summary>
    Logits,
    /// <summary>Continuous values (e.g. a cursor velocity), passed on unchanged.</summary>
    Regression,
}

/// <summary>
/// The NeuroRT model contract (models/CONTRACT.md): custom metadata (ONNX <c>metadata_props</c>, plain strings)
/// every decoder model carries, read at Configure and checked against the stream. Keys:
/// <c>neurort_model_version</c> (<c>1</c>),
/// <c>sampling_rate</c> (Hz), <c>channel_names</c> (JSON list, the order of the input's channel axis),
/// <c>window_samples</c> (samples per window, the input's time axis), <c>output_kind</c>
/// (<c>probabilities</c> | <c>logits</c> | <c>regression</c>), <c>class_names</c> (JSON list, required for
/// classifiers, absent for regression), <c>output_names</c> (JSON list, optional for regression: a NeuroRT
/// extension), <c>input_scale</c> (optional factor the microvolt input is multiplied by, default 1),
/// <c>preprocessing</c> (optional free text: the filters the pipeline must apply first). Input: float32 <c>[1|batch, channels, samples]</c>
/// or <c>[1|batch, 1, channels, samples]</c>; output: float32 <c>[1|batch, n]</c>.
/// </summary>
public sealed record ModelContract(double SamplingRate, string[] ChannelNames, int WindowSamples, OutputKind OutputKind,
    string[] OutputNames, float InputScale, string Preprocessing)
{
    /// <summary>Metadata keys.</summary>
    public const string SamplingRateKey = "sampling_rate", ChannelNamesKey = "channel_names", WindowSamplesKey = "window_samples",
        OutputKindKey = "output_kind", ClassNamesKey = "class_names", OutputNamesKey = "output_names", InputScaleKey = "input_scale",
        PreprocessingKey = "preprocessing", VersionKey = "neurort_model_version";

    /// <summary>The contract version this stage reads.</summary>
    public const string SupportedVersion = "1";

    /// <summary>Reads the contract from <paramref name="metadata"/>; a missing or malformed key is a <see cref="StageConfigurationException"/> on <c>model</c>.</summary>
    public static ModelContract Read(ModelMetadata metadata, string model, int outputCount)
    {
        var m = metadata.Custom;
        string Get(string key) => m.TryGetValue(key, out string? v) ? v
            : throw Bad($"model '{model}' has no metadata '{key}'; a NeuroRT model needs {VersionKey}, {SamplingRateKey}, {ChannelNamesKey}, {WindowSamplesKey}, {OutputKindKey} and {ClassNamesKey} (see README, 'ONNX decoders'); it has: {Keys(m)}");

        string version = Get(VersionKey);
        if (version != SupportedVersion)
            throw Bad($"model '{model}' follows NeuroRT model contract version '{version}' ({VersionKey}); this NeuroRT reads version {SupportedVersion}");
        string rateText = Get(SamplingRateKey);
        if (!double.TryParse(rateText, NumberStyles.Float, CultureInfo.InvariantCulture, out double rate) || !(rate > 0))
            throw Bad($"model '{model}': metadata {SamplingRateKey} = '{rateText}' is not a positive number of Hz");
        string[] channels = List(Get(ChannelNamesKey), ChannelNamesKey, model);
        if (channels.Length == 0) throw Bad($"model '{model}': metadata {ChannelNamesKey} is empty");
        string windowText = Get(WindowSamplesKey);
        if (!int.TryParse(windowText, NumberStyles.None, CultureInfo.InvariantCulture, out int window) || window < 1)
            throw Bad($"model '{model}': metadata {WindowSamplesKey} = '{windowText}' is not a positive whole number of samples");
        string kindText = Get(OutputKindKey);
        OutputKind kind = kindText switch
        {
            "probabilities" => OutputKind.Probabilities,
            "logits" => OutputKind.Logits,
            "regression" => OutputKind.Regression,
            _ => throw Bad($"model '{model}': metadata {OutputKindKey} = '{kindText}' is not one of probabilities, logits, regression"),
        };
        string[] names;
        if (kind == OutputKind.Regression)
        {
            names = m.TryGetValue(OutputNamesKey, out string? n) ? List(n, OutputNamesKey, model) : DefaultNames(outputCount);
        }
        else
        {
            names = List(Get(ClassNamesKey), ClassNamesKey, model);
            if (names.Length < 2) throw Bad($"model '{model}': metadata {ClassNamesKey} lists {names.Length} class(es); a classifier needs at least two");
        }
        float scale = 1;
        if (m.TryGetValue(InputScaleKey, out string? scaleText)
            && (!float.TryParse(scaleText, NumberStyles.Float, CultureInfo.InvariantCulture, out scale) || !float.IsFinite(scale) || scale == 0))
            throw Bad($"model '{model}': metadata {InputScaleKey} = '{scaleText}' is not a finite non-zero number");
        string preprocessing = m.TryGetValue(PreprocessingKey, out string? pre) ? pre : "";
        return new ModelContract(rate, channels, window, kind, names, scale, preprocessing);
    }

    private static string[] List(string json, string key, string model)
    {
        try
        {
            var items = JsonSerializer.Deserialize(json, ContractJson.Default.StringArray);
            if (items is null || Array.IndexOf(items, null) >= 0) throw new JsonException("null");
            if (items.Distinct(StringComparer.Ordinal).Count() != items.Length) throw Bad($"model '{model}': metadata {key} names the same item twice: {json}");
            return items;
        }
        catch (JsonException)
        {
            throw Bad($"model '{model}': metadata {key} must be a JSON list of strings, e.g. [\"C3\", \"C4\"], got '{json}'");
        }
    }

    private static string[] DefaultNames(int count)
    {
        var names = new string[Math.Max(count, 0)];
        for (int i = 0; i < names.Length; i++) names[i] = "y" + i.ToString(CultureInfo.InvariantCulture);
        return names;
    }

    private static string Keys(IReadOnlyDictionary<string, string> m) => m.Count == 0 ? "no custom metadata" : string.Join(", ", m.Keys.Order(StringComparer.Ordinal));

    private static StageConfigurationException Bad(string message) => new("model", message);
}

[System.Text.Json.Serialization.JsonSerializable(typeof(string[]))]
internal sealed partial class ContractJson : System.Text.Json.Serialization.JsonSerializerContext;
