using System.Net.Http;
using System.Text.Json.Nodes;

namespace NeuroRT.Dashboard.Tests;

/// <summary>A test's browser stand-in: reads the dashboard's server-sent events in the background and keeps them.</summary>
internal sealed class EventStream : IDisposable
{
    private readonly HttpClient _http = new() { Timeout = Timeout.InfiniteTimeSpan };
    private readonly CancellationTokenSource _stop = new();
    private readonly List<(string Name, JsonNode Data)> _events = [];
    private readonly TaskCompletionSource _meta = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task _reader;

    public EventStream(string url) => _reader = Task.Run(() => Read(url));

    public List<(string Name, JsonNode Data)> Events
    {
        get { lock (_events) return [.. _events]; }
    }

    public JsonNode Meta(TimeSpan limit)
    {
        if (!_meta.Task.Wait(limit)) throw new TimeoutException("no meta event from the dashboard");
        return Events.First(e => e.Name == "meta").Data;
    }

    private async Task Read(string url)
    {
        try
        {
            using var response = await _http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, _stop.Token);
            response.EnsureSuccessStatusCode();
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(_stop.Token));
            string name = "message";
            while (await reader.ReadLineAsync(_stop.Token) is { } line)
            {
                if (line.StartsWith("event: ", StringComparison.Ordinal)) name = line[7..];
                else if (line.StartsWith("data: ", StringComparison.Ordinal))
                {
                    lock (_events) _events.Add((name, JsonNode.Parse(line[6..])!));
                    if (name == "meta") _meta.TrySetResult();
                    name = "message";
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception e)
        {
            _meta.TrySetException(e);
        }
    }

    /// <summary>All display points of tap <paramref name="id"/> received so far.</summary>
    public int Points(string id)
    {
        int n = 0;
        foreach (var (name, data) in Events)
        {
            if (name != "message") continue;
            foreach (var tap in data["taps"]!.AsArray())
                if ((string?)tap!["id"] == id) n += tap["t"]!.AsArray().Count;
        }

        return n;
    }

    public void Dispose()
    {
        _stop.Cancel();
        try { _reader.Wait(5000); }
        catch (AggregateException) { }
        _http.Dispose();
    }
}
