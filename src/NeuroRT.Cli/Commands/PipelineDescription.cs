using System.Globalization;
using System.Text;
using NeuroRT.Formats.Sources;
using NeuroRT.Formats.Sources.Xdf;
using NeuroRT.Host.Loading;

namespace NeuroRT.Cli.Commands;

/// <summary>The plain-text picture of a loaded pipeline: source, each stage with the format it emits, outputs.</summary>
public static class PipelineDescription
{
    /// <summary>Several lines, each ending in a newline.</summary>
    public static string Describe(LoadedPipeline loaded)
    {
        var text = new StringBuilder();
        var p = loaded.Pipeline;
        text.AppendLine($"  source   {loaded.Document.Source.TypeName}: {p.SourceFormat}" +
                        (loaded.Source.DurationSeconds is { } d ? $", {d:0.#} s" : "") +
                        (loaded.Source.IsRealTime ? "" : ", as fast as possible"));
        if (loaded.Source is EdfSource { MarkerChannel: { } markers }) DescribeMarkers(text, markers);
        if (loaded.Source is XdfSource xdf)
            foreach (var channel in xdf.MarkerChannels) DescribeMarkers(text, channel);
        foreach (var node in p.Nodes)
            text.AppendLine($"  stage    {node.Name} <- {node.InputName}: {node.Format}");
        foreach (var port in p.Ports)
            text.AppendLine($"  output   {port.Name} <- {port.NodeName}");
        return text.ToString();
    }

    // The annotations an edf source carries on its marker channel, and every one it does not (with why).
    private static void DescribeMarkers(StringBuilder text, EdfMarkerChannel markers)
    {
        var codes = markers.Codes.Select(c => $"{c.Text} = {c.Code.ToString(CultureInfo.InvariantCulture)} ({c.Placed})");
        text.Append($"  markers  {markers.Name}: {markers.Markers.Count} annotations carried: {string.Join(", ", codes)}");
        if (markers.Ignored > 0) text.Append($"; {markers.Ignored} not in marker-names, ignored");
        if (markers.Outside + markers.SameSample + markers.ZeroCode > 0)
            text.Append($"; not carried: {markers.Outside} outside the data, {markers.SameSample} on a taken sample, {markers.ZeroCode} with code 0");
        text.AppendLine();
        foreach (string warning in markers.Warnings) text.AppendLine($"  warning  {warning}");
    }

    // The markers an xdf source carries on a marker stream's channel, and every one it does not (with why).
    private static void DescribeMarkers(StringBuilder text, XdfMarkerChannel markers)
    {
        text.Append($"  markers  {markers.Name}: {markers.Markers.Count} markers carried");
        if (markers.Ignored > 0) text.Append($"; {markers.Ignored} not in marker-names, ignored");
        if (markers.Outside + markers.Overwritten + markers.ZeroCode > 0)
            text.Append($"; not carried: {markers.Outside} outside the signal, {markers.Overwritten} replaced on a shared sample, {markers.ZeroCode} with code 0");
        text.AppendLine();
        foreach (string warning in markers.Warnings) text.AppendLine($"  warning  {warning}");
    }
}
