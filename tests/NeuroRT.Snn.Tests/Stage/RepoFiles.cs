namespace NeuroRT.Snn.Tests.Stage;

/// <summary>Files of the repository (found from the test binary by walking up to NeuroRT.sln).</summary>
public static class RepoFiles
{
    public static string Root()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "NeuroRT.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"no NeuroRT.sln above {AppContext.BaseDirectory}");
    }

    public static string Path(string relative) => System.IO.Path.Combine(Root(), relative);

    /// <summary>A file of this test project's source folder (fixtures next to the tests).</summary>
    public static string Fixture(string name) => Path(System.IO.Path.Combine("tests", "NeuroRT.Snn.Tests", "Stage", name));
}
