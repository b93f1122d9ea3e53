using NeuroRT.Core.Configuration;
using NeuroRT.Core.Outputs;
using NeuroRT.Core.Pipelines;
using NeuroRT.Core.Sources;
using NeuroRT.Core.Stages;
using NeuroRT.Core.Streams;
using NeuroRT.Host.Components;
using NeuroRT.Host.Files;
using NeuroRT.Host.Plugins;
using YamlDotNet.RepresentationModel;

namespace NeuroRT.Host.Loading;

/// <summary>
/// From pipeline file to configured pipeline, checking everything before anything runs:
/// the file's shape, every component type and parameter (type, unit, range, input files), then the
/// source is opened (headers read) and every stage configured against the real input format, so
/// channel names and counts are checked too. All problems come back as one
/// <see cref="PipelineFileException"/> with a line and column each.
/// </summary>
public static class PipelineLoader
{
    /// <summary>Loads <paramref name="path"/>. Throws <see cref="PipelineFileException"/>.</summary>
    public static LoadedPipeline Load(string path, LoadOptions? options = null, ComponentRegistry? registry = null) =>
        Load(PipelineFileReader.Read(path), options, registry);

    /// <summary>Loads an already read document.</summary>
    public static LoadedPipeline Load(PipelineDocument document, LoadOptions? options = null, ComponentRegistry? registry = null)
    {
        registry ??= ComponentRegistry.BuiltIn;
        options ??= new LoadOptions();
        var errors = new List<PipelineDiagnostic>();
        var binder = new ComponentBinder(document, errors);

        var source = binder.Bind(document.Source, registry) as ISampleSource;
        var stages = new List<(ComponentEntry Entry, IStage? Stage)>();
        foreach (var entry in document.Stages) stages.Add((entry, binder.Bind(entry, registry) as IStage));
        var outputs = new List<(ComponentEntry Entry, IPipelineOutput? Output)>();
        var warnings = new List<string>();
        var plugins = LoadPlugins(document, options, registry, binder, errors, warnings, outputs);
        var runtime = new RuntimeOptions();
        if (document.Runtime is { } runtimeNode)
        {
            var descriptor = new ComponentDescriptor(ComponentKind.Stage, "runtime", "", typeof(RuntimeOptions), ComponentRegistry.ParametersOf(typeof(RuntimeOptions)));
            binder.BindParameters(runtime, descriptor, Pairs(runtimeNode), "runtime", runtimeNode);
        }
        if (errors.Count > 0 || source is null) throw Fail(errors, source, stages, outputs, plugins);

        PipelineSettings settings;
        try
        {
            settings = runtime.ToSettings();
        }
        catch (StageConfigurationException e)
        {
            errors.Add(new PipelineDiagnostic(document.PositionOf(Find(document.Runtime!, e.Parameter) ?? document.Runtime!), $"runtime, parameter '{e.Parameter}': {e.Message}"));
            throw Fail(errors, source, stages, outputs, plugins);
        }

        if (options.Speed is { } speed)
        {
            if (source is IReplaySource replay) replay.Speed = speed;
            else
            {
                errors.Add(new PipelineDiagnostic(document.PositionOf(document.Source.TypeNode), $"--speed applies to replayed sources; {document.Source.Describe()} runs at its own pace"));
                throw Fail(errors, source, stages, outputs, plugins);
            }
        }

        options.ConfigureSource?.Invoke(source);
        StreamFormat format;
        try
        {
            format = source.Open();
        }
        catch (StageConfigurationException e)
        {
            errors.Add(At(document, document.Source, e.Parameter, e.Message));
            throw Fail(errors, source, stages, outputs, plugins, e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or FormatException)
        {
            errors.Add(At(document, document.Source, null, e.Message));
            throw Fail(errors, source, stages, outputs, plugins, e);
        }

        var graph = new PipelineGraph();
        foreach (var (entry, stage) in stages) graph.AddStage(entry.Name, stage!, entry.Input!);
        if (outputs.Count == 0)
        {
            // A pipeline that shows nothing is a mistake; print what the last node emits.
            string last = document.Stages.Count > 0 ? document.Stages[^1].Name : PipelineGraph.SourceName;
            graph.AddOutput("console", new Outputs.ConsoleOutput(), last);
        }
        foreach (var (entry, output) in outputs) graph.AddOutput(entry.Name, output!, entry.Input!);
        var recording = options.Record is { } record ? Record(graph, record, document, registry, source, outputs) : null;
        if (options.Dashboard is { } tapper)
        {
            var running = new List<ComponentEntry>(outputs.Count);
            foreach (var (entry, _) in outputs) running.Add(entry);
            tapper.AddTaps(new PipelineTapPoints(graph, document, running));
        }
        try
        {
            return new LoadedPipeline(document, source, graph.Build(format, settings), plugins, warnings, recording);
        }
        catch (PipelineBuildException e)
        {
            recording?.Dispose();
            ComponentEntry? entry = null;
            foreach (var s in document.Stages) if (s.Name == e.Component) entry = s;
            foreach (var o in document.Outputs) if (o.Name == e.Component) entry ??= o;
            errors.Add(entry is null
                ? new PipelineDiagnostic(document.PositionOf(document.Source.TypeNode), e.Message)
                : At(document, entry, e.Parameter, e.Message));
            throw Fail(errors, source, stages, outputs, plugins, e);
        }
    }

    // The recording taps the source and every node an output reads; an output's name says what it records.
    private static Recording.PipelineRecording Record(PipelineGraph graph, string path, PipelineDocument document, ComponentRegistry registry,
        ISampleSource source, List<(ComponentEntry Entry, IPipelineOutput? Output)> outputs)
    {
        var recording = new Recording.PipelineRecording(path, new Recording.RecordingHeader(document, registry), source);
        var readers = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var all = new List<string>();
        foreach (var (entry, _) in outputs)
        {
            all.Add(entry.Name);
            if (entry.Input is null || entry.Input == PipelineGraph.SourceName) continue;
            if (!readers.TryGetValue(entry.Input, out var names)) readers[entry.Input] = names = [];
            names.Add(entry.Name);
        }

        graph.AddOutput("record:source", recording.SourceTap(all), PipelineGraph.SourceName);
        foreach (var (node, names) in readers) graph.AddOutput($"record:{node}", recording.NodeTap(node, names), node);
        return recording;
    }

    // Built-in outputs bind as before; the others are looked up in the plugins (built-in folder and the file's folders).
    // Outputs whose plugin failed to load and that are not required are left out, with a warning.
    private static PluginCatalog? LoadPlugins(PipelineDocument document, LoadOptions options, ComponentRegistry registry, ComponentBinder binder,
        List<PipelineDiagnostic> errors, List<string> warnings, List<(ComponentEntry Entry, IPipelineOutput? Output)> outputs)
    {
        var section = PluginSection.Read(document, errors);
        bool needed = section.Required.Count > 0;
        foreach (var entry in document.Outputs) needed |= PluginOutputBinder.Handles(entry, registry);
        if (!needed)
        {
            foreach (var entry in document.Outputs) outputs.Add((entry, binder.Bind(entry, registry) as IPipelineOutput));
            return null;
        }
        var folders = new List<string>();
        if (section.BuiltIn) folders.Add(options.BuiltInPluginFolder ?? PluginCatalog.BuiltInFolder);
        folders.AddRange(section.Folders);
        var catalog = PluginCatalog.Load(folders);
        foreach (var failure in catalog.Failures) warnings.Add($"warning: {failure.Message}");
        foreach (var (name, first, second) in catalog.Duplicates)
            warnings.Add($"warning: two plugins declare output type '{name}': '{first}' and '{second}'");
        foreach (var (name, node) in section.Required)
        {
            if (catalog.Find(name) is not null) continue;
            string why = catalog.FailureOf(name)?.Message
                ?? (catalog.Failures.Count > 0 ? "no loaded plugin declares it; plugins that failed to load: " + string.Join("; ", catalog.Failures.Select(f => f.Message))
                    : $"no plugin in {string.Join(", ", folders)} declares it");
            errors.Add(new PipelineDiagnostic(document.PositionOf(node), $"plugins: required output type '{name}' is not available: {why}"));
        }
        var plugins = new PluginOutputBinder(document, catalog, section, errors, warnings, options.PluginLog ?? PluginHostContext.StandardError);
        foreach (var entry in document.Outputs)
        {
            if (!PluginOutputBinder.Handles(entry, registry))
            {
                outputs.Add((entry, binder.Bind(entry, registry) as IPipelineOutput));
                continue;
            }
            int before = errors.Count;
            var output = plugins.Bind(entry, binder, registry);
            if (output is not null) outputs.Add((entry, output));
            else if (errors.Count == before) continue; // skipped with a warning
            else outputs.Add((entry, null));
        }
        return catalog;
    }

    private static PipelineDiagnostic At(PipelineDocument document, ComponentEntry entry, string? parameter, string message)
    {
        YamlNode node = entry.TypeNode;
        string where = entry.Describe();
        if (parameter is not null)
        {
            if (parameter is "input" or "from") node = entry.InputNode ?? entry.NameNode ?? entry.TypeNode;
            else if (parameter == "name") node = entry.NameNode ?? entry.TypeNode;
            else
            {
                foreach (var (key, value) in entry.Parameters)
                    if (key.Value == parameter) node = value;
                where += $", parameter '{parameter}'";
            }
        }
        return new PipelineDiagnostic(document.PositionOf(node), $"{where}: {message}");
    }

    private static IEnumerable<(YamlScalarNode, YamlNode)> Pairs(YamlMappingNode map)
    {
        foreach (var (k, v) in map.Children)
            if (k is YamlScalarNode key) yield return (key, v);
    }

    private static YamlNode? Find(YamlMappingNode map, string? key)
    {
        foreach (var (k, v) in map.Children)
            if (k is YamlScalarNode { Value: { } name } && name == key) return v;
        return null;
    }

    // On failure nothing stays open: dispose whatever was created.
    private static PipelineFileException Fail(List<PipelineDiagnostic> errors, ISampleSource? source,
        List<(ComponentEntry, IStage?)> stages, List<(ComponentEntry, IPipelineOutput?)> outputs, PluginCatalog? plugins, Exception? inner = null)
    {
        source?.Dispose();
        foreach (var (_, s) in stages) (s as IDisposable)?.Dispose();
        foreach (var (_, o) in outputs) o?.Dispose();
        plugins?.Dispose();
        errors.Sort((a, b) => a.Position.Line != b.Position.Line ? a.Position.Line.CompareTo(b.Position.Line) : a.Position.Column.CompareTo(b.Position.Column));
        return new PipelineFileException(errors, inner);
    }
}
