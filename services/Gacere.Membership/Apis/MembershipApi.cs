namespace Gacere.Membership.Apis;

public static class MembershipApi
{
    /// <summary>Everything under <c>/api/membership</c>; the gateway forwards these paths unchanged.</summary>
    public static IEndpointRouteBuilder MapMembershipApi(this IEndpointRouteBuilder app)
    {
        var membership = app.MapGroup("/api/membership");
        membership.MapApplicationsApi();
        membership.MapMembersApi();
        membership.MapDirectoryApi();
        return app;
    }
}
