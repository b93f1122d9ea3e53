using System.Text.Json;
using NeuroRT.Snn.NeuroCoreX;

namespace NeuroRT.Snn.Tests.NeuroCoreX;

/// <summary>
/// The NeuroCoreX golden vectors in ../shared/vectors/neurocorex (relative to the folder holding NeuroRT.sln). Tests
/// fail with a message naming the path when they are missing.
/// </summary>
public static class NcxVectors
{
    public static readonly string[] Scenarios =
        ["bias_single", "ff_layer", "recurrent", "multirun_readback", "random1", "random2", "stdp_pairing", "stdp_dense"];

    public static TheoryData<string> All() => Data(Scenarios);

    /// <summary>Scenarios without STDP.</summary>
    public static TheoryData<string> WithoutStdp() => Data([.. Scenarios.Where(s => !s.StartsWith("stdp", StringComparison.Ordinal))]);

    /// <summary>Scenarios with STDP enabled.</summary>
    public static TheoryData<string> WithStdp() => Data([.. Scenarios.Where(s => s.StartsWith("stdp", StringComparison.Ordinal))]);

    private static TheoryData<string> Data(string[] scenarios)
    {
        var data = new TheoryData<string>();
        foreach (string s in scenarios)
        {
            data.Add(s);
        }

        return data;
    }

    public static string Root()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "NeuroRT.sln")))
            {
                string root = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "vectors", "neurocorex"));
                if (!Directory.Exists(root))
                {
                    throw new InvalidOperationException($"NeuroCoreX vectors not found at {root} (../shared/vectors/neurocorex next to the repository): they are required for this test.");
                }

                return root;
            }
        }

        throw new InvalidOperationException($"NeuroRT.sln not found in any folder above {AppContext.BaseDirectory}: run the tests from a checkout so that ../shared/vectors/neurocorex can be found.");
    }

    public static string PathOf(string scenario, string file)
    {
        string path = Path.Combine(Root(), scenario, file);
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"{path} not found: the NeuroCoreX vector file is required for this test.");
        }

        return path;
    }

    public static byte[] Bytes(string scenario, string file) => File.ReadAllBytes(PathOf(scenario, file));

    public static JsonElement Expected(string scenario) =>
        JsonDocument.Parse(File.ReadAllText(PathOf(scenario, "expected.json"))).RootElement;

    /// <summary>Re-encodes the scenario's intended operations (from expected.json) into host→board bytes.</summary>
    public static byte[] EncodeScenario(string scenario)
    {
        JsonElement x = Expected(scenario);
        JsonElement cfg = x.GetProperty("config");
        var output = new List<byte>();
        var buffer = new byte[NcxEncoder.EnableCommandBytes + NcxEncoder.MatrixCommandBytes];

        void Emit(int n) => output.AddRange(buffer.AsSpan(0, n).ToArray());

        Emit(NcxEncoder.WriteDebug(buffer, cfg.GetProperty("debug_ibias_q710").GetInt32(), cfg.GetProperty("debug_ndebug").GetInt32()));
        Emit(NcxEncoder.WriteAaWeights(buffer, Matrix(cfg.GetProperty("aa_nonzero"))));
        Emit(NcxEncoder.WriteFfWeights(buffer, Matrix(cfg.GetProperty("ff_nonzero"))));
        if (cfg.TryGetProperty("stdp_enable_aa", out JsonElement enAa))
        {
            Emit(NcxEncoder.WriteStdpEnables(buffer, Flags(enAa), Flags(cfg.GetProperty("stdp_enable_ff"))));
        }

        var p = new NcxParameters();
        p.FillThresholds(131071);
        SetWords(cfg.GetProperty("thresholds_q710_nondefault"), 0, p.Words);
        SetWords(cfg.GetProperty("refractory_nonzero"), NcxLayout.Size, p.Words);
        SetWords(cfg.GetProperty("tau_nonzero"), 2 * NcxLayout.Size, p.Words);
        SetWords(cfg.GetProperty("stdp_words_nonzero"), 3 * NcxLayout.Size, p.Words);
        Emit(NcxEncoder.WriteParameters(buffer, p.Words));

        foreach (JsonElement run in x.GetProperty("runs").EnumerateArray())
        {
            NcxEvent[] events = Events(run);
            var eb = new byte[NcxEncoder.EventCommandBytes(events.Length)];
            output.AddRange(eb.AsSpan(0, NcxEncoder.WriteEvents(eb, events)).ToArray());
        }

        if (x.GetProperty("readback_bytes").GetInt32() > 0)
        {
            Emit(NcxEncoder.WriteReadBack(buffer));
        }

        return [.. output];
    }

    /// <summary>The scenario's load (expected.json's physical config) as an <see cref="NcxImage"/>, as EncodeScenario sends it.</summary>
    public static NcxImage Image(string scenario)
    {
        JsonElement cfg = Expected(scenario).GetProperty("config");
        var image = new NcxImage
        {
            BiasQ710 = cfg.GetProperty("debug_ibias_q710").GetInt32(),
            DebugTarget = cfg.GetProperty("debug_ndebug").GetInt32(),
        };
        Matrix(cfg.GetProperty("aa_nonzero")).CopyTo(image.Aa, 0);
        Matrix(cfg.GetProperty("ff_nonzero")).CopyTo(image.Ff, 0);
        if (cfg.TryGetProperty("stdp_enable_aa", out JsonElement enAa))
        {
            image.StdpEnablesAa = Flags(enAa);
            image.StdpEnablesFf = Flags(cfg.GetProperty("stdp_enable_ff"));
        }

        int[] words = image.Parameters.Words;
        image.Parameters.FillThresholds(131071);
        SetWords(cfg.GetProperty("thresholds_q710_nondefault"), 0, words);
        SetWords(cfg.GetProperty("refractory_nonzero"), NcxLayout.Size, words);
        SetWords(cfg.GetProperty("tau_nonzero"), 2 * NcxLayout.Size, words);
        SetWords(cfg.GetProperty("stdp_words_nonzero"), 3 * NcxLayout.Size, words);
        return image;
    }

    public static NcxEvent[] Events(JsonElement run) =>
        [.. run.GetProperty("events").EnumerateArray().Select(e => new NcxEvent((byte)e[0].GetInt32(), (ushort)e[1].GetInt32()))];

    public static sbyte[] Matrix(JsonElement nonzero)
    {
        var m = new sbyte[NcxLayout.MatrixEntries];
        foreach (JsonElement e in nonzero.EnumerateArray())
        {
            m[NcxLayout.Flat(e[0].GetInt32(), e[1].GetInt32())] = (sbyte)e[2].GetInt32();
        }

        return m;
    }

    private static bool[] Flags(JsonElement list)
    {
        var f = new bool[NcxLayout.MatrixEntries];
        foreach (JsonElement e in list.EnumerateArray())
        {
            f[NcxLayout.Flat(e[0].GetInt32(), e[1].GetInt32())] = true;
        }

        return f;
    }

    private static void SetWords(JsonElement map, int offset, int[] words)
    {
        foreach (JsonProperty e in map.EnumerateObject())
        {
            words[offset + int.Parse(e.Name, System.Globalization.CultureInfo.InvariantCulture)] = e.Value.GetInt32();
        }
    }
}
