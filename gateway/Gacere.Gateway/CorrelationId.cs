using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Gacere.Gateway;

/// <summary>
/// Every request leaves the gateway with an <c>X-Correlation-Id</c>: the caller's when it is sane, else
/// the trace id, so a client's report, the gateway log and every service log share one key.
/// </summary>
internal static partial class CorrelationId
{
    public const string Header = "X-Correlation-Id";

    public static IApplicationBuilder UseCorrelationId(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var supplied = context.Request.Headers[Header].ToString();
        var correlationId = SafeValue().IsMatch(supplied)
            ? supplied
            : Activity.Current?.TraceId.ToString() ?? context.TraceIdentifier;

        context.Request.Headers[Header] = correlationId;
        Activity.Current?.SetTag("gacere.correlation_id", correlationId);
        context.Response.OnStarting(() =>
        {
            context.Response.Headers[Header] = correlationId;
            return Task.CompletedTask;
        });

        var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Gacere.Gateway");
        using (logger.BeginScope(new Dictionary<string, object> { ["CorrelationId"] = correlationId }))
        {
            await next(context);
        }
    });

    [GeneratedRegex("^[A-Za-z0-9._-]{1,64}$")]
    private static partial Regex SafeValue();
}
