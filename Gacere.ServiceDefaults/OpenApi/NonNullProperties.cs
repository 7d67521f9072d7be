using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Gacere.ServiceDefaults;

/// <summary>
/// Finds the properties that are never null: those with <c>[Required]</c> (a request's field must be sent,
/// with a value) and those whose C# type is not nullable (a response's). They are listed as required and
/// remembered in the schema's metadata; <see cref="SchemaCleanup"/> drops their null in the finished document,
/// where every reference is in place. A nullable response field stays required (always sent) and nullable.
/// </summary>
internal sealed class NonNullProperties : IOpenApiSchemaTransformer
{
    public const string MetadataKey = "gacere-non-null";

    private static readonly NullabilityInfoContext Nullability = new();

    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        // JsonTypeInfo is the schema's own type, also where the schema is a property's (then JsonPropertyInfo is that property).
        if (context.JsonTypeInfo.Kind != JsonTypeInfoKind.Object || schema.Properties is null)
        {
            return Task.CompletedTask;
        }
        foreach (var property in context.JsonTypeInfo.Properties)
        {
            if (schema.Properties.ContainsKey(property.Name) && IsNeverNull(property))
            {
                schema.Required ??= new HashSet<string>();
                schema.Required.Add(property.Name);
                schema.Metadata ??= new Dictionary<string, object>();
                if (schema.Metadata.TryGetValue(MetadataKey, out var known) && known is HashSet<string> names)
                {
                    names.Add(property.Name);
                }
                else
                {
                    schema.Metadata[MetadataKey] = new HashSet<string> { property.Name };
                }
            }
        }
        return Task.CompletedTask;
    }

    private static bool IsNeverNull(JsonPropertyInfo property)
    {
        var member = property.AttributeProvider as MemberInfo;
        if (member?.GetCustomAttribute<RequiredAttribute>() is not null)
        {
            return true;
        }
        if (property.PropertyType.IsValueType)
        {
            return Nullable.GetUnderlyingType(property.PropertyType) is null;
        }
        var nullability = member switch
        {
            PropertyInfo p => Nullability.Create(p).ReadState,
            FieldInfo f => Nullability.Create(f).ReadState,
            _ => NullabilityState.Unknown,
        };
        return nullability == NullabilityState.NotNull;
    }
}
