using System.Buffers;
using Microsoft.AspNetCore.Mvc;

namespace Gacere.Gateway;

/// <summary>
/// Refuses a request whose header values are not visible ASCII with a 400 problem naming the header.
/// Such a value cannot be forwarded (HTTP/1.1 field values are ASCII to every hop), and a forward that
/// fails mid-way is a 502 the client cannot act on; the client's mistake is its own to fix.
/// </summary>
internal static class MalformedHeaders
{
    public static IApplicationBuilder UseMalformedHeaderRefusal(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (FirstMalformed(context.Request.Headers) is { } header)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails = new HttpValidationProblemDetails(new Dictionary<string, string[]>
                {
                    [header] = ["The header's value must be printable ASCII (no control or non-ASCII characters)."],
                })
                {
                    Status = StatusCodes.Status400BadRequest,
                    Title = "A request header is malformed.",
                },
            });
            return;
        }
        await next(context);
    });

    internal static string? FirstMalformed(IHeaderDictionary headers)
    {
        foreach (var (name, values) in headers)
        {
            // The client's correlation id is never forwarded as sent: the gateway forwards its own (CorrelationId).
            if (name.Equals(CorrelationId.Header, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }
            foreach (var value in values)
            {
                if (value is not null && !IsFieldValue(value))
                {
                    return name;
                }
            }
        }
        return null;
    }

    /// <summary>RFC 9110 field-value, restricted to ASCII: visible characters, spaces and tabs.</summary>
    private static readonly SearchValues<char> FieldValueChars =
        SearchValues.Create("\t" + string.Concat(Enumerable.Range(' ', '~' - ' ' + 1).Select(c => (char)c)));

    /// <summary>Every character a <see cref="FieldValueChars"/> one: one vectorised scan, not a loop per character (it runs on every header of every request).</summary>
    internal static bool IsFieldValue(string value) => !value.AsSpan().ContainsAnyExcept(FieldValueChars);
}
