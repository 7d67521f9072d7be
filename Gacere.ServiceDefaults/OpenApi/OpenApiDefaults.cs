using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;

namespace Gacere.ServiceDefaults;

/// <summary>
/// The OpenAPI document every service serves at <c>/openapi/v1.json</c> (and the gateway at
/// <c>/docs/openapi/{service}.json</c>), shaped so that a client generated from it works as it is:
/// string enums of the wire codes, required means non-null, integers as integers, every error answer
/// with its problem type, the bearer scheme on every operation that needs a token, and the gateway as server.
/// </summary>
public static class OpenApiDefaults
{
    public const string BearerScheme = "bearer";

    public static IServiceCollection AddGacereOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(options =>
        {
            options.AddSchemaTransformer<NonNullProperties>();
            options.AddOperationTransformer<CodeListParameters>();
            options.AddOperationTransformer<ErrorResponses>();
            options.AddOperationTransformer<SecurityRequirements>();
            options.AddDocumentTransformer((document, _, _) =>
            {
                // Relative to the document's own address: through the gateway, the gateway (never a service's internal port).
                document.Servers = [new OpenApiServer { Url = "/", Description = "The GACERE gateway that serves this document" }];
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = "bearer",
                    BearerFormat = "JWT",
                    Description = "A JWT from the Alliance's identity provider (development: ./gacere token secretariat).",
                };
                SchemaCleanup.Apply(document);
                return Task.CompletedTask;
            });
        });
}
