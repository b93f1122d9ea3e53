using System.Text;
using System.Text.Json;

namespace NeuroRT.Dashboard.Alarms;

/// <summary>
/// Follows the alarm log of one <c>seizure-alarm</c> output from the dashboard's frame thread. The log is the
/// authority (the plugin writes and fsyncs each line before it announces the alarm), so the page shows exactly what
/// the log holds, never a guess made from the detector's values. Only the lines appended after
/// <see cref="Begin"/> are shown: the log is append-only across runs, and earlier runs' times belong to other streams.
/// </summary>
internal sealed class AlarmLogTail(string output, string path)
{
    private readonly List<AlarmMark> _alarms = [];
    private readonly byte[] _chunk = new byte[8192];
    private readonly MemoryStream _partial = new();
    private long _position = -1;

    /// <summary>The output's name in the pipeline file.</summary>
    public string Output => output;

    /// <summary>The log's full path.</summary>
    public string Path => path;

    /// <summary>This run's alarms in log order, each with its offset once the log has it.</summary>
    public IReadOnlyList<AlarmMark> Alarms => _alarms;

    /// <summary>Why the log could not be read at the last poll (null when it could, or does not exist yet).</summary>
    public string? Problem { get; private set; }

    /// <summary>Marks the log's current end: what is already there is from earlier runs.</summary>
    public void Begin() => _position = File.Exists(path) ? new FileInfo(path).Length : 0;

    /// <summary>Reads the lines appended since the last poll.</summary>
    public void Poll()
    {
        if (_position < 0) Begin();
        try
        {
            if (!File.Exists(path)) return;
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            if (file.Length < _position)
            {
                // The plugin removed a torn last line at its start (an unannounced write of a killed run): nothing
                // of this run was in it, so follow from the new end.
                _position = file.Length;
                _partial.SetLength(0);
            }

            file.Position = _position;
            int n;
            while ((n = file.Read(_chunk, 0, _chunk.Length)) > 0)
            {
                _position += n;
                int start = 0;
                for (int i = 0; i < n; i++)
                {
                    if (_chunk[i] != (byte)'\n') continue;
                    _partial.Write(_chunk, start, i - start);
                    Parse(_partial.GetBuffer().AsSpan(0, (int)_partial.Length));
                    _partial.SetLength(0);
                    start = i + 1;
                }

                // A line still being written: kept until its newline arrives.
                _partial.Write(_chunk, start, n - start);
            }

            Problem = null;
        }
        catch (IOException e)
        {
            Problem = $"{path}: {e.Message}";
        }
        catch (UnauthorizedAccessException e)
        {
            Problem = $"{path}: {e.Message}";
        }
    }

    private void Parse(ReadOnlySpan<byte> line)
    {
        if (line.IsEmpty) return;
        try
        {
            using var json = JsonDocument.Parse(line.ToArray());
            var root = json.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("event", out var kind) || !root.TryGetProperty("seq", out var seqValue)) return;
            long seq = seqValue.GetInt64();
            switch (kind.GetString())
            {
                case "alarm":
                    _alarms.Add(new AlarmMark(seq, Number(root, "onset"), Number(root, "confirmed"), Number(root, "peak")));
                    break;
                case "offset":
                    var mark = Find(seq);
                    if (mark is null)
                    {
                        // Its alarm line was written before this run's dashboard started (not expected: the plugin starts idle).
                        mark = new AlarmMark(seq, Number(root, "onset"), Number(root, "confirmed"), Number(root, "peak"));
                        _alarms.Add(mark);
                    }

                    mark.Offset = Number(root, "offset");
                    mark.Peak = Number(root, "peak");
                    break;
                case "announce-failed":
                    if (Find(seq) is { } failed) failed.AnnounceFailures++;
                    break;
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            Problem = $"{path}: a line that is not an alarm-log object: {Encoding.UTF8.GetString(line)}";
        }
    }

    private AlarmMark? Find(long seq)
    {
        foreach (var mark in _alarms) if (mark.Sequence == seq) return mark;
        return null;
    }

    private static double Number(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : double.NaN;
}
