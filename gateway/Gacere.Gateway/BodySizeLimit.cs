using Microsoft.AspNetCore.Mvc;
using Yarp.ReverseProxy.Model;

namespace Gacere.Gateway;

/// <summary>
/// Rejects a body whose declared length exceeds the route's <c>MaxRequestBodySize</c> before anything is
/// forwarded, with problem details naming the body (YARP alone would answer a bare status mid-stream).
/// </summary>
internal static class BodySizeLimit
{
    public static IReverseProxyApplicationBuilder UseBodySizeLimit(this IReverseProxyApplicationBuilder proxy)
    {
        proxy.Use(async (context, next) =>
        {
            var limit = context.GetReverseProxyFeature().Route.Config.MaxRequestBodySize;
            if (limit is > 0 && context.Request.ContentLength > limit)
            {
                context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
                var problems = context.RequestServices.GetRequiredService<IProblemDetailsService>();
                await problems.WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = context,
                    ProblemDetails = new HttpValidationProblemDetails(new Dictionary<string, string[]>
                    {
                        ["body"] = [$"The request body is {context.Request.ContentLength} bytes; this endpoint accepts at most {limit}."],
                    })
                    {
                        Status = StatusCodes.Status413PayloadTooLarge,
                        Title = "The request body is too large.",
                    },
                });
                return;
            }
            await next();
        });
        return proxy;
    }
}
