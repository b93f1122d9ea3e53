namespace NeuroRT.Formats.Tests;

/// <summary>
/// Locates the shared test recordings, which live outside the repository in ../shared/data (relative to the folder
/// holding NeuroRT.sln). Tests that need them fail with a clear message when they are missing, instead of skipping.
/// </summary>
public static class SharedData
{
    private static readonly Lazy<string> RootPath = new(FindRoot);

    /// <summary>Full path of ../shared/data next to the repository.</summary>
    public static string Root => RootPath.Value;

    /// <summary>Full path of a file under ../shared/data, e.g. <c>SharedData.File("eegmmidb", "S001R04.edf")</c>; fails if it is missing.</summary>
    public static string File(params string[] relativeParts)
    {
        string path = Path.Combine([Root, .. relativeParts]);
        if (!System.IO.File.Exists(path))
        {
            throw new InvalidOperationException(
                $"{path} not found in ../shared/data ({Root}): the shared test data is required for this test; see ../shared/data/README.md for what it must hold.");
        }

        return path;
    }

    /// <summary>The repository root: the first folder above the test binaries that holds NeuroRT.sln.</summary>
    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (System.IO.File.Exists(Path.Combine(dir.FullName, "NeuroRT.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException(
            $"NeuroRT.sln not found in any folder above {AppContext.BaseDirectory}: run the tests from a checkout of the repository, so that ../shared/data can be found next to it.");
    }

    private static string FindRoot()
    {
        string root = Path.GetFullPath(Path.Combine(RepositoryRoot(), "..", "shared", "data"));
        if (!Directory.Exists(root))
        {
            throw new InvalidOperationException(
                $"../shared/data not found next to the repository ({root}): the shared test data is required for this test.");
        }

        return root;
    }
}
