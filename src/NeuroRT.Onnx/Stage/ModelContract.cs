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

/// <summary>What a model's input holds (metadata <c>input_kind</c>).</summary>
public enum InputKind
{
    /// <summary>One window of samples, <c>[1, channels, samples]</c> or <c>[1, 1, channels, samples]</c> (the default).</summary>
    Windows,
    /// <summary>One frame of feature values (e.g. from <c>bandpower</c>), <c>[1, features]</c>, named by <c>feature_names</c>.</summary>
    Features,
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
/// With <c>input_kind</c> = <c>features</c> the input is one feature frame, float32 <c>[1|batch, features]</c>, named by
/// <c>feature_names</c> (JSON list, input order, held in <see cref="ChannelNames"/>); <c>sampling_rate</c> and
/// <c>window_samples</c> are then optional (0 when absent): the window stage before the feature stage decides them.
/// </summary>
public sealed record ModelContract(double SamplingRate, string[] ChannelNames, int WindowSamples, OutputKind OutputKind,
    string[] OutputNames, float InputScale, string Preprocessing, InputKind InputKind = InputKind.Windows)
{
    /// <summary>Metadata keys of feature-input models.</summary>
    public const string InputKindKey = "input_kind", FeatureNamesKey = "feature_names";

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
            : throw Bad(m.TryGetValue(InputKindKey, out string? k) && k == "features"
                ? $"model '{model}' has no metadata '{key}'; a NeuroRT feature model ({InputKindKey} features) needs {VersionKey}, {FeatureNamesKey}, {OutputKindKey} and {ClassNamesKey} (see models/CONTRACT.md); it has: {Keys(m)}"
                : $"model '{model}' has no metadata '{key}'; a NeuroRT model needs {VersionKey}, {SamplingRateKey}, {ChannelNamesKey}, {WindowSamplesKey}, {OutputKindKey} and {ClassNamesKey} (see README, 'ONNX decoders'); it has: {Keys(m)}");

        string version = Get(VersionKey);
        if (version != SupportedVersion)
            throw Bad($"model '{model}' follows NeuroRT model contract version '{version}' ({VersionKey}); this NeuroRT reads version {SupportedVersion}");
        string inputText = m.TryGetValue(InputKindKey, out string? it) ? it : "windows";
        InputKind input = inputText switch
        {
            "windows" => InputKind.Windows,
            "features" => InputKind.Features,
            _ => throw Bad($"model '{model}': metadata {InputKindKey} = '{inputText}' is not one of windows, features"),
        };
        bool features = input == InputKind.Features;
        // A feature model's rate and window length are the window stage's business; given, they are still checked.
        double rate = 0;
        if (!features || m.ContainsKey(SamplingRateKey))
        {
            string rateText = Get(SamplingRateKey);
            if (!double.TryParse(rateText, NumberStyles.Float, CultureInfo.InvariantCulture, out rate) || !(rate > 0))
                throw Bad($"model '{model}': metadata {SamplingRateKey} = '{rateText}' is not a positive number of Hz");
        }
        string namesKey = features ? FeatureNamesKey : ChannelNamesKey;
        string[] channels = List(Get(namesKey), namesKey, model);
        if (channels.Length == 0) throw Bad($"model '{model}': metadata {namesKey} is empty");
        int window = 0;
        if (!features || m.ContainsKey(WindowSamplesKey))
        {
            string windowText = Get(WindowSamplesKey);
            if (!int.TryParse(windowText, NumberStyles.None, CultureInfo.InvariantCulture, out window) || window < 1)
                throw Bad($"model '{model}': metadata {WindowSamplesKey} = '{windowText}' is not a positive whole number of samples");
        }
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
        return new ModelContract(rate, channels, window, kind, names, scale, preprocessing, input);
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
