using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Gacere.ServiceDefaults;

/// <summary>
/// Every error answer an operation can give, each as <c>application/problem+json</c> with its problem type:
/// what the service answers (400 binding and validation, 401 and 403 from authorization, 404 for an unknown
/// id, the 409s it declares) and what the gateway in front of it answers (413 body too large, 429 rate limited).
/// </summary>
internal sealed class ErrorResponses : IOpenApiOperationTransformer
{
    public const string ProblemJson = "application/problem+json";

    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var problem = await ComponentAsync(typeof(ProblemDetails), nameof(ProblemDetails), context, cancellationToken);
        var access = EndpointAccess.Of(context.Description);
        var hasBody = operation.RequestBody is not null;
        var hasInput = hasBody || (operation.Parameters ?? []).Any(p => p.In is ParameterLocation.Query or ParameterLocation.Header);
        var hasPathParameters = (operation.Parameters ?? []).Any(p => p.In == ParameterLocation.Path);

        // Added to the document only where some operation answers it (an unused component is a lint warning).
        var validationProblem = hasInput || hasBody || operation.Responses?.ContainsKey("400") == true
            ? await ComponentAsync(typeof(HttpValidationProblemDetails), nameof(HttpValidationProblemDetails), context, cancellationToken)
            : problem;
        operation.Responses ??= new OpenApiResponses();
        if (hasInput)
        {
            Ensure(operation, StatusCodes.Status400BadRequest, "The request is not valid; `errors` names each offending field.", validationProblem);
        }
        if (!access.Anonymous)
        {
            Ensure(operation, StatusCodes.Status401Unauthorized, "No valid bearer token.", problem);
        }
        if (access.NeedsRoleOrPolicy)
        {
            Ensure(operation, StatusCodes.Status403Forbidden, "The token's role may not do this.", problem);
        }
        if (hasPathParameters)
        {
            Ensure(operation, StatusCodes.Status404NotFound, "Nothing with this id.", problem);
        }
        if (hasBody)
        {
            Ensure(operation, StatusCodes.Status413PayloadTooLarge, "The body is larger than the gateway accepts for this route.", validationProblem);
        }
        var limited = Ensure(operation, StatusCodes.Status429TooManyRequests, "Too many requests from this client; retry after `Retry-After` seconds.", problem);
        limited.Headers ??= new Dictionary<string, IOpenApiHeader>();
        limited.Headers["Retry-After"] = new OpenApiHeader
        {
            Description = "Seconds to wait before retrying.",
            Schema = new OpenApiSchema { Type = JsonSchemaType.Integer },
        };

        // What the endpoint itself declared (ProducesProblem, a bare NotFound): problem content where none is given.
        foreach (var (status, response) in operation.Responses)
        {
            if (status.Length == 3 && status[0] is '4' or '5' && response is OpenApiResponse { Content: null or { Count: 0 } } bare)
            {
                bare.Content = new Dictionary<string, OpenApiMediaType> { [ProblemJson] = new() { Schema = status == "400" ? validationProblem : problem } };
            }
        }
    }

    private static OpenApiResponse Ensure(OpenApiOperation operation, int status, string description, IOpenApiSchema schema)
    {
        var key = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (operation.Responses!.TryGetValue(key, out var existing) && existing is OpenApiResponse declared)
        {
            return declared;
        }
        var response = new OpenApiResponse
        {
            Description = description,
            Content = new Dictionary<string, OpenApiMediaType> { [ProblemJson] = new() { Schema = schema } },
        };
        operation.Responses[key] = response;
        return response;
    }

    /// <summary>A reference to the component of <paramref name="type"/>, added to the document if no endpoint declared it yet.</summary>
    private static async Task<IOpenApiSchema> ComponentAsync(Type type, string id, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var document = context.Document!;
        if (document.Components?.Schemas?.ContainsKey(id) != true)
        {
            document.AddComponent(id, await context.GetOrCreateSchemaAsync(type, cancellationToken: cancellationToken));
        }
        return new OpenApiSchemaReference(id, document);
    }
}
