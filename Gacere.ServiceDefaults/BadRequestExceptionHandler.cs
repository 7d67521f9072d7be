using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Gacere.ServiceDefaults;

/// <summary>
/// Turns request-binding failures (malformed JSON, a value of the wrong type, a query value that does not
/// parse, an oversized body) into problem details that name the offending field, instead of a bare 400
/// or an unmapped exception.
/// </summary>
internal sealed partial class BadRequestExceptionHandler(IProblemDetailsService problemDetails) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException badRequest)
        {
            return false;
        }

        var problem = ProblemFor(badRequest);
        httpContext.Response.StatusCode = problem.Status!.Value;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = problem,
            Exception = exception,
        });
    }

    internal static ProblemDetails ProblemFor(BadHttpRequestException badRequest)
    {
        var status = badRequest.StatusCode;
        ProblemDetails problem = badRequest.InnerException switch
        {
            JsonException json => Invalid("The request body could not be read.", FieldOf(json.Path),
                json.Path is null ? "The request body is not valid JSON." : "The value is missing or has the wrong type."),
            _ when status == StatusCodes.Status413PayloadTooLarge =>
                Invalid("The request body is too large.", "body", "The request body is larger than this endpoint accepts."),
            _ when status == StatusCodes.Status415UnsupportedMediaType =>
                Invalid("The request body's media type is not supported.", "Content-Type", "Send the body as application/json in UTF-8."),
            _ when ParameterOf(badRequest.Message) is { } parameter =>
                Invalid("The request is not valid.", parameter, "The value is missing or not in the expected form."),
            _ => new ProblemDetails { Title = "The request is not valid.", Detail = badRequest.Message },
        };
        problem.Status = status;
        return problem;
    }

    private static HttpValidationProblemDetails Invalid(string title, string field, string message) =>
        new(new Dictionary<string, string[]> { [field] = [message] }) { Title = title };

    /// <summary>"$.organisation.countryIso3" → "organisation.countryIso3"; the whole body when the JSON itself is broken.</summary>
    internal static string FieldOf(string? jsonPath) =>
        string.IsNullOrEmpty(jsonPath) || jsonPath == "$" ? "body" : jsonPath.TrimStart('$').TrimStart('.');

    /// <summary>
    /// The parameter a minimal-API binding failure names: 'Failed to bind parameter "int? Page" from "9999999999".'
    /// gives "Page" (renamed to its JSON spelling with the other validation errors).
    /// </summary>
    internal static string? ParameterOf(string message) =>
        BindingFailure().Match(message) is { Success: true } match ? match.Groups["name"].Value : null;

    [GeneratedRegex(@"parameter ""(?:[^""]* )?(?<name>[A-Za-z_][A-Za-z0-9_]*)""")]
    private static partial Regex BindingFailure();
}
