using System.Text.Json.Nodes;
using Microsoft.OpenApi;

namespace Gacere.ServiceDefaults;

/// <summary>
/// The last pass over a finished document, where every schema and reference is in place:
/// <list type="bullet">
/// <item>an enum lists its codes only (no null) and says it is a string;</item>
/// <item>an integer is an integer: the "or a numeric string" the default JSON options read is not advertised;</item>
/// <item>a property that is never null (<see cref="NonNullProperties"/>) loses its null: <c>["null","string"]</c> becomes
/// <c>"string"</c>, <c>oneOf [null, $ref]</c> the <c>$ref</c>.</item>
/// </list>
/// </summary>
internal static class SchemaCleanup
{
    public static void Apply(OpenApiDocument document)
    {
        var visited = new HashSet<IOpenApiSchema>(ReferenceEqualityComparer.Instance);
        foreach (var schema in document.Components?.Schemas?.Values ?? Enumerable.Empty<IOpenApiSchema>())
        {
            Visit(schema, visited);
        }
        foreach (var operation in (document.Paths?.Values ?? Enumerable.Empty<IOpenApiPathItem>()).SelectMany(path => path.Operations?.Values ?? Enumerable.Empty<OpenApiOperation>()))
        {
            foreach (var parameter in operation.Parameters ?? [])
            {
                Visit(parameter.Schema, visited);
            }
            foreach (var media in operation.RequestBody?.Content?.Values ?? [])
            {
                Visit(media.Schema, visited);
            }
            foreach (var response in operation.Responses?.Values ?? Enumerable.Empty<IOpenApiResponse>())
            {
                foreach (var media in response.Content?.Values ?? [])
                {
                    Visit(media.Schema, visited);
                }
            }
        }
    }

    private static void Visit(IOpenApiSchema? candidate, HashSet<IOpenApiSchema> visited)
    {
        // References are visited where they point: in the components.
        if (candidate is not OpenApiSchema schema || !visited.Add(schema))
        {
            return;
        }
        CodesOnly(schema);
        IntegersOnly(schema);
        NeverNull(schema);

        foreach (var child in (schema.Properties?.Values ?? []).Concat(schema.OneOf ?? []).Concat(schema.AnyOf ?? []).Concat(schema.AllOf ?? []))
        {
            Visit(child, visited);
        }
        Visit(schema.Items, visited);
        Visit(schema.AdditionalProperties, visited);
    }

    private static void CodesOnly(OpenApiSchema schema)
    {
        if (schema.Enum is not { Count: > 0 } values)
        {
            return;
        }
        var codes = values.Where(value => value is not null).ToList();
        if (codes.Count > 0 && codes.All(value => value is JsonValue json && json.GetValueKind() == System.Text.Json.JsonValueKind.String))
        {
            schema.Enum = codes;
            schema.Type = JsonSchemaType.String;
        }
    }

    private static void IntegersOnly(OpenApiSchema schema)
    {
        if (schema.Type is { } type && type.HasFlag(JsonSchemaType.String) &&
            (type.HasFlag(JsonSchemaType.Integer) || type.HasFlag(JsonSchemaType.Number)))
        {
            schema.Type = type & ~JsonSchemaType.String;
            schema.Pattern = null;
        }
    }

    private static void NeverNull(OpenApiSchema schema)
    {
        if (schema.Metadata?.TryGetValue(NonNullProperties.MetadataKey, out var value) != true || value is not HashSet<string> names ||
            schema.Properties is null)
        {
            return;
        }
        foreach (var name in names)
        {
            if (!schema.Properties.TryGetValue(name, out var property))
            {
                continue;
            }
            if (property is OpenApiSchema { Type: { } type } inline && type.HasFlag(JsonSchemaType.Null))
            {
                inline.Type = type & ~JsonSchemaType.Null;
            }
            else if (property is OpenApiSchema { OneOf: { Count: 2 } choices } wrapper && choices.Count(IsNull) == 1)
            {
                var target = choices.Single(choice => !IsNull(choice));
                if (target is OpenApiSchemaReference reference && wrapper.Description is { } description)
                {
                    reference.Description = description;
                }
                schema.Properties[name] = target;
            }
        }
    }

    private static bool IsNull(IOpenApiSchema schema) => schema is OpenApiSchema { Type: JsonSchemaType.Null };
}
