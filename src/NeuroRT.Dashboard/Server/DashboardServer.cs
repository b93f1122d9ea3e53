using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NeuroRT.Dashboard.Streaming;

namespace NeuroRT.Dashboard.Server;

/// <summary>
/// Kestrel serving the page (<c>/</c>), its assets (<c>/assets/NAME</c>) and the event stream (<c>/stream</c>).
/// Every request needs <c>?token=</c>; without it the answer is 401. Read-only: nothing the page sends changes the run.
/// </summary>
internal sealed class DashboardServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly AccessToken _token;
    private readonly Func<ClientQueue> _connect;
    private readonly Action<ClientQueue> _disconnect;
    private readonly Func<byte[]> _meta;

    public DashboardServer(IPAddress bind, int port, AccessToken token, Func<byte[]> meta, Func<ClientQueue> connect, Action<ClientQueue> disconnect)
    {
        _token = token;
        _meta = meta;
        _connect = connect;
        _disconnect = disconnect;
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = "NeuroRT.Dashboard", ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders(); // the run's console is the status line's; Kestrel stays quiet
        builder.WebHost.UseKestrel(k => k.Listen(bind, port));
        _app = builder.Build();
        _app.Run(Handle);
    }

    /// <summary>The bound address, e.g. <c>http://127.0.0.1:40123</c>.</summary>
    public string Address { get; private set; } = "";

    public async Task StartAsync()
    {
        await _app.StartAsync().ConfigureAwait(false);
        var addresses = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        Address = addresses.First().Replace("[::1]", "localhost", StringComparison.Ordinal);
    }

    private async Task Handle(HttpContext context)
    {
        var response = context.Response;
        if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method))
        {
            response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            return;
        }

        if (!_token.Matches(context.Request.Query["token"].FirstOrDefault()))
        {
            response.StatusCode = StatusCodes.Status401Unauthorized;
            response.ContentType = "text/plain; charset=utf-8";
            await response.WriteAsync("401: the dashboard needs the token printed when the run started (?token=...)\n").ConfigureAwait(false);
            return;
        }

        response.Headers.CacheControl = "no-store";
        string path = context.Request.Path.Value ?? "/";
        if (path == "/stream")
        {
            await Stream(context).ConfigureAwait(false);
            return;
        }

        string? name = path == "/" ? "index.html" : path.StartsWith("/assets/", StringComparison.Ordinal) ? path["/assets/".Length..] : null;
        if (name is null || Assets.Find(name) is not { } asset)
        {
            response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        byte[] bytes = asset.Bytes;
        // The page names its assets with the token (the browser sends no token on its own for <script src>).
        if (name == "index.html") bytes = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(bytes).Replace("__TOKEN__", _token.Value, StringComparison.Ordinal));
        response.ContentType = asset.ContentType;
        response.Headers["X-Content-Type-Options"] = "nosniff";
        response.Headers.ContentSecurityPolicy = "default-src 'self'; connect-src 'self'; img-src 'self' data:";
        await response.Body.WriteAsync(bytes, context.RequestAborted).ConfigureAwait(false);
    }

    private async Task Stream(HttpContext context)
    {
        var response = context.Response;
        response.ContentType = "text/event-stream";
        var client = _connect();
        try
        {
            var cancel = context.RequestAborted;
            await response.Body.WriteAsync(_meta(), cancel).ConfigureAwait(false);
            await response.Body.FlushAsync(cancel).ConfigureAwait(false);
            long reported = -1;
            while (!cancel.IsCancellationRequested)
            {
                byte[] frame = await client.TakeAsync(cancel).ConfigureAwait(false);
                await response.Body.WriteAsync(frame, cancel).ConfigureAwait(false);
                if (client.Dropped != reported)
                {
                    reported = client.Dropped;
                    await response.Body.WriteAsync(Encoding.UTF8.GetBytes($"event: client\ndata: {{\"dropped\":{reported}}}\n\n"), cancel).ConfigureAwait(false);
                }

                await response.Body.FlushAsync(cancel).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // the browser went away, or the dashboard stops
        }
        finally
        {
            _disconnect(client);
        }
    }

    public async ValueTask DisposeAsync()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        try
        {
            await _app.StopAsync(stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
