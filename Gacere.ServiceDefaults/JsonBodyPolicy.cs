using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using HttpJsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace Gacere.ServiceDefaults;

/// <summary>
/// Reads a JSON request body once against the type the endpoint binds it to, before binding, and refuses
/// what binding would let through: a NUL character in any text or property name (PostgreSQL cannot store
/// it, 22021), and an enum that is not exactly one declared code ("observer,strategic_partner" binds as the
/// bit flags 1|2 = supporting_stakeholder; "2" or 2 as a number). The converters stay the built-in ones, so
/// the OpenAPI documents keep describing strings and listing enum codes.
/// </summary>
public static class JsonBodyPolicy
{
    private const int MaxDepth = 64;

    public readonly record struct Violation(string Field, string Message);

    /// <summary>The first violation in the request's JSON body, or null (also when the body is not JSON: binding answers that).</summary>
    public static async Task<Violation?> FirstViolationAsync(HttpContext context)
    {
        var bodyType = context.GetEndpoint()?.Metadata.GetMetadata<IAcceptsMetadata>()?.RequestType;
        if (bodyType is null || !IsJson(context.Request.ContentType) || context.Request.ContentLength == 0)
        {
            return null;
        }
        context.Request.EnableBuffering();
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(context.Request.Body, new JsonDocumentOptions { MaxDepth = MaxDepth }, context.RequestAborted);
        }
        catch (JsonException)
        {
            return null;
        }
        finally
        {
            context.Request.Body.Position = 0;
        }
        using (document)
        {
            var options = context.RequestServices.GetRequiredService<IOptions<HttpJsonOptions>>().Value.SerializerOptions;
            return FirstViolation(document.RootElement, bodyType, options);
        }
    }

    /// <summary>The first violation in <paramref name="body"/> read as a <paramref name="type"/>; fields are named by their JSON path ("organisation.orgType").</summary>
    public static Violation? FirstViolation(JsonElement body, Type? type, JsonSerializerOptions options) =>
        Check(body, type, options, "");

    /// <summary>The codes an enum accepts on the wire: each member's name in snake_case, as the configured converter writes them.</summary>
    public static IReadOnlyList<string> Codes(Type enumType) =>
        [.. Enum.GetNames(enumType).Select(JsonNamingPolicy.SnakeCaseLower.ConvertName)];

    private static Violation? Check(JsonElement element, Type? type, JsonSerializerOptions options, string path)
    {
        var enumType = type is null ? null : Nullable.GetUnderlyingType(type) ?? type;
        if (enumType is { IsEnum: false })
        {
            enumType = null;
        }
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                if (!TryGetText(element, out var text))
                {
                    return null; // not valid UTF-16: binding refuses it
                }
                if (text.Contains('\0', StringComparison.Ordinal))
                {
                    return new Violation(Field(path), "The text contains a NUL character (\\u0000), which is not allowed.");
                }
                return enumType is not null && !Codes(enumType).Contains(text, StringComparer.Ordinal) ? NotOneCode(path, enumType) : null;
            case JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False:
                return enumType is not null ? NotOneCode(path, enumType) : null;
            case JsonValueKind.Object:
                var objectInfo = TypeInfo(type, options);
                foreach (var property in element.EnumerateObject())
                {
                    var propertyPath = path.Length == 0 ? property.Name : $"{path}.{property.Name}";
                    if (property.Name.Contains('\0', StringComparison.Ordinal))
                    {
                        return new Violation(Field(propertyPath), "The property name contains a NUL character (\\u0000), which is not allowed.");
                    }
                    var propertyType = objectInfo?.Kind switch
                    {
                        JsonTypeInfoKind.Object => objectInfo.Properties.FirstOrDefault(p => string.Equals(p.Name, property.Name,
                            options.PropertyNameCaseInsensitive ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal))?.PropertyType,
                        JsonTypeInfoKind.Dictionary => objectInfo.ElementType,
                        _ => null,
                    };
                    if (Check(property.Value, propertyType, options, propertyPath) is { } violation)
                    {
                        return violation;
                    }
                }
                return null;
            case JsonValueKind.Array:
                var arrayInfo = TypeInfo(type, options);
                var itemType = arrayInfo?.Kind == JsonTypeInfoKind.Enumerable ? arrayInfo.ElementType : null;
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    if (Check(item, itemType, options, $"{path}[{index++}]") is { } violation)
                    {
                        return violation;
                    }
                }
                return null;
            default:
                return null;
        }
    }

    private static Violation NotOneCode(string path, Type enumType) =>
        new(Field(path), $"Give exactly one of: {string.Join(", ", Codes(enumType))}.");

    private static string Field(string path) => path.Length == 0 ? "body" : path;

    private static JsonTypeInfo? TypeInfo(Type? type, JsonSerializerOptions options)
    {
        if (type is null || type == typeof(object))
        {
            return null;
        }
        try
        {
            return options.GetTypeInfo(type);
        }
        catch (Exception ex) when (ex is NotSupportedException or InvalidOperationException or ArgumentException)
        {
            return null;
        }
    }

    private static bool TryGetText(JsonElement element, out string text)
    {
        try
        {
            text = element.GetString()!;
            return true;
        }
        catch (InvalidOperationException)
        {
            text = "";
            return false;
        }
    }

    private static bool IsJson(string? contentType) =>
        contentType is not null && Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(contentType, out var media) &&
        (media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase) ||
         media.MediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase));
}
