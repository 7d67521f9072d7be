using Microsoft.AspNetCore.Http.HttpResults;

namespace Gacere.Membership.Apis;

/// <summary>RFC 9457 answers shared by the membership endpoints.</summary>
internal static class Problems
{
    public static ValidationProblem Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] });

    public static ValidationProblem Invalid(Dictionary<string, string[]> errors) => TypedResults.ValidationProblem(errors);

    public static ProblemHttpResult Conflict(string title, string detail) =>
        TypedResults.Problem(title: title, detail: detail, statusCode: StatusCodes.Status409Conflict);

    public static ProblemHttpResult ConcurrentChange() =>
        Conflict("Changed concurrently.", "Someone else changed this record at the same time; read it again and retry.");
}
