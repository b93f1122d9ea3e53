namespace NeuroRT.Cli.Tests;

/// <summary><c>neurort snn check|compile</c> on the NeuroCoreX scenario network files and on broken ones.</summary>
public sealed class SnnCommandTests : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(2);
    private readonly string _folder = Directory.CreateTempSubdirectory("neurort-snn-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(_folder, true); }
        catch (IOException) { }
    }

    private static string Repository()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "NeuroRT.sln"))) return dir.FullName;
        throw new InvalidOperationException($"NeuroRT.sln not found above {AppContext.BaseDirectory}: run the tests from a checkout.");
    }

    private static string Network(string scenario) => Path.Combine(Repository(), "tests", "NeuroRT.Snn.Tests", "NeuroCoreX", "networks", scenario + ".yaml");

    private static string Vector(string scenario, string file)
    {
        string path = Path.GetFullPath(Path.Combine(Repository(), "..", "shared", "vectors", "neurocorex", scenario, file));
        if (!File.Exists(path)) throw new InvalidOperationException($"{path} not found: the NeuroCoreX vectors (../shared/vectors/neurocorex beside the repository) are required.");
        return path;
    }

    [Fact]
    public void Check_prints_the_summary_and_the_warnings_and_exits_0()
    {
        var r = NeurortProcess.Run(Limit, "snn", "check", Network("stdp_dense"));
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains("valid neurocorex-network/1 network 'stdp_dense'", r.Stdout);
        Assert.Contains("neurons       4 of 90 (indices 0, 2, 4, 6)", r.Stdout);
        Assert.Contains("inputs        3 of 96 (addresses 10..12)", r.Stdout);
        Assert.Contains("synapses      3 feed-forward, 2 recurrent", r.Stdout);
        Assert.Contains("bias          1 per timestep into 'P' (N_debug 7)", r.Stdout);
        Assert.Contains("STDP          2 recurrent + 2 feed-forward synapses enabled; potentiation 2, depression 1", r.Stdout);
        Assert.Contains("silent input  address 0", r.Stdout);
        Assert.Contains("load          21902 bytes: debug, AA, FF, STDP enables, parameters", r.Stdout);
        Assert.Contains("warnings      2", r.Stdout);
        Assert.Contains("warning: learn_feedforward in10 -> A: the board's FF STDP does not change this synapse", r.Stdout);
    }

    [Fact]
    public void Check_reports_every_error_with_file_line_and_key_and_exits_2()
    {
        string path = Path.Combine(_folder, "bad.yaml");
        File.WriteAllText(path, "format: neurocorex-network/1\ngain: 0\nneurons:\n  - {name: a, threshold: 300}\n");
        var r = NeurortProcess.Run(Limit, "snn", "check", path);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains($"{path}:2:7: error: gain: 0 is out of range", r.Stderr);
        Assert.Contains($"{path}:4:26: error: neurons[0].threshold: 300 is out of range", r.Stderr);
        Assert.Contains($"2 errors in {path}", r.Stderr);
    }

    [Fact]
    public void Compile_writes_the_configuration_bytes_the_scenario_sent_before_its_events()
    {
        string output = Path.Combine(_folder, "load.bin");
        var r = NeurortProcess.Run(Limit, "snn", "compile", Network("stdp_pairing"), "--out", output);
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains($"wrote {output}: 21902 bytes (debug 7, AA 9218, FF 9218, STDP enables 2306, parameters 1153)", r.Stdout);
        byte[] load = File.ReadAllBytes(output);
        byte[] golden = File.ReadAllBytes(Vector("stdp_pairing", "host_to_board.bin"));
        Assert.Equal(21902, load.Length);
        Assert.Equal(golden.AsSpan(0, load.Length).ToArray(), load);
        Assert.Equal(0x30, golden[load.Length]); // the events command follows the load
    }

    [Fact]
    public void Compile_of_an_invalid_file_writes_nothing_and_exits_2()
    {
        string path = Path.Combine(_folder, "bad.json");
        File.WriteAllText(path, "{\"format\": \"neurocorex-network/1\", \"neurons\": [{\"name\": \"a\", \"index\": 90}]}");
        string output = Path.Combine(_folder, "never.bin");
        var r = NeurortProcess.Run(Limit, "snn", "compile", path, "--out", output);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains($"{path}:1:", r.Stderr);
        Assert.Contains("neurons[0].index: 90 is out of range; a neuron index is 0..89", r.Stderr);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void Check_lists_rounded_potentials_and_refractory_conversions()
    {
        string path = Path.Combine(_folder, "round.yaml");
        File.WriteAllText(path, "format: neurocorex-network/1\nneurons:\n  - {name: a, threshold: 1.3, refractory_ms: 2.88}\n");
        var r = NeurortProcess.Run(Limit, "snn", "check", path);
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains("rounded       neurons.a.threshold: 1.3 -> 1331 = 1.2998046875 (-0.0001953125)", r.Stdout);
        Assert.Contains("converted     neurons.a.refractory_ms: 2.88 ms -> 3 timesteps", r.Stdout);
        Assert.Contains("STDP          off (no enable command)", r.Stdout);
        Assert.Contains("warnings      0", r.Stdout);
    }

    [Fact]
    public void Compile_without_out_prints_the_byte_count_only()
    {
        var r = NeurortProcess.Run(Limit, "snn", "compile", Network("ff_layer"));
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains(": 19596 bytes (debug 7, AA 9218, FF 9218, parameters 1153); give --out FILE to write them", r.Stdout);
        Assert.Contains("silent input address 0; 9 warnings", r.Stdout);
    }

    [Fact]
    public void Learn_runs_the_pairing_session_and_prints_the_changed_weights_with_the_models_prediction()
    {
        var r = NeurortProcess.Run(Limit, "snn", "learn", Network("stdp_pairing"),
            "--inputs", "1:in10 2:in11 5:in11 6:in12 10:in12 12:in11 16:in10 21:in11", "--timesteps", "25");
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains("1 run on virtual board (in-process): 6 spikes", r.Stdout);
        Assert.Contains("FF        3    5  input 5 -> row 3: no neuron           0      1      1", r.Stdout);
        Assert.Contains("FF        3    6  input 6 -> row 3: no neuron           0     -1     -1", r.Stdout);
        Assert.Contains("FF       11    5  input 5 -> neuron 5                   0      2      2", r.Stdout);
        Assert.Contains("AA        7    7  C -> B                                1      3      -", r.Stdout);
        Assert.Contains("the board's FF matrix equals the model's prediction", r.Stdout);
        Assert.Contains("run 1/1: 8 inputs over 25 timesteps, 6 spikes", r.Stderr);
    }

    [Fact]
    public void Learn_refuses_an_unknown_input_and_a_network_without_stdp()
    {
        var bad = NeurortProcess.Run(Limit, "snn", "learn", Network("stdp_pairing"), "--inputs", "1:in10 3:in99");
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("'in99' in '3:in99' is not an input of the network (in10, in11, in12)", bad.Stderr);
        var off = NeurortProcess.Run(Limit, "snn", "learn", Network("ff_layer"), "--inputs", "1:2");
        Assert.Equal(2, off.ExitCode);
        Assert.Contains("has no stdp: section", off.Stderr);
    }
}
