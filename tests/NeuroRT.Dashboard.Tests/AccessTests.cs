using System.Net;
using System.Net.Http;

namespace NeuroRT.Dashboard.Tests;

/// <summary>The page, its assets and the stream require the token; the server listens on loopback by default.</summary>
public sealed class AccessTests : IDisposable
{
    private readonly LiveDashboard _dashboard = new();
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(20) };

    public AccessTests() => _dashboard.Start();

    public void Dispose()
    {
        _http.Dispose();
        _dashboard.Dispose();
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/stream")]
    [InlineData("/assets/app.js")]
    [InlineData("/nothing")]
    public async Task Without_the_token_every_request_is_refused_with_401(string path)
    {
        using var response = await _http.GetAsync(_dashboard.Address + path);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        using var wrong = await _http.GetAsync(_dashboard.Address + path + "?token=" + new string('A', 43));
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        using var shorter = await _http.GetAsync(_dashboard.Address + path + "?token=" + _dashboard.Token[..20]);
        Assert.Equal(HttpStatusCode.Unauthorized, shorter.StatusCode);
    }

    [Fact]
    public async Task With_the_token_the_page_names_its_assets_with_it_and_they_are_served()
    {
        Assert.StartsWith("http://127.0.0.1:", _dashboard.Url);
        Assert.Matches("^[A-Za-z0-9_-]{43}$", _dashboard.Token);
        string page = await _http.GetStringAsync(_dashboard.Url);
        Assert.Contains($"/assets/app.js?token={_dashboard.Token}", page);
        Assert.DoesNotContain("__TOKEN__", page);
        using var script = await _http.GetAsync($"{_dashboard.Address}/assets/app.js?token={_dashboard.Token}");
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        Assert.Equal("text/javascript", script.Content.Headers.ContentType?.MediaType);
        using var missing = await _http.GetAsync($"{_dashboard.Address}/assets/other.js?token={_dashboard.Token}");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task The_dashboard_is_read_only()
    {
        using var post = await _http.PostAsync($"{_dashboard.Address}/?token={_dashboard.Token}", new StringContent("x"));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, post.StatusCode);
    }
}
