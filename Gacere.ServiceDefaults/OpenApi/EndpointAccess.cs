using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Mvc.ApiExplorer;

namespace Gacere.ServiceDefaults;

/// <summary>Who may call an endpoint, read from the same metadata the authorization middleware reads.</summary>
internal readonly record struct EndpointAccess(bool Anonymous, bool NeedsRoleOrPolicy)
{
    public static EndpointAccess Of(ApiDescription description)
    {
        var metadata = description.ActionDescriptor.EndpointMetadata;
        // Every endpoint needs an authenticated user (the fallback policy) unless it opts out.
        var anonymous = metadata.OfType<IAllowAnonymous>().Any();
        var needsMore =
            metadata.OfType<IAuthorizeData>().Any(data => !string.IsNullOrEmpty(data.Policy) || !string.IsNullOrEmpty(data.Roles)) ||
            metadata.OfType<AuthorizationPolicy>().Any(policy => policy.Requirements.Any(r => r is not DenyAnonymousAuthorizationRequirement));
        return new EndpointAccess(anonymous, !anonymous && needsMore);
    }
}
