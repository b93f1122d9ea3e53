using System.Buffers;
using System.Text.Json;
using NeuroRT.Core.Metrics;
using NeuroRT.Core.Pipelines;
using NeuroRT.Dashboard.Alarms;
using NeuroRT.Dashboard.Taps;
using NeuroRT.Lsl.Pipeline;

namespace NeuroRT.Dashboard.Streaming;

/// <summary>
/// Turns what the taps collected and what the runner counts into the JSON events the page draws (server-sent events:
/// <c>event: meta</c> once per browser, then one data event per tick). Runs on the dashboard's frame thread only.
/// </summary>
internal sealed class FrameWriter
{
    private static readonly double[] Quantiles = BuildQuantiles();
    private readonly IReadOnlyList<TraceTap> _taps;
    private readonly IReadOnlyList<AlarmLogTail> _alarmLogs;
    private readonly long[] _cursors;
    private readonly float[][] _values;
    private readonly double[][] _times;
    private readonly int[] _flags = new int[1024];
    private readonly ArrayBufferWriter<byte> _buffer = new(1 << 16);

    public FrameWriter(IReadOnlyList<TraceTap> taps, IReadOnlyList<AlarmLogTail> alarmLogs, int pointsPerFrame)
    {
        _taps = taps;
        _alarmLogs = alarmLogs;
        _cursors = new long[taps.Count];
        _values = new float[taps.Count][];
        _times = new double[taps.Count][];
        for (int i = 0; i < taps.Count; i++)
        {
            int n = Math.Max(16, pointsPerFrame);
            _times[i] = new double[n];
            _values[i] = new float[n * Math.Max(1, taps[i].Buffer?.Channels ?? 1)];
        }
    }

    /// <summary>Display points overwritten before the frame thread read them (all taps).</summary>
    public long PointsLost { get; private set; }

    /// <summary>The description of the pipeline and its panels, sent first to every browser.</summary>
    public static byte[] Meta(string pipeline, string source, IReadOnlyList<TraceTap> taps, IReadOnlyList<AlarmLogTail> alarmLogs, int fps, string? snnNote)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("pipeline", pipeline);
            w.WriteString("source", source);
            w.WriteNumber("fps", fps);
            if (snnNote is not null) w.WriteString("snnNote", snnNote);
            w.WriteStartArray("taps");
            foreach (var tap in taps)
            {
                w.WriteStartObject();
                w.WriteString("id", tap.Id);
                w.WriteString("node", tap.Node);
                w.WriteString("stage", tap.StageType);
                w.WriteString("kind", tap.Kind.ToString().ToLowerInvariant());
                w.WriteNumber("rate", tap.Rate);
                w.WriteNumber("displayRate", tap.DisplayRate);
                w.WriteStartArray("channels");
                foreach (string name in tap.ChannelNames) w.WriteStringValue(name);
                w.WriteEndArray();
                w.WriteStartArray("types");
                foreach (string type in tap.ChannelTypes) w.WriteStringValue(type);
                w.WriteEndArray();
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("alarmLogs");
            foreach (var log in alarmLogs)
            {
                w.WriteStartObject();
                w.WriteString("output", log.Output);
                w.WriteString("path", log.Path);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return Event("meta", buffer.WrittenSpan);
    }

    /// <summary>
    /// One data event: the new display points of every tap; when <paramref name="runner"/> is given, the counters and
    /// every alarm of the run so far (a few per hour at most, so all of them: a browser opened late still sees them).
    /// </summary>
    public byte[] Data(PipelineRunner? runner, LslSource? lsl, long clientsDropped)
    {
        _buffer.ResetWrittenCount();
        using (var w = new Utf8JsonWriter(_buffer))
        {
            w.WriteStartObject();
            w.WriteStartArray("taps");
            for (int i = 0; i < _taps.Count; i++) WriteTap(w, i);
            w.WriteEndArray();
            if (runner is not null) WriteMetrics(w, runner, lsl, clientsDropped);
            if (runner is not null && _alarmLogs.Count > 0) WriteAlarms(w);
            w.WriteEndObject();
        }

        return Event(null, _buffer.WrittenSpan);
    }

    private void WriteTap(Utf8JsonWriter w, int index)
    {
        var tap = _taps[index];
        if (tap.Buffer is not { } buffer) return;
        double[] times = _times[index];
        int n = buffer.ReadSince(ref _cursors[index], _values[index], times, out long lost);
        PointsLost += lost;
        w.WriteStartObject();
        w.WriteString("id", tap.Id);
        w.WriteNumber("lost", lost);
        w.WriteStartArray("t");
        for (int i = 0; i < n; i++) w.WriteNumberValue(Math.Round(times[i], 4));
        w.WriteEndArray();
        w.WriteStartArray("v");
        for (int c = 0; c < buffer.Channels; c++)
        {
            w.WriteStartArray();
            for (int i = 0; i < n; i++)
            {
                float v = _values[index][c * times.Length + i];
                if (float.IsFinite(v)) w.WriteNumberValue(v);
                else w.WriteNullValue();
            }

            w.WriteEndArray();
        }

        w.WriteEndArray();
        if (tap.Bad is { } bad)
        {
            int channels = Math.Min(buffer.Channels, _flags.Length);
            lock (tap.FlagsGate) bad.Flags[..channels].CopyTo(_flags);
            w.WriteStartArray("bad");
            for (int c = 0; c < channels; c++) w.WriteNumberValue(_flags[c]);
            w.WriteEndArray();
        }

        w.WriteEndObject();
    }

    private void WriteMetrics(Utf8JsonWriter w, PipelineRunner runner, LslSource? lsl, long clientsDropped)
    {
        w.WriteStartObject("metrics");
        w.WriteString("state", runner.State.ToString());
        w.WriteNumber("samplesIn", runner.SamplesIn);
        w.WriteNumber("samplesLost", runner.SamplesLost);
        w.WriteNumber("gaps", runner.Gaps);
        w.WriteNumber("ringDropped", runner.Ring.SamplesDropped);
        w.WriteNumber("ringOverruns", runner.Ring.Overruns);
        w.WriteNumber("ringFill", runner.Ring.Count);
        w.WriteNumber("ringCapacity", runner.Ring.Capacity);
        w.WriteNumber("displayPointsLost", PointsLost);
        w.WriteNumber("displayFramesDropped", clientsDropped);
        w.WriteStartArray("nodes");
        foreach (var node in runner.Pipeline.Nodes)
        {
            w.WriteStartObject();
            w.WriteString("name", node.Name);
            WriteHistogram(w, node.ProcessTime, false);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("ports");
        foreach (var port in runner.Pipeline.Ports)
        {
            w.WriteStartObject();
            w.WriteString("name", port.Name);
            w.WriteString("node", port.NodeName);
            w.WriteBoolean("dashboard", port.Name.StartsWith(LiveDashboard.PortPrefix, StringComparison.Ordinal));
            w.WriteNumber("emitted", port.FramesEmitted);
            w.WriteNumber("dropped", port.FramesDropped);
            w.WriteNumber("failures", port.Failures);
            WriteHistogram(w, port.Latency, true);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        if (lsl?.Inlet is { } inlet)
        {
            w.WriteStartObject("lsl");
            w.WriteString("stream", inlet.Info.Name);
            if (inlet.Clock is { IsValid: true } clock)
            {
                w.WriteNumber("offsetMs", clock.Correction * 1000);
                w.WriteNumber("uncertaintyMs", clock.Uncertainty * 1000);
            }

            w.WriteNumber("recoveries", inlet.Recoveries);
            w.WriteNumber("samplesLostInGaps", inlet.SamplesLostInGaps);
            w.WriteEndObject();
        }

        w.WriteEndObject();
    }

    private void WriteAlarms(Utf8JsonWriter w)
    {
        w.WriteStartArray("alarms");
        foreach (var log in _alarmLogs)
        {
            log.Poll();
            w.WriteStartObject();
            w.WriteString("output", log.Output);
            if (log.Problem is { } problem) w.WriteString("problem", problem);
            w.WriteStartArray("events");
            foreach (var alarm in log.Alarms)
            {
                w.WriteStartObject();
                w.WriteNumber("seq", alarm.Sequence);
                WriteTime(w, "onset", alarm.Onset);
                WriteTime(w, "confirmed", alarm.Confirmed);
                WriteTime(w, "offset", alarm.Offset);
                WriteTime(w, "peak", alarm.Peak);
                if (alarm.AnnounceFailures > 0) w.WriteNumber("announceFailures", alarm.AnnounceFailures);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    // The log's own numbers (shortest round-trip form), so the page shows what the log says; a missing one is left out.
    private static void WriteTime(Utf8JsonWriter w, string name, double value)
    {
        if (double.IsFinite(value)) w.WriteNumber(name, value);
    }

    // Percentiles in microseconds; with the quantile curve (0..100 %) when the page draws the histogram.
    private static void WriteHistogram(Utf8JsonWriter w, LatencyHistogram h, bool curve)
    {
        w.WriteNumber("count", h.Count);
        w.WriteNumber("p50", h.Percentile(50) / 1000.0);
        w.WriteNumber("p99", h.Percentile(99) / 1000.0);
        w.WriteNumber("p999", h.Percentile(99.9) / 1000.0);
        w.WriteNumber("max", h.Max / 1000.0);
        if (!curve || h.Count == 0) return;
        w.WriteStartArray("q");
        foreach (double q in Quantiles) w.WriteNumberValue(h.Percentile(q) / 1000.0);
        w.WriteEndArray();
    }

    private static double[] BuildQuantiles()
    {
        var q = new double[51];
        for (int i = 0; i <= 50; i++) q[i] = i * 2;
        return q;
    }

    private static byte[] Event(string? name, ReadOnlySpan<byte> json)
    {
        // Server-sent events: "event: NAME\n" (optional), "data: JSON\n\n"; the JSON holds no newline.
        byte[] head = name is null ? "data: "u8.ToArray() : System.Text.Encoding.UTF8.GetBytes($"event: {name}\ndata: ");
        var frame = new byte[head.Length + json.Length + 2];
        head.CopyTo(frame, 0);
        json.CopyTo(frame.AsSpan(head.Length));
        frame[^2] = (byte)'\n';
        frame[^1] = (byte)'\n';
        return frame;
    }
}
