using System.Globalization;
using NeuroRT.Plugins;

[assembly: PluginSdkVersion(1, 0)]

namespace TestPlugins.Recorder;

/// <summary>Appends every command it receives as one line to a file: sequence, name, values, timestamp.</summary>
[CommandOutput("test-recorder", Summary = "records commands to a file (tests)")]
public sealed class RecorderOutput : ICommandOutput
{
    private StreamWriter? _writer;

    [PluginParameter("path", Required = true, Help = "file to write, relative to the pipeline file")]
    public string Path { get; set; } = "";

    [PluginParameter("pause", Help = "seconds to wait in every Send (default 0)")]
    public double Pause { get; set; }

    public void Open(IPluginHost host)
    {
        if (Path.Length == 0) throw new PluginConfigurationException("path", "give the file to write");
        if (Path.EndsWith('/')) throw new PluginConfigurationException("path", $"'{Path}' is a folder");
        string full = System.IO.Path.Combine(host.PipelineDirectory, Path);
        _writer = new StreamWriter(full, append: false) { AutoFlush = true };
        _writer.WriteLine("# " + string.Join(",", host.ValueNames));
    }

    public void Send(in Command command)
    {
        if (Pause > 0) Thread.Sleep(TimeSpan.FromSeconds(Pause));
        var values = command.Values.Span;
        var text = new string[values.Length];
        for (int i = 0; i < values.Length; i++) text[i] = values[i].ToString("R", CultureInfo.InvariantCulture);
        _writer!.WriteLine($"{command.Sequence} {command.Name} {string.Join(",", text)} {command.Timestamp.ToString("R", CultureInfo.InvariantCulture)} {command.Confidence.ToString("R", CultureInfo.InvariantCulture)}");
    }

    public void Close() => _writer?.Flush();

    public void Dispose() => _writer?.Dispose();
}
