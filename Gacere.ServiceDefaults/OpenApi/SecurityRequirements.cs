using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Gacere.ServiceDefaults;

/// <summary>A bearer token on every operation that needs one; an explicit empty requirement on anonymous ones.</summary>
internal sealed class SecurityRequirements : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        operation.Security = EndpointAccess.Of(context.Description).Anonymous
            ? []
            : [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(OpenApiDefaults.BearerScheme, context.Document)] = [] }];
        return Task.CompletedTask;
    }
}
