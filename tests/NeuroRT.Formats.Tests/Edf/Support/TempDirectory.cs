namespace NeuroRT.Formats.Tests.Edf.Support;

/// <summary>A private temporary folder for one test's corrupted or synthetic files; deleted on dispose.</summary>
public sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        FullPath = Path.Combine(Path.GetTempPath(), "neurort-edf-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(FullPath);
    }

    public string FullPath { get; }

    /// <summary>Writes <paramref name="bytes"/> to a new file in the folder and returns its path.</summary>
    public string Write(string name, byte[] bytes)
    {
        string path = Path.Combine(FullPath, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>
    /// Copies the first <paramref name="length"/> bytes (all when null) of <paramref name="source"/> into the folder,
    /// applies <paramref name="patch"/> to them and returns the copy's path.
    /// </summary>
    public string CorruptCopy(string source, Action<byte[]>? patch = null, long? length = null)
    {
        byte[] bytes = File.ReadAllBytes(source);
        if (length is not null)
        {
            bytes = bytes.AsSpan(0, (int)length.Value).ToArray();
        }

        patch?.Invoke(bytes);
        return Write(Path.GetFileName(source), bytes);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(FullPath, recursive: true);
        }
        catch (IOException)
        {
            // A file still open elsewhere: leave the folder to the OS temp cleaner rather than fail the test.
        }
    }
}
