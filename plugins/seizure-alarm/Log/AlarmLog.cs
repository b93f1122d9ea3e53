using System.Text;
using System.Text.Json;

namespace NeuroRT.Plugins.SeizureAlarm.Log;

/// <summary>A failure to write the alarm log: the plugin stops, because an alarm that is not persisted is lost.</summary>
public sealed class AlarmLogException(string message, Exception? inner = null) : IOException(message, inner);

/// <summary>
/// The append-only alarm log: one JSON line per alarm, offset or failed announcement, each written and
/// fsynced (<see cref="FileStream.Flush(bool)"/> with true) before <see cref="Append"/> returns, so a line that
/// was returned from survives a killed process. Opening reads the existing lines to continue the sequence.
/// Thread-safe (the command thread and the announcers' threads both append).
/// </summary>
public sealed class AlarmLog : IDisposable
{
    private readonly Lock _gate = new();
    private FileStream? _stream;

    private AlarmLog(string path, FileStream stream, long lastSequence, IReadOnlyList<string> warnings)
    {
        Path = path;
        _stream = stream;
        LastSequence = lastSequence;
        Warnings = warnings;
    }

    /// <summary>The log file.</summary>
    public string Path { get; }

    /// <summary>Highest alarm sequence number found in the file when it was opened (0 for a new log).</summary>
    public long LastSequence { get; }

    /// <summary>What opening found worth reporting (a torn last line).</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>
    /// Opens (or creates) the log for append. Lines already in it are kept and checked: every complete line
    /// must be a JSON object with an <c>event</c>; a last line without its newline (the process was killed while
    /// writing it, before the fsync returned, so it was never announced) is reported and removed.
    /// </summary>
    public static AlarmLog Open(string path)
    {
        var warnings = new List<string>();
        long last = 0;
        string? directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path));
        if (directory is not null && !Directory.Exists(directory))
            throw new AlarmLogException($"{path}: the alarm log's folder {directory} does not exist");

        bool created = !File.Exists(path);
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read, bufferSize: 0, FileOptions.None);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new AlarmLogException($"{path}: cannot open the alarm log for writing: {e.Message}", e);
        }

        if (created && directory is not null)
        {
            try
            {
                DirectorySync.Flush(directory);
            }
            catch
            {
                stream.Dispose();
                throw;
            }
        }

        try
        {
            // A log that is not a regular file (a pipe, a device) has nothing to read back: written only.
            if (!stream.CanSeek) return new AlarmLog(path, stream, 0, warnings);
            byte[] content = new byte[stream.Length];
            stream.ReadExactly(content);
            int start = 0;
            int lineNumber = 0;
            while (start < content.Length)
            {
                lineNumber++;
                int end = Array.IndexOf(content, (byte)'\n', start);
                if (end < 0)
                {
                    // Append writes a whole line with one write and announces only after the fsync returned, so a
                    // torn tail was never announced: it is cut off (and quoted in the run log) to keep every line valid.
                    string torn = Encoding.UTF8.GetString(content, start, content.Length - start);
                    warnings.Add($"{path}:{lineNumber}: incomplete last line ({content.Length - start} bytes without a newline: the process stopped while writing it, before it was announced), removed: {torn}");
                    stream.SetLength(start);
                    stream.Flush(true);
                    break;
                }

                var line = new ReadOnlySpan<byte>(content, start, end - start);
                if (line.Length > 0) last = Math.Max(last, SequenceOf(line, path, lineNumber));
                start = end + 1;
            }

            stream.Seek(0, SeekOrigin.End);
        }
        catch
        {
            stream.Dispose();
            throw;
        }

        return new AlarmLog(path, stream, last, warnings);
    }

    /// <summary>Appends one line and fsyncs it; throws <see cref="AlarmLogException"/> naming the file when it cannot.</summary>
    public void Append(string line)
    {
        byte[] bytes = new byte[Encoding.UTF8.GetByteCount(line) + 1];
        Encoding.UTF8.GetBytes(line, bytes);
        bytes[^1] = (byte)'\n';
        lock (_gate)
        {
            var stream = _stream ?? throw new AlarmLogException($"{Path}: the alarm log is closed");
            try
            {
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
            {
                throw new AlarmLogException($"{Path}: cannot write the alarm log: {e.Message}", e);
            }
        }
    }

    /// <summary>All complete lines of a log file (for readers and tests).</summary>
    public static string[] ReadLines(string path)
    {
        string text = File.ReadAllText(path);
        int end = text.LastIndexOf('\n');
        return end < 0 ? [] : text[..end].Split('\n');
    }

    private static long SequenceOf(ReadOnlySpan<byte> line, string path, int lineNumber)
    {
        try
        {
            var reader = new Utf8JsonReader(line);
            using var doc = JsonDocument.ParseValue(ref reader);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("event", out var kind) || kind.ValueKind != JsonValueKind.String)
                throw new AlarmLogException($"{path}:{lineNumber}: not an alarm log line (a JSON object with an \"event\" is expected): is this the right file?");
            if (kind.GetString() != "alarm") return 0;
            if (!root.TryGetProperty("seq", out var seq) || !seq.TryGetInt64(out long value))
                throw new AlarmLogException($"{path}:{lineNumber}: an alarm line without an integer \"seq\"");
            return value;
        }
        catch (JsonException e)
        {
            throw new AlarmLogException($"{path}:{lineNumber}: not an alarm log line (invalid JSON: {e.Message}): is this the right file?", e);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_gate)
        {
            _stream?.Dispose();
            _stream = null;
        }
    }
}
