using Scalar.AspNetCore;

namespace Gacere.Gateway;

/// <summary>One API reference page (<c>/docs</c>) over the OpenAPI documents of every service.</summary>
internal static class ApiReference
{
    public static readonly (string Name, string Title)[] Services =
    [
        (ResourceNames.Membership, "Membership"),
        (ResourceNames.PolicyMapping, "Policy mapping"),
        (ResourceNames.Partnerships, "Partnerships"),
        (ResourceNames.Events, "Events"),
    ];

    public static WebApplication MapApiReference(this WebApplication app)
    {
        app.MapScalarApiReference("/docs", options =>
        {
            options.WithTitle("GACERE platform API");
            // Each document is proxied from its service by the "<name>-openapi" route in appsettings.json.
            options.WithOpenApiRoutePattern("/docs/openapi/{documentName}.json");
            foreach (var (name, title) in Services)
            {
                options.AddDocument(name, title);
            }
        }).AllowAnonymous();
        return app;
    }
}
