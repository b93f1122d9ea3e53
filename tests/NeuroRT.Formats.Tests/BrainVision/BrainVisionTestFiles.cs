using System.Text;

namespace NeuroRT.Formats.Tests.BrainVision;

/// <summary>Writes small synthetic .vhdr/.vmrk/.eeg triples into a temporary folder for the reader tests.</summary>
public sealed class BrainVisionTestFiles : IDisposable
{
    public BrainVisionTestFiles()
    {
        Folder = Path.Combine(Path.GetTempPath(), "neurort-brainvision-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Folder);
    }

    public string Folder { get; }

    /// <summary>A header with the given [Common Infos]/[Binary Infos] values and channel lines; returns its path.</summary>
    public string Header(string channelLines, int channels, string binaryFormat = "INT_16", string orientation = "MULTIPLEXED",
        string interval = "1000", string name = "rec", bool markerFile = true)
    {
        var text = new StringBuilder();
        text.Append("Brain Vision Data Exchange Header File Version 1.0\r\n; comment\r\n\r\n[Common Infos]\r\nCodepage=UTF-8\r\n");
        text.Append($"DataFile={name}.eeg\r\n");
        if (markerFile)
        {
            text.Append($"MarkerFile={name}.vmrk\r\n");
        }

        text.Append($"DataFormat=BINARY\r\nDataOrientation={orientation}\r\nNumberOfChannels={channels}\r\nSamplingInterval={interval}\r\n\r\n");
        text.Append($"[Binary Infos]\r\nBinaryFormat={binaryFormat}\r\n\r\n[Channel Infos]\r\n{channelLines}\r\n[Comment]\r\nfree text = anything, not parsed\r\n");
        return Write(name + ".vhdr", Encoding.UTF8.GetBytes(text.ToString()));
    }

    /// <summary>A marker file with the given Mk lines.</summary>
    public string Markers(string markerLines, string name = "rec") =>
        Write(name + ".vmrk", Encoding.UTF8.GetBytes(
            "Brain Vision Data Exchange Marker File, Version 1.0\r\n\r\n[Common Infos]\r\nCodepage=UTF-8\r\nDataFile=" + name
            + ".eeg\r\n\r\n[Marker Infos]\r\n; Each entry: ...\r\n" + markerLines));

    public string Data(byte[] bytes, string name = "rec") => Write(name + ".eeg", bytes);

    public string Write(string fileName, byte[] bytes)
    {
        string path = Path.Combine(Folder, fileName);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    public static byte[] Int16(params short[] values)
    {
        var bytes = new byte[values.Length * 2];
        for (int i = 0; i < values.Length; i++)
        {
            BitConverter.TryWriteBytes(bytes.AsSpan(i * 2), values[i]);
        }

        return bytes;
    }

    public static byte[] Int32(params int[] values)
    {
        var bytes = new byte[values.Length * 4];
        for (int i = 0; i < values.Length; i++)
        {
            BitConverter.TryWriteBytes(bytes.AsSpan(i * 4), values[i]);
        }

        return bytes;
    }

    public static byte[] Float32(params float[] values)
    {
        var bytes = new byte[values.Length * 4];
        for (int i = 0; i < values.Length; i++)
        {
            BitConverter.TryWriteBytes(bytes.AsSpan(i * 4), values[i]);
        }

        return bytes;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temporary folder is harmless; never fail a test over cleanup.
        }
    }
}
