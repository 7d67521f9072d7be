using Gacere.Membership.Domain;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Gacere.Membership.Apis;

/// <summary>RFC 9457 answers shared by the membership endpoints.</summary>
internal static class Problems
{
    public static ValidationProblem Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] });

    public static ValidationProblem Invalid(Dictionary<string, string[]> errors) => TypedResults.ValidationProblem(errors);

    public static ProblemHttpResult Conflict(string title, string detail) =>
        TypedResults.Problem(title: title, detail: detail, statusCode: StatusCodes.Status409Conflict);

    /// <summary>
    /// A rule the change broke: a category the organisation may not hold or an impossible date is bad input
    /// (400 naming the field); a move the lifecycle does not have is a state conflict (409).
    /// </summary>
    public static ProblemHttpResult Refused(MembershipRuleException refusal) => refusal switch
    {
        CategoryNotAllowedException => InvalidField("category", refusal.Message),
        InvalidEffectiveDateException => InvalidField("effectiveDate", refusal.Message),
        IllegalTransitionException => Conflict("The transition is not allowed.", refusal.Message),
        _ => Conflict("The change is not allowed in the current state.", refusal.Message),
    };

    public static ProblemHttpResult ConcurrentChange() =>
        Conflict("Changed concurrently.", "Someone else changed this record at the same time; read it again and retry.");

    private static ProblemHttpResult InvalidField(string field, string message) =>
        TypedResults.Problem(new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [message] })
        {
            Title = "One or more validation errors occurred.",
            Status = StatusCodes.Status400BadRequest,
        });
}
