using System.Globalization;
using System.Text;
using NeuroRT.Lsl.Config;

namespace NeuroRT.Bench.EndToEnd;

/// <summary>
/// One measured pipeline: the stream the amplifier serves (channels, rate, samples per push) and the
/// pipeline file the node runs on it, generated with the run's own LSL config file. Every pipeline reads
/// the stream through the <c>lsl</c> source (clock sync off: same machine, and the timestamps must come
/// back unchanged to name their samples) and sends one marker per output frame through
/// <c>lsl-outlet</c> (mode markers, source timestamps).
/// </summary>
public sealed record Scenario(string Key, string Title, IReadOnlyList<string> Channels, double Rate, int ChunkSamples, string? EventClass, string Stages)
{
    /// <summary>The 21 channels of the EEGNet model (models/eegnet-mi), in its input order.</summary>
    public static readonly string[] EegNetChannels = ["Fc5", "Fc3", "Fc1", "Fcz", "Fc2", "Fc4", "Fc6", "C5", "C3", "C1", "Cz", "C2", "C4", "C6", "Cp5", "Cp3", "Cp1", "Cpz", "Cp2", "Cp4", "Cp6"];

    /// <summary>Pipeline (a): notch 50 Hz, band-pass 1-45 Hz, 20 ms windows every millisecond, energy, a threshold on the event channel (linear classifier + decide).</summary>
    public static Scenario Filters(int channels, double rate)
    {
        var names = new List<string>();
        for (int c = 0; c < channels - 1; c++) names.Add($"ch{c + 1}");
        names.Add("EVT");
        // Threshold as a two-class linear classifier: rest scores a constant 100, event the event channel's energy;
        // with softmax and decide at 0.9, 'event' wins once the energy exceeds about 102 (the noise gives ~0.3).
        var rest = new StringBuilder();
        var evt = new StringBuilder();
        for (int c = 0; c < channels; c++)
        {
            string sep = c == 0 ? "" : ", ";
            rest.Append(sep).Append('0');
            evt.Append(sep).Append(c == channels - 1 ? '1' : '0');
        }

        int step = Math.Max(1, (int)Math.Round(rate / 1000));
        string stages = $"""
              - type: notch
                frequency: 50Hz
              - type: bandpass
                low: 1Hz
                high: 45Hz
                order: 2
              - type: window
                length: 20ms
                step: {StepText(step, rate)}
              - type: energy
              - type: linear-classifier
                classes: [rest, event]
                weights: [[{rest}], [{evt}]]
                bias: [100, 0]
                softmax: true
              - type: decide
                threshold: 0.9
            """;
        return new Scenario("a", $"(a) filters + threshold, {channels} ch @ {rate:0} Hz", names, rate, Math.Max(1, (int)(rate / 1000)), "event", stages);
    }

    private static string StepText(int samples, double rate) => (samples * 1e6 / rate).ToString("0.###", CultureInfo.InvariantCulture) + "us";

    /// <summary>Pipeline (b): the EEGNet ONNX decoder as in pipelines/motor-imagery-eegnet.yaml (21 named channels + EVT at 160 Hz), windows every 25 ms.</summary>
    public static Scenario EegNet(string repo, int channels = 22) => new("b", $"(b) EEGNet ONNX decoder, {channels} ch @ 160 Hz", WithModelChannels(channels), 160, 1, null, $"""
          - type: pick
            channels: [{string.Join(", ", EegNetChannels)}]
          - type: bandpass
            low: 4Hz
            high: 40Hz
            order: 4
            design: butterworth
          - type: window
            length: 3s
            step: 25ms
          - type: onnx
            model: {Path.Combine(repo, "models", "eegnet-mi", "eegnet-mi.onnx")}
        """);

    // The model's 21 channels, then ch22.. up to the width asked for, the last one the event channel.
    private static List<string> WithModelChannels(int channels)
    {
        var names = new List<string>(EegNetChannels);
        for (int c = names.Count; c < channels - 1; c++) names.Add($"ch{c + 1}");
        names.Add("EVT");
        return names;
    }

    /// <summary>Pipeline (c): the SNN stage on the virtual NeuroCoreX board with the features of pipelines/snn-neurocorex.yaml, on 1 s windows every 25 ms.</summary>
    public static Scenario Snn(string repo)
    {
        string snnFile = File.ReadAllText(Path.Combine(repo, "pipelines", "snn-neurocorex.yaml"));
        // Reuse the trained stage exactly (min/max scaling, groups): cut its block out of the shipped pipeline.
        int start = snnFile.IndexOf("  - type: snn", StringComparison.Ordinal);
        int end = snnFile.IndexOf("\noutputs:", start, StringComparison.Ordinal);
        if (start < 0 || end < 0) throw new InvalidOperationException("pipelines/snn-neurocorex.yaml: no '- type: snn' stage before 'outputs:'");
        string snn = snnFile[start..end].Replace("../models/snn-mi/network.yaml", Path.Combine(repo, "models", "snn-mi", "network.yaml"));
        return new("c", "(c) SNN on the virtual NeuroCoreX board, 22 ch @ 160 Hz", [.. EegNetChannels, "EVT"], 160, 1, null, $"""
              - type: pick
                channels: [Fc3, C3, Cp3, Fc4, C4, Cp4]
              - type: window
                length: 1s
                step: 25ms
              - type: bandpower
                bands: [[8, 13], [13, 30]]
                segment: 1s
                log: true
            """ + "\n" + snn.TrimEnd());
    }

    /// <summary>The pipeline file text for the node.</summary>
    public string PipelineText(string stream, string commands, string configFile, int priority = 0) => $"""
        name: e2e-{Key}
        source:
          type: lsl
          stream: {stream}
          config: {configFile}
          clock-sync: false
          timeout: 30s
        stages:
        {Stages}
        outputs:
          - type: lsl-outlet
            stream: {commands}
            mode: markers
            config: {configFile}
        runtime:
          priority: {priority}
        """;

    /// <summary>Writes <paramref name="config"/> as an lsl_api.cfg the node's source and output read.</summary>
    public static string WriteConfig(LslConfig config, string folder)
    {
        string path = Path.Combine(folder, "lsl_api.cfg");
        string addresses = "{" + string.Join(", ", config.AddressesOverride) + "}";
        File.WriteAllText(path, string.Create(CultureInfo.InvariantCulture, $"""
            [ports]
            MulticastPort = {config.MulticastPort}
            BasePort = {config.BasePort}
            PortRange = {config.PortRange}
            [multicast]
            AddressesOverride = {addresses}
            [lab]
            SessionID = {config.SessionId}
            [tuning]
            MulticastMinRTT = {config.MulticastMinRtt}
            TimeProbeInterval = {config.TimeProbeInterval}
            TimeProbeMaxRTT = {config.TimeProbeMaxRtt}

            """));
        return path;
    }
}
