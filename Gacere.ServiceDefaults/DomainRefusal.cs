using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Gacere.ServiceDefaults;

/// <summary>What kind of answer a refused change gets.</summary>
public enum RefusalKind
{
    /// <summary>400: the input cannot be true (names the field).</summary>
    InvalidInput,
    /// <summary>403: the caller may not make this change (e.g. another member's record).</summary>
    Forbidden,
    /// <summary>409: the record's current state does not allow the change.</summary>
    Conflict,
}

/// <summary>
/// A change a service's rules do not allow. Domain code throws it; <see cref="DomainRefusalHandler"/> answers it
/// once for every service as problem details, so no endpoint catches it.
/// </summary>
public abstract class DomainRefusal(RefusalKind kind, string title, string message, string? field = null) : Exception(message)
{
    public RefusalKind Kind { get; } = kind;
    public string Title { get; } = title;
    /// <summary>For <see cref="RefusalKind.InvalidInput"/>: the request field the refusal is about.</summary>
    public string? Field { get; } = field;

    public int StatusCode => Kind switch
    {
        RefusalKind.InvalidInput => StatusCodes.Status400BadRequest,
        RefusalKind.Forbidden => StatusCodes.Status403Forbidden,
        _ => StatusCodes.Status409Conflict,
    };

    public ProblemDetails ToProblem()
    {
        ProblemDetails problem = Kind == RefusalKind.InvalidInput
            ? new HttpValidationProblemDetails(new Dictionary<string, string[]> { [Field ?? "body"] = [Message] })
            : new ProblemDetails { Detail = Message };
        problem.Title = Title;
        problem.Status = StatusCode;
        return problem;
    }
}

/// <summary>Answers every <see cref="DomainRefusal"/> as RFC 9457 problem details (400 naming the field, 403, 409).</summary>
internal sealed class DomainRefusalHandler(IProblemDetailsService problemDetails) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not DomainRefusal refusal)
        {
            return false;
        }
        httpContext.Response.StatusCode = refusal.StatusCode;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = refusal.ToProblem(),
            Exception = exception,
        });
    }
}
