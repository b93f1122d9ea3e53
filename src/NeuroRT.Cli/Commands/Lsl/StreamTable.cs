using System.Globalization;
using System.Net;
using NeuroRT.Lsl.Config;
using NeuroRT.Lsl.Info;
using NeuroRT.Lsl.TimeSync;
using Spectre.Console;

namespace NeuroRT.Cli.Commands.Lsl;

/// <summary>One visible stream with its clock offset and round-trip time as measured from here (NaN when the probes got no answer).</summary>
internal sealed record StreamRow(LslStreamInfo Info, double OffsetMs, double RttMs);

/// <summary>Measures and draws the table of <c>neurort streams</c>.</summary>
internal static class StreamTable
{
    /// <summary>Runs one time-correction round per stream, all in parallel (one round takes about 0.65 s with default settings).</summary>
    public static List<StreamRow> Measure(IReadOnlyList<LslStreamInfo> streams, LslConfig config)
    {
        var rows = new StreamRow[streams.Count];
        var threads = new List<Thread>();
        for (int i = 0; i < streams.Count; i++)
        {
            int k = i;
            var thread = new Thread(() => rows[k] = MeasureOne(streams[k], config)) { IsBackground = true, Name = "lsl-streams clock" };
            thread.Start();
            threads.Add(thread);
        }

        foreach (var thread in threads) thread.Join();
        return rows.OrderBy(r => r.Info.Name, StringComparer.Ordinal).ThenBy(r => r.Info.Hostname, StringComparer.Ordinal).ToList();
    }

    private static StreamRow MeasureOne(LslStreamInfo info, LslConfig config)
    {
        try
        {
            if (info.V4ServicePort <= 0 || !IPAddress.TryParse(info.V4Address, out var address)) return new StreamRow(info, double.NaN, double.NaN);
            using var clock = new TimeCorrectionClient(new IPEndPoint(address, info.V4ServicePort), config);
            return clock.RunRound()
                ? new StreamRow(info, clock.Correction * 1000, clock.Uncertainty * 1000)
                : new StreamRow(info, double.NaN, double.NaN);
        }
        catch (System.Net.Sockets.SocketException)
        {
            return new StreamRow(info, double.NaN, double.NaN);
        }
    }

    /// <summary>The table (columns a neuroscientist knows from LabRecorder, plus where the stream lives and how far its clock is).</summary>
    public static Table Build(IReadOnlyList<StreamRow> rows, string caption)
    {
        var table = new Table().Border(TableBorder.Rounded);
        table.AddColumn("name");
        table.AddColumn("type");
        table.AddColumn(new TableColumn("channels").RightAligned());
        table.AddColumn("format");
        table.AddColumn(new TableColumn("rate (Hz)").RightAligned());
        table.AddColumn("host");
        table.AddColumn("source_id");
        table.AddColumn("address:port");
        table.AddColumn(new TableColumn("offset (ms)").RightAligned());
        table.AddColumn(new TableColumn("rtt (ms)").RightAligned());
        foreach (var row in rows)
        {
            var s = row.Info;
            table.AddRow(
                Cell(s.Name), Cell(s.Type), Cell(s.ChannelCount.ToString(CultureInfo.InvariantCulture)), Cell(s.ChannelFormat.Name()),
                Cell(s.NominalRate == 0 ? "irregular" : s.NominalRate.ToString("0.###", CultureInfo.InvariantCulture)),
                Cell(s.Hostname), Cell(s.SourceId), Cell($"{s.V4Address}:{s.V4DataPort}"),
                Cell(Ms(row.OffsetMs, "+0.000;-0.000;0.000")), Cell(Ms(row.RttMs, "0.000")));
        }

        if (caption.Length > 0) table.Caption(Markup.Escape(caption));
        return table;
    }

    /// <summary>What the offset and rtt columns mean.</summary>
    public const string Legend = "offset: milliseconds to add to a stream's timestamps to get this computer's LSL clock; rtt: round trip of the best time probe (its uncertainty); '-' = no answer to time probes";

    private static string Ms(double value, string format) => double.IsNaN(value) ? "-" : value.ToString(format, CultureInfo.InvariantCulture);

    private static Text Cell(string text) => new(text.Length == 0 ? " " : text);
}
