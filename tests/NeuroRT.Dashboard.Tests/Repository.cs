namespace NeuroRT.Dashboard.Tests;

/// <summary>Folders of the checkout the tests run from.</summary>
internal static class Repository
{
    /// <summary>The first folder above the test binaries that holds NeuroRT.sln.</summary>
    public static string Root { get; } = FindRoot();

    public static string Pipeline(string name) => Path.Combine(Root, "pipelines", name);

    /// <summary>Where the suite keeps what a person looks at afterwards (git-ignored).</summary>
    public static string Artifacts
    {
        get
        {
            string folder = Path.Combine(Root, "tests", "artifacts");
            Directory.CreateDirectory(folder);
            return folder;
        }
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "NeuroRT.sln"))) return dir.FullName;
        throw new InvalidOperationException($"NeuroRT.sln not found in any folder above {AppContext.BaseDirectory}: run the tests from a checkout of the repository");
    }
}
