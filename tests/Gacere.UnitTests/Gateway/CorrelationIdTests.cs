extern alias gateway;
using gateway::Gacere.Gateway;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Yarp.ReverseProxy.Transforms;

namespace Gacere.UnitTests.Gateway;

/// <summary>
/// The gateway's correlation id travels beside the client's request, not in it: the input policy after the middleware sees
/// the headers exactly as the client sent them (so a request at the platform's header limits is judged on what its client
/// sent), and the proxied request carries the gateway's id in place of whatever the client sent under that name.
/// </summary>
public sealed class CorrelationIdTests
{
    [Theory]
    [InlineData("client-report.42", "client-report.42")]
    [InlineData("a b;c", null)]
    [InlineData(null, null)]
    public async Task The_clients_headers_stay_as_sent_and_the_proxied_request_carries_the_gateways_id(string? sent, string? kept)
    {
        var context = new DefaultHttpContext();
        if (sent is not null)
        {
            context.Request.Headers[CorrelationId.Header] = sent;
        }
        var seenByTheNextMiddleware = new Dictionary<string, string>();
        string? chosen = null;
        var app = new ApplicationBuilder(new ServiceCollection().AddLogging().BuildServiceProvider());
        app.UseCorrelationId();
        app.Run(next =>
        {
            foreach (var (name, values) in next.Request.Headers)
            {
                seenByTheNextMiddleware[name] = values.ToString();
            }
            chosen = CorrelationId.Of(next);
            return Task.CompletedTask;
        });

        await app.Build()(context);

        // What the input policy counts: the client's headers and nothing else.
        Assert.Equal(sent is null ? [] : [CorrelationId.Header], seenByTheNextMiddleware.Keys);
        Assert.Equal(sent, seenByTheNextMiddleware.GetValueOrDefault(CorrelationId.Header));
        Assert.NotNull(chosen);
        Assert.Matches("^[A-Za-z0-9._-]{1,64}$", chosen);
        if (kept is not null)
        {
            Assert.Equal(kept, chosen);
        }

        // YARP has copied the client's headers to the proxied request; the transform puts the gateway's id in their place.
        using var proxyRequest = new HttpRequestMessage(HttpMethod.Get, "http://service/");
        if (sent is not null)
        {
            proxyRequest.Headers.TryAddWithoutValidation(CorrelationId.Header, sent);
        }
        await CorrelationId.Forward(new RequestTransformContext
        {
            HttpContext = context,
            ProxyRequest = proxyRequest,
            HeadersCopied = true,
            Path = context.Request.Path,
            Query = new QueryTransformContext(context.Request),
            DestinationPrefix = "http://service",
        });
        Assert.Equal([chosen], proxyRequest.Headers.GetValues(CorrelationId.Header));
    }

    [Theory]
    [InlineData("plain-ascii value\twith tab", true)]
    [InlineData("clé-ü", false)]
    [InlineData("line\nbreak", false)]
    [InlineData("del\u007f", false)]
    [InlineData("", true)]
    public void A_header_value_is_forwardable_only_as_printable_ascii(string value, bool forwardable) =>
        Assert.Equal(forwardable, MalformedHeaders.IsFieldValue(value));

    [Fact]
    public void A_clients_unusable_correlation_id_is_replaced_not_refused_but_any_other_malformed_header_is_named()
    {
        var headers = new HeaderDictionary { [CorrelationId.Header] = "名前" };
        Assert.Null(MalformedHeaders.FirstMalformed(headers));

        headers["X-Custom"] = "名前";
        Assert.Equal("X-Custom", MalformedHeaders.FirstMalformed(headers));
    }
}
