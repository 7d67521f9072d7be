using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Microsoft.Extensions.Hosting;

namespace Gacere.ServiceDefaults;

/// <summary>
/// One binding policy for every service and the gateway, so that a class of bad input is refused once,
/// as a problem naming the field, before it can reach a handler or the database: text without NUL and
/// enums that accept exactly one declared code (<see cref="JsonBodyPolicy"/>), JSON only in UTF-8, bodies
/// of a sane size, URLs and headers within the platform's limits (<see cref="KestrelLimits"/>).
/// </summary>
public static class InputPolicy
{
    /// <summary>The most any request body may be, service or gateway; the gateway's routes set tighter limits.</summary>
    public const long MaxRequestBodyBytes = 64 * 1024;

    public static IHostApplicationBuilder AddInputPolicy(this IHostApplicationBuilder builder)
    {
        // DOMAIN.md's codes on the wire ("national_government"), numbers refused. The built-in converter stays,
        // because the OpenAPI documents list its codes; JsonBodyPolicy refuses what it would wrongly accept.
        builder.Services.ConfigureHttpJsonOptions(options => options.SerializerOptions.Converters.Insert(0,
            new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false)));
        // Called directly (behind the gateway, or by a careless neighbour), a service still caps bodies; the request
        // line and the headers are capped a little above the platform's limits, which UseInputPolicy enforces.
        builder.Services.Configure<KestrelServerOptions>(options => KestrelLimits.Apply(options.Limits));
        return builder;
    }

    /// <summary>
    /// Refuses a URL longer than the platform accepts (414) and headers larger (431) (<see cref="KestrelLimits"/>), then,
    /// before a handler tries to read it, a body declared larger than the server accepts (413) and JSON in any charset but
    /// UTF-8 (RFC 8259 §8.1; 415), each with a problem naming what is wrong.
    /// </summary>
    public static IApplicationBuilder UseInputPolicy(this IApplicationBuilder app)
    {
        var atEdge = app.ApplicationServices.GetRequiredService<IOptions<InputLimits>>().Value.AtEdge;
        return app.Use(async (context, next) =>
        {
            if (KestrelLimits.FirstExceeded(context, atEdge) is { } exceeded)
            {
                await RefuseAsync(context, exceeded.Status, exceeded.Title, exceeded.Field, exceeded.Message);
                return;
            }
            var limit = context.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize;
            if (limit is not null && context.Request.ContentLength > limit)
            {
                await RefuseAsync(context, StatusCodes.Status413PayloadTooLarge, "The request body is too large.",
                    "body", $"The request body is {context.Request.ContentLength} bytes; at most {limit} are accepted.");
                return;
            }
            if (UnsupportedCharset(context.Request.ContentType) is { } charset)
            {
                await RefuseAsync(context, StatusCodes.Status415UnsupportedMediaType, "The request body's encoding is not supported.",
                    HeaderNames.ContentType, $"The charset '{charset}' is not accepted; send JSON in UTF-8 (or give no charset).");
                return;
            }
            if (await JsonBodyPolicy.FirstViolationAsync(context) is { } violation)
            {
                await RefuseAsync(context, StatusCodes.Status400BadRequest, "One or more validation errors occurred.", violation.Field, violation.Message);
                return;
            }
            await next(context);
        });
    }

    /// <summary>
    /// A body found too large while it streams (no Content-Length) is refused by the server with a bare 413;
    /// its problem still names the body.
    /// </summary>
    public static void NameTheOversizedBody(ProblemDetails problem)
    {
        if (problem.Status == StatusCodes.Status413PayloadTooLarge && problem is not HttpValidationProblemDetails)
        {
            problem.Extensions.TryAdd("errors", new Dictionary<string, string[]>
            {
                ["body"] = ["The request body is larger than this endpoint accepts."],
            });
        }
    }

    private static async Task RefuseAsync(HttpContext context, int status, string title, string field, string message)
    {
        context.Response.StatusCode = status;
        await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [message] })
            {
                Status = status,
                Title = title,
            },
        });
    }

    /// <summary>The charset a JSON content type names when it is not UTF-8; null when the content type is acceptable or not JSON.</summary>
    public static string? UnsupportedCharset(string? contentType)
    {
        if (string.IsNullOrEmpty(contentType) || !MediaTypeHeaderValue.TryParse(contentType, out var mediaType))
        {
            return null;
        }
        var media = mediaType.MediaType.Value ?? "";
        var isJson = media.Equals("application/json", StringComparison.OrdinalIgnoreCase) ||
                     media.EndsWith("+json", StringComparison.OrdinalIgnoreCase);
        if (!isJson || mediaType.Charset.Value is not { } charset)
        {
            return null;
        }
        var name = charset.Trim('"');
        return name.Equals("utf-8", StringComparison.OrdinalIgnoreCase) || name.Equals("utf8", StringComparison.OrdinalIgnoreCase)
            ? null
            : name;
    }
}
