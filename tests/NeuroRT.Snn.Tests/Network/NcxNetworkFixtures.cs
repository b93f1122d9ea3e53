namespace NeuroRT.Snn.Tests.Network;

/// <summary>The scenario network files in tests/NeuroRT.Snn.Tests/NeuroCoreX/networks (made by tools/reference/ncx_scenario_networks.py).</summary>
public static class NcxNetworkFixtures
{
    public static string PathOf(string scenario)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "NeuroRT.sln")))
            {
                string path = Path.Combine(dir.FullName, "tests", "NeuroRT.Snn.Tests", "NeuroCoreX", "networks", scenario + ".yaml");
                if (!File.Exists(path))
                {
                    throw new InvalidOperationException($"{path} not found: run /usr/bin/python3 tools/reference/ncx_scenario_networks.py to make the scenario network files.");
                }

                return path;
            }
        }

        throw new InvalidOperationException($"NeuroRT.sln not found in any folder above {AppContext.BaseDirectory}: run the tests from a checkout.");
    }
}
