using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Turns request-binding failures (malformed JSON, a value of the wrong type, an oversized body) into
/// problem details that name the offending field, instead of a bare 400 or an unmapped exception.
/// </summary>
internal sealed class BadRequestExceptionHandler(IProblemDetailsService problemDetails) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException badRequest)
        {
            return false;
        }

        var status = badRequest.StatusCode;
        ProblemDetails problem = badRequest.InnerException is JsonException json
            ? new HttpValidationProblemDetails(new Dictionary<string, string[]>
            {
                [FieldOf(json.Path)] = [json.Path is null ? "The request body is not valid JSON." : "The value is missing or has the wrong type."],
            })
            {
                Title = "The request body could not be read.",
            }
            : status == StatusCodes.Status413PayloadTooLarge
                ? new HttpValidationProblemDetails(new Dictionary<string, string[]> { ["body"] = ["The request body is larger than this endpoint accepts."] })
                {
                    Title = "The request body is too large.",
                }
                : new ProblemDetails { Title = "The request is not valid.", Detail = badRequest.Message };
        problem.Status = status;

        httpContext.Response.StatusCode = status;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = problem,
            Exception = exception,
        });
    }

    /// <summary>"$.organisation.countryIso3" → "organisation.countryIso3"; the whole body when the JSON itself is broken.</summary>
    internal static string FieldOf(string? jsonPath) =>
        string.IsNullOrEmpty(jsonPath) || jsonPath == "$" ? "body" : jsonPath.TrimStart('$').TrimStart('.');
}
