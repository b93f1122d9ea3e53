using System.Globalization;
using NeuroRT.Host.Recording;
using Spectre.Console;

namespace NeuroRT.Cli.Commands;

/// <summary>The end-of-run lines about a <c>--record</c> file: where, how big, what each stream holds, what was dropped.</summary>
internal static class RecordingSummary
{
    public static void Write(IAnsiConsole console, PipelineRecording recording)
    {
        if (recording.Recorder is not { } recorder)
        {
            console.MarkupLine($"[yellow]recording {Markup.Escape(recording.Path)}: nothing was recorded[/]");
            return;
        }

        var table = new Table().Title($"recorded to {Markup.Escape(recording.Path)} ({Megabytes(recorder.BytesWritten)} MB)")
            .AddColumns("stream", "holds", "samples", "dropped");
        long dropped = 0;
        foreach (var (name, id, role) in recording.Streams)
        {
            var stats = recorder.Stats(id);
            dropped += stats.DroppedSamples;
            table.AddRow(Markup.Escape(name), role, $"{stats.Samples:N0}", stats.DroppedSamples == 0 ? "0" : $"[red]{stats.DroppedSamples:N0}[/]");
        }

        console.Write(table);
        if (recorder.Failure is { } failure) console.MarkupLine($"[red]recording failed: {Markup.Escape(failure.Message)}[/]");
        else if (dropped > 0) console.MarkupLine($"[red]the recorder fell behind and dropped {dropped:N0} samples (the file says where: each stream's footer counts its samples)[/]");
    }

    private static string Megabytes(long bytes) => (bytes / 1e6).ToString("0.0", CultureInfo.InvariantCulture);
}
