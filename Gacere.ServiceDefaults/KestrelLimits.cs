using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Gacere.ServiceDefaults;

/// <summary>
/// How long a request's URL and how large its headers may be, for every service and the gateway. Kestrel refuses a
/// request over its own limits before any middleware runs, with a bare status and no body (414, 431): so its limits
/// are set a little above the platform's, and the input policy (<see cref="InputPolicy.UseInputPolicy"/>) enforces the
/// platform's with an RFC 9457 problem naming the field (<c>url</c>, or the largest header). Only a request over
/// Kestrel's raised limits, or one that is not well-formed HTTP at all, still gets Kestrel's bare answer.
/// </summary>
public static class KestrelLimits
{
    /// <summary>The longest request target (path and query, as sent) accepted: Kestrel's own default request line.</summary>
    public const int MaxUrlLength = 8 * 1024;

    /// <summary>The most the request's header lines may add up to (names, values and separators): Kestrel's own default.</summary>
    public const int MaxHeadersTotalSize = 32 * 1024;

    /// <summary>The most header lines a request may carry: Kestrel's own default.</summary>
    public const int MaxHeaderCount = 100;

    /// <summary>Kestrel's request line: the target plus the method and the protocol around it, with room to spare.</summary>
    internal const int ServerRequestLineSize = MaxUrlLength + 1024;

    /// <summary>
    /// Kestrel's headers: the platform's, the forwarding allowance, and what an HTTP/2 client counts besides. Kestrel
    /// advertises this total as HTTP/2's SETTINGS_MAX_HEADER_LIST_SIZE, and a client (HttpClient among them, as RFC 9113
    /// §6.5.2 asks) refuses to send a request whose fields count more by its own measure: names and values plus 32 bytes a
    /// field, the URL among them as <c>:path</c>. A request at the platform's URL, header-byte and header-line limits at once
    /// is about 44 KB that way (it was refused by the client itself at the former 40 KB, once the server's SETTINGS had
    /// arrived before the request). About 49 KB; over HTTP/1.1 it only moves where Kestrel's bare 431 begins, well above
    /// the input policy's problem at 32 KB.
    /// </summary>
    internal const int ServerHeadersTotalSize =
        MaxHeadersTotalSize + ForwardingAllowanceBytes + MaxUrlLength + Http2FieldOverhead * (ServerHeaderCount + 5) + 1024;

    /// <summary>What an HTTP/2 header list's size counts for each field besides its name and value (RFC 9113 §6.5.2).</summary>
    private const int Http2FieldOverhead = 32;

    internal const int ServerHeaderCount = MaxHeaderCount + 20;

    /// <summary>
    /// What a service accepts beyond the platform's header limits: what the gateway adds when it forwards (X-Forwarded-*,
    /// traceparent, the correlation id). The gateway, the public door, enforces the platform's limits exactly
    /// (<see cref="InputLimits.AtEdge"/>); a service behind it must never refuse a request the gateway let through for
    /// headers its client did not send. Still under Kestrel's own limits above.
    /// </summary>
    public const int ForwardingAllowanceBytes = 4 * 1024, ForwardingAllowanceLines = 16;

    /// <summary>Kestrel's limits for every host: the body's (<see cref="InputPolicy.MaxRequestBodyBytes"/>), and the request line's and headers' just above the platform's.</summary>
    internal static void Apply(KestrelServerLimits limits)
    {
        limits.MaxRequestBodySize = InputPolicy.MaxRequestBodyBytes;
        limits.MaxRequestLineSize = ServerRequestLineSize;
        limits.MaxRequestHeadersTotalSize = ServerHeadersTotalSize;
        limits.MaxRequestHeaderCount = ServerHeaderCount;
        // HTTP/2 also limits each header on its own (16 KB by default, under the platform's 32 KB), checked while the headers
        // are decoded, before any middleware: over it Kestrel closes the whole connection (COMPRESSION_ERROR), with no answer
        // at all. At Kestrel's total instead, any header the total admits reaches the input policy, which accepts it or
        // answers with the same 431 problem as over HTTP/1.1. Cost: the HPACK decoder's buffers grow to a header's size only
        // when one that large arrives, and are then kept for the connection's life (up to about 3 × 49 KB instead of 3 × 16 KB
        // per connection that sent one). HTTP/3 is not enabled anywhere; a host that enables it gets the same limit.
        limits.Http2.MaxRequestHeaderFieldSize = ServerHeadersTotalSize;
        limits.Http3.MaxRequestHeaderFieldSize = ServerHeadersTotalSize;
    }

    /// <summary>What is wrong with the request's URL or headers, or null when both are within the platform's limits.</summary>
    public static (int Status, string Title, string Field, string Message)? FirstExceeded(HttpContext context, bool atEdge = true)
    {
        var target = context.Features.Get<IHttpRequestFeature>()?.RawTarget;
        if (target is not null && target.Length > MaxUrlLength)
        {
            return (StatusCodes.Status414RequestUriTooLong, "The request URL is too long.", "url",
                $"The URL (path and query) is {target.Length} characters; at most {MaxUrlLength} are accepted.");
        }
        return FirstExceeded(context.Request.Headers, atEdge);
    }

    /// <summary>The headers' part of <see cref="FirstExceeded(HttpContext, bool)"/>: too many lines, or too many bytes (naming the largest header).</summary>
    public static (int Status, string Title, string Field, string Message)? FirstExceeded(IHeaderDictionary headers, bool atEdge = true)
    {
        var maxLines = MaxHeaderCount + (atEdge ? 0 : ForwardingAllowanceLines);
        var maxBytes = MaxHeadersTotalSize + (atEdge ? 0 : ForwardingAllowanceBytes);
        var lines = 0;
        var total = 0L;
        var largest = (Name: "", Size: -1L);
        foreach (var (name, values) in headers)
        {
            var size = 0L;
            foreach (var value in values)
            {
                lines++;
                // As on the wire: "name: value\r\n".
                size += name.Length + 2 + (value?.Length ?? 0) + 2;
            }
            total += size;
            if (size > largest.Size)
            {
                largest = (name, size);
            }
        }
        if (lines > maxLines)
        {
            return (StatusCodes.Status431RequestHeaderFieldsTooLarge, "The request has too many headers.", "headers",
                $"The request has {lines} header lines; at most {maxLines} are accepted.");
        }
        if (total > maxBytes)
        {
            return (StatusCodes.Status431RequestHeaderFieldsTooLarge, "The request headers are too large.", largest.Name,
                $"The request headers are {total} bytes, at most {maxBytes} are accepted; '{largest.Name}' alone is {largest.Size}.");
        }
        return null;
    }
}

/// <summary>
/// Whether this host is the platform's public door (the gateway sets it), which enforces <see cref="KestrelLimits"/>' header
/// limits without the forwarding allowance. It counts the headers as the client sent them: the gateway adds its
/// <c>X-Correlation-Id</c> (and YARP its forwarding headers) to the proxied request only, which the services' allowance covers.
/// </summary>
public sealed class InputLimits
{
    /// <summary>True in the gateway; false (the default) in a service, which also accepts <see cref="KestrelLimits.ForwardingAllowanceBytes"/>.</summary>
    public bool AtEdge { get; set; }
}
