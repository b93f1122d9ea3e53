namespace NeuroRT.Scoring.Tests.Support;

/// <summary>The shared data in ../shared/data beside the repository; a missing file fails the test with a clear message.</summary>
internal static class SharedData
{
    public static string File(params string[] parts)
    {
        string path = Path.Combine([Root(), .. parts]);
        if (!System.IO.File.Exists(path))
            throw new InvalidOperationException($"{path} not found: the shared data (../shared/data beside the repository, see its README.md) is required for this test.");
        return path;
    }

    private static string Root()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (System.IO.File.Exists(Path.Combine(dir.FullName, "NeuroRT.sln")))
                return Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "data"));
        }

        throw new InvalidOperationException($"NeuroRT.sln not found above {AppContext.BaseDirectory}: run the tests from a checkout of the repository.");
    }
}
