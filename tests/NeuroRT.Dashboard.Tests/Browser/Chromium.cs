using System.Diagnostics;
using System.Net.Http;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace NeuroRT.Dashboard.Tests.Browser;

/// <summary>
/// Headless Debian chromium driven over the DevTools protocol (a WebSocket, JSON commands): enough to open a page,
/// evaluate JavaScript in it and take a screenshot, with no Node or npm. The browser gets its own profile folder,
/// removed on dispose.
/// </summary>
internal sealed class Chromium : IDisposable
{
    private readonly Process _process;
    private readonly string _profile;
    private readonly ClientWebSocket _socket = new();
    private int _nextId;

    private Chromium(Process process, string profile)
    {
        _process = process;
        _profile = profile;
    }

    /// <summary>The browser the tests use: <c>CHROMIUM</c> from the environment, else Debian's.</summary>
    public static string Executable => Environment.GetEnvironmentVariable("CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    /// <summary>Starts chromium on <paramref name="url"/> and connects to that page's DevTools socket.</summary>
    public static Chromium Open(string url, int width, int height, TimeSpan limit)
    {
        if (!File.Exists(Executable))
            throw new InvalidOperationException($"chromium not found at {Executable}: run tools/setup.sh (it installs Debian's chromium with apt), or set CHROMIUM to a chromium binary");
        string profile = Path.Combine(Path.GetTempPath(), "neurort-chromium-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(profile);
        var psi = new ProcessStartInfo(Executable) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (string a in new[]
                 {
                     "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                     "--disable-extensions", "--disable-background-networking", "--mute-audio",
                     // A scrollbar would narrow the layout, and the full-page capture would then cut the right edge off.
                     "--hide-scrollbars",
                     "--remote-debugging-port=0", $"--user-data-dir={profile}", $"--window-size={width},{height}", url,
                 })
            psi.ArgumentList.Add(a);
        var process = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {Executable}");
        process.ErrorDataReceived += (_, _) => { };
        process.OutputDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        var browser = new Chromium(process, profile);
        try
        {
            browser.Connect(url, limit);
            return browser;
        }
        catch
        {
            browser.Dispose();
            throw;
        }
    }

    private void Connect(string url, TimeSpan limit)
    {
        // Chromium writes the port it chose into DevToolsActivePort in its profile; /json/list names each page's socket.
        var deadline = DateTime.UtcNow + limit;
        string portFile = Path.Combine(_profile, "DevToolsActivePort");
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        while (true)
        {
            if (_process.HasExited) throw new InvalidOperationException($"chromium exited with code {_process.ExitCode} before its DevTools port opened");
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"chromium did not open its DevTools port within {limit.TotalSeconds} s");
            try
            {
                if (File.Exists(portFile) && File.ReadAllLines(portFile) is [var port, ..] && port.Length > 0)
                {
                    var pages = JsonNode.Parse(http.GetStringAsync($"http://127.0.0.1:{port}/json/list").GetAwaiter().GetResult())!.AsArray();
                    foreach (var page in pages)
                    {
                        if ((string?)page!["type"] != "page") continue;
                        _socket.ConnectAsync(new Uri((string)page["webSocketDebuggerUrl"]!), CancellationToken.None).GetAwaiter().GetResult();
                        return;
                    }
                }
            }
            catch (Exception e) when (e is IOException or HttpRequestException or TaskCanceledException or WebSocketException)
            {
                // not up yet
            }

            Thread.Sleep(100);
        }
    }

    /// <summary>Sends one DevTools command and returns its <c>result</c>; events in between are skipped.</summary>
    public JsonNode Send(string method, JsonObject? parameters = null)
    {
        int id = Interlocked.Increment(ref _nextId);
        var message = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters ?? new JsonObject() };
        _socket.SendAsync(Encoding.UTF8.GetBytes(message.ToJsonString()), WebSocketMessageType.Text, true, CancellationToken.None).GetAwaiter().GetResult();
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var buffer = new byte[1 << 16];
        while (true)
        {
            using var text = new MemoryStream();
            WebSocketReceiveResult part;
            do
            {
                part = _socket.ReceiveAsync(buffer, cancel.Token).GetAwaiter().GetResult();
                text.Write(buffer, 0, part.Count);
            } while (!part.EndOfMessage);

            var reply = JsonNode.Parse(text.ToArray())!;
            if ((int?)reply["id"] != id) continue;
            if (reply["error"] is { } error) throw new InvalidOperationException($"DevTools {method}: {error.ToJsonString()}");
            return reply["result"]!;
        }
    }

    /// <summary>Evaluates <paramref name="expression"/> in the page and returns its value (JSON-serialisable).</summary>
    public JsonNode? Evaluate(string expression)
    {
        var result = Send("Runtime.evaluate", new JsonObject { ["expression"] = expression, ["returnByValue"] = true });
        if (result["exceptionDetails"] is { } failure) throw new InvalidOperationException($"page script failed: {failure.ToJsonString()}");
        return result["result"]?["value"];
    }

    /// <summary>A PNG of the whole page.</summary>
    public byte[] Screenshot()
    {
        var result = Send("Page.captureScreenshot", new JsonObject { ["format"] = "png", ["captureBeyondViewport"] = true });
        return Convert.FromBase64String((string)result["data"]!);
    }

    public void Dispose()
    {
        _socket.Dispose();
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }
        catch (InvalidOperationException)
        {
        }

        _process.Dispose();
        try { Directory.Delete(_profile, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
