using System.Collections;
using System.Diagnostics;
using System.Text.RegularExpressions;
using Yarp.ReverseProxy.Transforms;

namespace Gacere.Gateway;

/// <summary>
/// Every request leaves the gateway with an <c>X-Correlation-Id</c>: the caller's when it is sane, else
/// the trace id, so a client's report, the gateway log and every service log share one key.
/// The id is kept in <see cref="HttpContext.Items"/>, not written into the client's request headers: the input policy
/// judges the headers the client sent against the platform's limits (<c>InputLimits.AtEdge</c>), and one the gateway added
/// would take a request exactly at a limit over it. The forwarded request gets it from a YARP request transform
/// (<see cref="Forward"/>), which the services' forwarding allowance covers; the response and the log scope as before.
/// </summary>
internal static partial class CorrelationId
{
    public const string Header = "X-Correlation-Id";

    /// <summary>The key of the request's id in <see cref="HttpContext.Items"/>.</summary>
    private static readonly object ItemKey = new();

    /// <summary>The id chosen for this request, or null before (or without) the middleware.</summary>
    public static string? Of(HttpContext context) => context.Items.TryGetValue(ItemKey, out var id) ? id as string : null;

    /// <summary>
    /// The proxied request carries the request's id, replacing whatever the client sent under that name (an unsafe value is
    /// never forwarded).
    /// </summary>
    public static ValueTask Forward(RequestTransformContext transform)
    {
        // Removed whatever happens: the input policy lets the client's X-Correlation-Id through unchecked, because it is
        // never forwarded as sent (without the middleware's id, none is).
        RequestTransform.RemoveHeader(transform, Header);
        if (Of(transform.HttpContext) is { } id)
        {
            RequestTransform.AddHeader(transform, Header, id);
        }
        return ValueTask.CompletedTask;
    }

    public static IApplicationBuilder UseCorrelationId(this IApplicationBuilder app)
    {
        // One logger for the host's lifetime (issue 13: it was created, under the factory's lock, per request).
        var logger = app.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger("Gacere.Gateway");
        return app.Use(async (context, next) =>
        {
            var supplied = context.Request.Headers[Header].ToString();
            var correlationId = SafeValue().IsMatch(supplied)
                ? supplied
                : Activity.Current?.TraceId.ToString() ?? context.TraceIdentifier;

            context.Items[ItemKey] = correlationId;
            Activity.Current?.SetTag("gacere.correlation_id", correlationId);
            context.Response.OnStarting(static state =>
            {
                var (response, id) = ((HttpResponse, string))state;
                response.Headers[Header] = id;
                return Task.CompletedTask;
            }, (context.Response, correlationId));

            using (logger.BeginScope(new Scope(correlationId)))
            {
                await next(context);
            }
        });
    }

    [GeneratedRegex("^[A-Za-z0-9._-]{1,64}$")]
    private static partial Regex SafeValue();

    /// <summary>The log scope <c>{"CorrelationId": "…"}</c>, one small object instead of a dictionary per request.</summary>
    private sealed class Scope(string correlationId) : IReadOnlyList<KeyValuePair<string, object>>
    {
        public int Count => 1;

        public KeyValuePair<string, object> this[int index] =>
            index == 0 ? new("CorrelationId", correlationId) : throw new ArgumentOutOfRangeException(nameof(index));

        public IEnumerator<KeyValuePair<string, object>> GetEnumerator()
        {
            yield return this[0];
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        public override string ToString() => $"CorrelationId:{correlationId}";
    }
}
