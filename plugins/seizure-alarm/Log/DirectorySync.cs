using System.Runtime.InteropServices;

namespace NeuroRT.Plugins.SeizureAlarm.Log;

/// <summary>
/// fsync of a folder, so that a newly created log's directory entry is on disk too (fsync of the file alone
/// does not persist its name on every file system). POSIX only; elsewhere it does nothing.
/// </summary>
internal static partial class DirectorySync
{
    private const int ReadOnly = 0; // O_RDONLY

    /// <summary>Flushes the folder's entries; throws <see cref="AlarmLogException"/> naming the folder when it fails.</summary>
    public static void Flush(string directory)
    {
        if (OperatingSystem.IsWindows()) return;
        int fd = Open(directory, ReadOnly);
        if (fd < 0) throw new AlarmLogException($"{directory}: cannot open the alarm log's folder to sync it (errno {Marshal.GetLastPInvokeError()})");
        try
        {
            if (Fsync(fd) != 0) throw new AlarmLogException($"{directory}: cannot sync the alarm log's folder (errno {Marshal.GetLastPInvokeError()})");
        }
        finally
        {
            _ = Close(fd);
        }
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);
}
