using System.Net;
using System.Text.Json;
using Gacere.ServiceDefaults;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;

namespace Gacere.UnitTests.Input;

/// <summary>
/// HTTP/2 has a per-header limit of its own in Kestrel (<c>Http2.MaxRequestHeaderFieldSize</c>, 16 KB by default), checked
/// while the headers are decoded: over it the whole connection is closed (a COMPRESSION_ERROR), no answer at all. A single
/// header within the platform's 32 KB must instead reach the input policy, which accepts it or answers with the same 431
/// problem as over HTTP/1.1. A real Kestrel on loopback speaking HTTP/2 only (prior knowledge, no TLS needed).
/// </summary>
public sealed class Http2HeaderLimitTests : IAsyncLifetime
{
    private WebApplication _app = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2));
        builder.AddInputPolicy();
        builder.Services.AddProblemDetails();
        // As at the gateway, the public door, where HTTP/2 arrives: the platform's limits exactly.
        builder.Services.Configure<InputLimits>(limits => limits.AtEdge = true);
        _app = builder.Build();
        _app.UseInputPolicy();
        _app.MapGet("/", () => "ok");
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        _client = new HttpClient { BaseAddress = new Uri(address) };
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task One_header_over_kestrels_default_field_size_but_within_the_platforms_limit_is_served()
    {
        using var response = await SendAsync(20 * 1024);

        Assert.Equal(HttpVersion.Version20, response.Version);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task One_header_over_the_platforms_limit_is_the_same_431_problem_naming_it_as_over_http_1_1()
    {
        using var response = await SendAsync(KestrelLimits.MaxHeadersTotalSize + 1);

        Assert.Equal(HttpStatusCode.RequestHeaderFieldsTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("The request headers are too large.", problem.RootElement.GetProperty("title").GetString());
        // Named as it arrived: HTTP/2 sends header names in lower case.
        Assert.Contains(problem.RootElement.GetProperty("errors").EnumerateObject(),
            error => error.Name.Equals("X-Padding", StringComparison.OrdinalIgnoreCase));
    }

    [Theory]
    [InlineData(0, HttpStatusCode.OK)]
    [InlineData(1, HttpStatusCode.RequestHeaderFieldsTooLarge)]
    public async Task A_request_exactly_at_every_platform_limit_is_served_over_http_2_too_and_one_byte_more_is_the_policys_431(int over, HttpStatusCode expected)
    {
        // HTTP/2 sends the URL as a header (:path), and the client counts every field as its name and value plus 32 bytes
        // against the total Kestrel advertises (SETTINGS_MAX_HEADER_LIST_SIZE), refusing to send over it once it has the
        // server's SETTINGS: a request at the platform's URL, header bytes and header lines limits at once must still fit.
        // A small request first, so that the connection has the server's SETTINGS whichever request the runner sends first
        // (without it the client's own check depended on that race).
        using (var first = await SendAsync(1))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }
        const string path = "/?padding=";
        using var request = new HttpRequestMessage(HttpMethod.Get, path + new string('a', KestrelLimits.MaxUrlLength - path.Length))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        var bytes = $"Host: {_client.BaseAddress!.Authority}\r\n".Length;
        for (var i = 1; i < KestrelLimits.MaxHeaderCount - 1; i++)
        {
            request.Headers.Add($"X-Line-{i}", "x");
            bytes += $"X-Line-{i}: x\r\n".Length;
        }
        request.Headers.Add("X-Padding", new string('a', KestrelLimits.MaxHeadersTotalSize - bytes - "X-Padding: \r\n".Length + over));

        using var response = await _client.SendAsync(request);

        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    private async Task<HttpResponseMessage> SendAsync(int padding)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/")
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        request.Headers.Add("X-Padding", new string('a', padding));
        return await _client.SendAsync(request);
    }
}
