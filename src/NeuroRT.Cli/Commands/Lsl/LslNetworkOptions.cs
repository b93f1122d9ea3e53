using System.CommandLine;
using System.Net;
using NeuroRT.Lsl.Config;

namespace NeuroRT.Cli.Commands.Lsl;

/// <summary>
/// The options every LSL command shares: which <c>lsl_api.cfg</c> to read, and the two settings people most
/// often change for one run (session id, known peers). The command line overrides the file.
/// </summary>
internal sealed class LslNetworkOptions
{
    private readonly Option<string?> _config = new("--config")
    {
        Description = "an lsl_api.cfg file with the LSL network settings (default: the file liblsl would use: $LSLAPICFG, ./lsl_api.cfg, ~/lsl_api/lsl_api.cfg or /etc/lsl_api/lsl_api.cfg, else built-in defaults)",
        HelpName = "FILE",
    };

    private readonly Option<string?> _session = new("--session")
    {
        Description = "LSL session id: programs only see streams of their own session (default: [lab] SessionID of the config, else 'default')",
        HelpName = "ID",
    };

    private readonly Option<string?> _knownPeers = new("--known-peers")
    {
        Description = "computers to ask directly, comma-separated, for networks where multicast/broadcast does not get through, e.g. 192.168.1.20,eeg-pc (replaces [lab] KnownPeers of the config)",
        HelpName = "HOST,...",
    };

    private readonly bool _withPeers;

    /// <summary>Adds --config and --session, and --known-peers when <paramref name="withKnownPeers"/> (commands that look for streams).</summary>
    public LslNetworkOptions(Command command, bool withKnownPeers)
    {
        _withPeers = withKnownPeers;
        command.Add(_config);
        command.Add(_session);
        if (withKnownPeers) command.Add(_knownPeers);
    }

    /// <summary>Loads the config and applies the overrides; null (after printing one error line) when that fails.</summary>
    public LslConfig? Load(ParseResult r)
    {
        LslConfig config;
        string? file = r.GetValue(_config);
        try
        {
            config = LslConfig.Load(file);
        }
        catch (LslConfigException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"error: {file}: cannot read the LSL config file: {e.Message}");
            return null;
        }

        if (r.GetValue(_session) is { } session)
        {
            if (session.Length == 0 || session.Contains('\''))
            {
                Console.Error.WriteLine($"error: --session '{session}': a session id must be non-empty and cannot contain a single quote");
                return null;
            }

            config = config with { SessionId = session };
        }
        else if (config.SessionId.Contains('\''))
        {
            Console.Error.WriteLine($"error: {config.SourceFile}: [lab] SessionID = {config.SessionId}: a session id cannot contain a single quote");
            return null;
        }

        // LslOutlet parses ListenAddress with IPAddress.Parse and does not catch FormatException: refuse a bad one here, with its place.
        if (config.ListenAddress.Length > 0 && !IPAddress.TryParse(config.ListenAddress, out _))
        {
            Console.Error.WriteLine($"error: {Describe(config)}: [multicast] ListenAddress = {config.ListenAddress}: expected an IP address of this computer (or nothing, for all addresses)");
            return null;
        }

        if (_withPeers && r.GetValue(_knownPeers) is { } peers)
            config = config with { KnownPeers = peers.Split([',', ' ', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) };
        return config;
    }

    /// <summary>Where the settings came from, for messages.</summary>
    public static string Describe(LslConfig config) => config.SourceFile ?? "built-in defaults (no lsl_api.cfg found)";
}
