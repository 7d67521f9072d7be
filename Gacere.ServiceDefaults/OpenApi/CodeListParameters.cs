using Microsoft.AspNetCore.Mvc.Infrastructure;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using System.Reflection;

namespace Gacere.ServiceDefaults;

/// <summary>
/// Documents a text query parameter as taking the wire codes of <paramref name="enumType"/>. The handler still
/// reads the text and answers an unknown code with a 400 naming the field; the document lets a generated
/// client offer the enum instead of a free string.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class CodesOfAttribute(Type enumType) : Attribute
{
    public Type EnumType { get; } = enumType.IsEnum ? enumType : throw new ArgumentException($"{enumType} is not an enum.", nameof(enumType));
}

/// <summary>Turns each query parameter marked <see cref="CodesOfAttribute"/> into a reference to its enum's schema.</summary>
internal sealed class CodeListParameters : IOpenApiOperationTransformer
{
    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        foreach (var description in context.Description.ParameterDescriptions)
        {
            var codes = (description.ParameterDescriptor as IParameterInfoParameterDescriptor)?.ParameterInfo.GetCustomAttribute<CodesOfAttribute>();
            if (codes is null || operation.Parameters?.FirstOrDefault(p => p.Name == description.Name) is not OpenApiParameter parameter)
            {
                continue;
            }
            var id = codes.EnumType.Name;
            var document = context.Document!;
            if (document.Components?.Schemas?.ContainsKey(id) != true)
            {
                document.AddComponent(id, await context.GetOrCreateSchemaAsync(codes.EnumType, cancellationToken: cancellationToken));
            }
            parameter.Schema = new OpenApiSchemaReference(id, document);
        }
    }
}
