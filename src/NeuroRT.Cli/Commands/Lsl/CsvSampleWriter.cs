using System.Globalization;
using System.Text;
using NeuroRT.Lsl.Info;
using NeuroRT.Lsl.Wire;

namespace NeuroRT.Cli.Commands.Lsl;

/// <summary>
/// Writes received samples as CSV, one line per sample: <c>index,timestamp,value...</c>. Values are exact: float32
/// and double64 as the shortest text that reads back to the same number, integers as integers, strings quoted when
/// they hold a comma, quote or line break. Numbers are formatted into a reused buffer (no allocation per value).
/// </summary>
internal sealed class CsvSampleWriter : IDisposable
{
    private readonly TextWriter _out;
    private readonly char[] _number = new char[64];

    public CsvSampleWriter(TextWriter output) => _out = output;

    /// <summary>Lines written after the header.</summary>
    public long Rows { get; private set; }

    /// <summary>The header: <c>index,timestamp,label1,...</c>.</summary>
    public void WriteHeader(IReadOnlyList<string> labels)
    {
        _out.Write("index,timestamp");
        foreach (string label in labels)
        {
            _out.Write(',');
            WriteText(label);
        }

        _out.Write('\n');
    }

    /// <summary>Sample <paramref name="sample"/> of <paramref name="chunk"/> as line number <see cref="Rows"/>.</summary>
    public void WriteSample(SampleChunk chunk, int sample)
    {
        WriteNumber(Rows);
        _out.Write(',');
        WriteNumber(chunk.Timestamps[sample]);
        for (int c = 0; c < chunk.Channels; c++)
        {
            _out.Write(',');
            switch (chunk.Format)
            {
                case ChannelFormat.Float32:
                    WriteNumber((float)chunk.DoubleAt(sample, c));
                    break;
                case ChannelFormat.Double64:
                    WriteNumber(chunk.DoubleAt(sample, c));
                    break;
                case ChannelFormat.String:
                    WriteText(chunk.StringAt(sample, c));
                    break;
                default:
                    WriteNumber(chunk.IntegerAt(sample, c));
                    break;
            }
        }

        _out.Write('\n');
        Rows++;
    }

    public void Flush() => _out.Flush();

    private void WriteNumber(long value)
    {
        value.TryFormat(_number, out int n, default, CultureInfo.InvariantCulture);
        _out.Write(_number, 0, n);
    }

    private void WriteNumber(double value)
    {
        value.TryFormat(_number, out int n, "R", CultureInfo.InvariantCulture);
        _out.Write(_number, 0, n);
    }

    private void WriteNumber(float value)
    {
        value.TryFormat(_number, out int n, "R", CultureInfo.InvariantCulture);
        _out.Write(_number, 0, n);
    }

    private void WriteText(string text)
    {
        if (text.AsSpan().IndexOfAny(",\"\r\n") < 0 && (text.Length == 0 || (text[0] != ' ' && text[^1] != ' ')))
        {
            _out.Write(text);
            return;
        }

        _out.Write('"');
        _out.Write(text.Replace("\"", "\"\"", StringComparison.Ordinal));
        _out.Write('"');
    }

    /// <summary>A UTF-8 writer (no BOM, LF line ends) on stdout or on a new file.</summary>
    public static TextWriter Open(string? path)
    {
        var encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
        Stream stream = path is null ? Console.OpenStandardOutput() : new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read);
        return new StreamWriter(stream, encoding, 1 << 16) { NewLine = "\n" };
    }

    public void Dispose() => _out.Dispose();
}
