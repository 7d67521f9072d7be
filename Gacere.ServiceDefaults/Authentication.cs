using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;
using Microsoft.Extensions.Hosting;

namespace Gacere.ServiceDefaults;

public static class AuthenticationExtensions
{
    /// <summary>The member a focal point acts for, or null for anyone else.</summary>
    public static Guid? FocalPointMemberId(this ClaimsPrincipal user) =>
        user.IsInRole(GacereRoles.FocalPoint) && Guid.TryParse(user.FindFirstValue(GacereRoles.MemberIdClaim), out var id) ? id : null;

    /// <summary>
    /// JWT bearer for every endpoint, deny by default. Production points <c>Auth:Authority</c> at an OIDC
    /// issuer; development hosts inject a shared <c>Auth:SigningKey</c> (never committed).
    /// </summary>
    public static IHostApplicationBuilder AddDefaultAuthentication(this IHostApplicationBuilder builder)
    {
        var auth = builder.Configuration.GetSection("Auth");
        var authority = auth["Authority"];
        var signingKey = auth["SigningKey"];
        var audience = auth["Audience"] ?? GacereAuth.Audience;

        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(options =>
        {
            options.MapInboundClaims = false;
            options.Audience = audience;
            options.TokenValidationParameters.RoleClaimType = GacereRoles.RoleClaim;
            options.TokenValidationParameters.NameClaimType = GacereRoles.SubjectClaim;
            options.TokenValidationParameters.ClockSkew = GacereAuth.ClockSkew;
            options.Events = new JwtBearerEvents
            {
                OnTokenValidated = context =>
                {
                    if (SubjectProblem(context.Principal) is { } problem)
                    {
                        context.Fail(problem);
                    }
                    return Task.CompletedTask;
                },
                // The caller learns that its token was refused, not why (issuer, key, lifetime): that is for our logs.
                OnChallenge = context =>
                {
                    context.ErrorDescription = null;
                    context.ErrorUri = null;
                    return Task.CompletedTask;
                },
            };
            if (!string.IsNullOrWhiteSpace(authority))
            {
                options.Authority = authority;
            }
            else if (!string.IsNullOrWhiteSpace(signingKey))
            {
                options.TokenValidationParameters.ValidIssuer = auth["Issuer"] ?? GacereAuth.DevelopmentIssuer;
                options.TokenValidationParameters.ValidAudience = audience;
                options.TokenValidationParameters.IssuerSigningKey = new SymmetricSecurityKey(Convert.FromBase64String(signingKey));
            }
            else
            {
                throw new InvalidOperationException(
                    "Authentication is not configured: set Auth:Authority (OIDC issuer) or, in development, Auth:SigningKey.");
            }
        });

        builder.Services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(GacereRoles.Secretariat, policy => policy.RequireRole(GacereRoles.Secretariat))
            .AddPolicy(GacereRoles.FocalPoint, policy => policy.RequireRole(GacereRoles.FocalPoint).RequireClaim(GacereRoles.MemberIdClaim));
        return builder;
    }

    /// <summary>Why a signed, unexpired token still cannot act here: its subject must be recordable as an actor.</summary>
    public static string? SubjectProblem(ClaimsPrincipal? principal) =>
        principal?.FindFirstValue(GacereRoles.SubjectClaim) is { Length: > GacereAuth.MaxSubjectLength } subject
            ? $"The token's subject is {subject.Length} characters long; at most {GacereAuth.MaxSubjectLength} are accepted."
            : null;
}
