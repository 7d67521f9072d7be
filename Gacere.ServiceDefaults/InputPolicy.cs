using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Net.Http.Headers;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// One binding policy for every service and the gateway, so that a class of bad input is refused once,
/// as a 400 problem naming the field, before it can reach a handler or the database: text without NUL,
/// enums that accept exactly one declared code, JSON only in UTF-8, bodies of a sane size.
/// </summary>
public static class InputPolicy
{
    /// <summary>The most any request body may be, service or gateway; the gateway's routes set tighter limits.</summary>
    public const long MaxRequestBodyBytes = 64 * 1024;

    public static IHostApplicationBuilder AddInputPolicy(this IHostApplicationBuilder builder)
    {
        builder.Services.ConfigureHttpJsonOptions(options =>
        {
            // Inserted first: a service's own converters must not take over strings or enums.
            options.SerializerOptions.Converters.Insert(0, new TextWithoutNulConverter());
            options.SerializerOptions.Converters.Insert(1, new ExactEnumCodeConverter());
        });
        // Called directly (behind the gateway, or by a careless neighbour), a service still caps bodies.
        builder.Services.Configure<KestrelServerOptions>(options => options.Limits.MaxRequestBodySize = MaxRequestBodyBytes);
        return builder;
    }

    /// <summary>
    /// Refuses, before a handler tries to read it, a body declared larger than the server accepts (413) and
    /// JSON in any charset but UTF-8 (RFC 8259 §8.1; 415), each with a problem naming what is wrong.
    /// </summary>
    public static IApplicationBuilder UseInputPolicy(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
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
        await next(context);
    });

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

/// <summary>
/// A JSON value the policy refuses. Its message is meant for the client; <see cref="BadRequestExceptionHandler"/>
/// puts it under the field's JSON path.
/// </summary>
public sealed class RefusedInputException(string message) : JsonException(message);

/// <summary>Strings as usual, except that a NUL character is refused: PostgreSQL cannot store it in text (22021).</summary>
public sealed class TextWithoutNulConverter : JsonConverter<string>
{
    public override bool HandleNull => false;

    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new RefusedInputException("Give a string.");
        }
        var text = reader.GetString()!;
        return text.Contains('\0', StringComparison.Ordinal)
            ? throw new RefusedInputException("The text contains a NUL character (\\u0000), which is not allowed.")
            : text;
    }

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);

    // Dictionary keys (problem details' "errors", for one) go through the same converter.
    public override string ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var name = reader.GetString()!;
        return name.Contains('\0', StringComparison.Ordinal)
            ? throw new RefusedInputException("A property name contains a NUL character (\\u0000), which is not allowed.")
            : name;
    }

    public override void WriteAsPropertyName(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WritePropertyName(value);
}

/// <summary>
/// Enums on the wire as their snake_case codes ("national_government"), read as exactly one declared
/// code: no numbers, no "a, b" lists read as bit flags, no other spelling.
/// </summary>
public sealed class ExactEnumCodeConverter : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) => typeToConvert.IsEnum;

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(Converter<>).MakeGenericType(typeToConvert))!;

    /// <summary>The code of each value: the member's name in snake_case.</summary>
    public static string Code<TEnum>(TEnum value) where TEnum : struct, Enum => Codes<TEnum>.ByValue[value];

    public static bool TryParse<TEnum>(string? code, out TEnum value) where TEnum : struct, Enum =>
        Codes<TEnum>.ByCode.TryGetValue(code ?? "", out value);

    public static IReadOnlyList<string> AllCodes<TEnum>() where TEnum : struct, Enum => Codes<TEnum>.All;

    private static class Codes<TEnum> where TEnum : struct, Enum
    {
        public static readonly Dictionary<TEnum, string> ByValue =
            Enum.GetValues<TEnum>().Distinct().ToDictionary(v => v, v => JsonNamingPolicy.SnakeCaseLower.ConvertName(v.ToString()));
        public static readonly Dictionary<string, TEnum> ByCode = ByValue.ToDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal);
        public static readonly string[] All = [.. ByValue.Values];
    }

    private sealed class Converter<TEnum> : JsonConverter<TEnum> where TEnum : struct, Enum
    {
        public override TEnum Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.String && TryParse<TEnum>(reader.GetString(), out var value)
                ? value
                : throw new RefusedInputException($"Give exactly one of: {string.Join(", ", AllCodes<TEnum>())}.");

        public override void Write(Utf8JsonWriter writer, TEnum value, JsonSerializerOptions options) =>
            writer.WriteStringValue(Codes<TEnum>.ByValue.TryGetValue(value, out var code)
                ? code
                : throw new JsonException($"{value} is not a declared {typeof(TEnum).Name}."));
    }
}
