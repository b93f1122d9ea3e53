namespace NeuroRT.Host.Tests;

/// <summary>Paths inside this repository (pipelines/, samples/), found from the test binaries.</summary>
internal static class RepositoryFiles
{
    public static string Root { get; } = FindRoot();

    public static string Pipelines => Path.Combine(Root, "pipelines");

    public static string Samples => Path.Combine(Root, "samples");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "NeuroRT.sln"))) return dir.FullName;
        throw new InvalidOperationException($"NeuroRT.sln not found above {AppContext.BaseDirectory}: run the tests from a checkout of the repository");
    }
}
