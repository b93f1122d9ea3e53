using NeuroRT.Core.Outputs;
using NeuroRT.Core.Stages;
using NeuroRT.Core.Streams;

namespace NeuroRT.Core.Pipelines;

/// <summary>
/// Named stages joined by edges (each stage has one input: the source or another stage; a stage may
/// feed several), plus the outputs that tap nodes. <see cref="Build"/> checks the graph is a DAG,
/// configures every stage in topological order from the source format and yields a runnable
/// <see cref="Pipeline"/>. Nothing runs and nothing is opened here beyond what stages allocate.
/// </summary>
public sealed class PipelineGraph
{
    /// <summary>The name by which edges refer to the pipeline's source.</summary>
    public const string SourceName = "source";

    private readonly List<(string Name, IStage Stage, string Input)> _stages = [];
    private readonly List<(string Name, IPipelineOutput Output, string From)> _outputs = [];

    /// <summary>Adds stage <paramref name="name"/> fed by <paramref name="input"/> (a stage name or <see cref="SourceName"/>).</summary>
    public void AddStage(string name, IStage stage, string input) => _stages.Add((name, stage, input));

    /// <summary>Adds output <paramref name="name"/> fed by node <paramref name="from"/>.</summary>
    public void AddOutput(string name, IPipelineOutput output, string from) => _outputs.Add((name, output, from));

    /// <summary>Validates and configures everything. Throws <see cref="PipelineBuildException"/>.</summary>
    public Pipeline Build(StreamFormat sourceFormat, PipelineSettings settings)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < _stages.Count; i++)
        {
            string name = _stages[i].Name;
            if (name == SourceName)
                throw new PipelineBuildException(name, "name", $"'{SourceName}' is the name of the pipeline's source; give this stage another name");
            if (!index.TryAdd(name, i))
                throw new PipelineBuildException(name, "name", $"two stages are called '{name}'; node names must be unique");
        }
        foreach (var (name, _, input) in _stages)
        {
            if (input != SourceName && !index.ContainsKey(input))
                throw new PipelineBuildException(name, PipelineBuildException.EdgeParameter,
                    $"stage '{name}' takes its input from '{input}', which is not a stage of this pipeline; valid inputs: {Describe(index.Keys, name)}");
            if (input == name)
                throw new PipelineBuildException(name, PipelineBuildException.EdgeParameter, $"stage '{name}' cannot take its own output as input");
        }

        List<int> order = TopologicalOrder(index);
        var nodes = new PipelineNode[_stages.Count];
        var nodeIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        int maxSourceBlock = Math.Max(1, settings.MaxBlockSamples);
        try
        {
            foreach (int s in order)
            {
                var (name, stage, input) = _stages[s];
                Tap(input, out int inIndex, out StreamFormat inFormat, out int inMax);
                StageOutput output;
                try
                {
                    output = stage.Configure(new StageInput(inFormat, inMax));
                }
                catch (StageConfigurationException e)
                {
                    throw new PipelineBuildException(name, e.Parameter, e.Message, e);
                }
                int position = nodeIndex.Count;
                nodes[position] = new PipelineNode(name, stage, inIndex, input, output);
                nodeIndex[name] = position;
            }

            var ports = new OutputPort[_outputs.Count];
            var outputNames = new HashSet<string>(StringComparer.Ordinal);
            for (int i = 0; i < _outputs.Count; i++)
            {
                var (name, output, from) = _outputs[i];
                if (!outputNames.Add(name))
                    throw new PipelineBuildException(name, "name", $"two outputs are called '{name}'; give each a distinct name");
                if (from != SourceName && !nodeIndex.ContainsKey(from))
                    throw new PipelineBuildException(name, "from",
                        $"output '{name}' reads from '{from}', which is not a node of this pipeline; valid: {Describe(nodeIndex.Keys, null)}");
                Tap(from, out int tapped, out StreamFormat format, out int frames);
                try
                {
                    output.Open(format);
                }
                catch (StageConfigurationException e)
                {
                    throw new PipelineBuildException(name, e.Parameter, e.Message, e);
                }
                ports[i] = new OutputPort(name, output, tapped, from, format, frames, Math.Max(2, settings.OutputQueuePackets));
            }
            return new Pipeline(sourceFormat, nodes, ports, settings);
        }
        catch
        {
            foreach (var n in nodes) n?.Output.Dispose();
            throw;
        }

        // What a consumer of node 'name' (or of the source) receives: its index, format and block size.
        void Tap(string name, out int index, out StreamFormat format, out int maxFrames)
        {
            if (name == SourceName)
            {
                index = -1;
                format = sourceFormat;
                maxFrames = maxSourceBlock;
                return;
            }
            index = nodeIndex[name];
            format = nodes[index].Format;
            maxFrames = Math.Max(1, nodes[index].MaxFramesPerBlock);
        }
    }

    // Kahn's algorithm over "input -> stage" edges; a leftover stage sits on a cycle.
    private List<int> TopologicalOrder(Dictionary<string, int> index)
    {
        var remainingInputs = new int[_stages.Count];
        var children = new List<int>[_stages.Count];
        var ready = new Queue<int>();
        for (int i = 0; i < _stages.Count; i++)
        {
            children[i] = [];
        }
        for (int i = 0; i < _stages.Count; i++)
        {
            string input = _stages[i].Input;
            if (input == SourceName) ready.Enqueue(i);
            else
            {
                remainingInputs[i] = 1;
                children[index[input]].Add(i);
            }
        }
        var order = new List<int>(_stages.Count);
        while (ready.Count > 0)
        {
            int s = ready.Dequeue();
            order.Add(s);
            foreach (int c in children[s])
                if (--remainingInputs[c] == 0) ready.Enqueue(c);
        }
        if (order.Count != _stages.Count)
        {
            var cycle = new List<string>();
            for (int i = 0; i < _stages.Count; i++) if (remainingInputs[i] > 0) cycle.Add(_stages[i].Name);
            throw new PipelineBuildException(cycle[0], PipelineBuildException.EdgeParameter,
                $"stages {string.Join(", ", cycle)} feed each other in a cycle; a pipeline must be a DAG starting at '{SourceName}'");
        }
        return order;
    }

    private static string Describe(IEnumerable<string> names, string? except)
    {
        var list = new List<string> { SourceName };
        foreach (var n in names) if (n != except) list.Add(n);
        return string.Join(", ", list);
    }
}
