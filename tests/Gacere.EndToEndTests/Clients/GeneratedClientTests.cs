using System.Net;
using Gacere.DevHost;
using EventsApi = Gacere.EndToEndTests.Clients.events;
using MembershipApi = Gacere.EndToEndTests.Clients.membership;
using PartnershipsApi = Gacere.EndToEndTests.Clients.partnerships;
using PolicyMappingApi = Gacere.EndToEndTests.Clients.policymapping;

namespace Gacere.EndToEndTests.Clients;

/// <summary>
/// One real flow per service through the C# client NSwag generated at build time from the checked-in document
/// (see the project file), against the running platform through the gateway: no hand-written HTTP.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class GeneratedClientTests(TopologyFixture platform)
{
    private static readonly TimeSpan ReplicaPatience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Membership_an_application_submitted_reviewed_and_approved_through_the_generated_client_makes_a_member()
    {
        var applicant = new MembershipApi.ApiClient(platform.Gateway);
        using var secretariatHttp = platform.ClientWithToken(GacereRoles.Secretariat);
        var secretariat = new MembershipApi.ApiClient(secretariatHttp);
        var name = $"Repair Café {Guid.NewGuid():N}"[..24];

        var submitted = await applicant.SubmitApplicationAsync(new MembershipApi.SubmitApplicationRequest
        {
            Organisation = new MembershipApi.OrganisationInput { Name = name, OrgType = MembershipApi.OrgType.Ngo_civil_society, CountryIso3 = "KEN" },
            RequestedCategory = MembershipApi.MembershipCategory.Supporting_stakeholder,
            FocalPoint = new MembershipApi.ContactInput { Name = "Amina Otieno", Email = "amina@example.org", Phone = "+254 20 123 4567" },
            Alternate = new MembershipApi.ContactInput { Name = "Jonas Berg", Email = "jonas@example.org" },
            Motivation = "We repair electronics in three cities and want to share what we learn.",
        }, idempotency_Key: Guid.NewGuid().ToString());
        Assert.Equal(MembershipApi.ApplicationStatus.Submitted, submitted.Status);
        var status = await applicant.GetApplicationStatusAsync(submitted.TrackingToken);
        Assert.Equal(MembershipApi.MembershipCategory.Supporting_stakeholder, status.RequestedCategory);
        Assert.Null(status.ApprovedCategory);

        var underReview = await secretariat.StartApplicationReviewAsync(submitted.ApplicationId);
        Assert.Equal(MembershipApi.ApplicationStatus.Under_review, underReview.Status);
        Assert.Equal(MembershipApi.OrgType.Ngo_civil_society, underReview.OrgType);

        // A category the organisation type may not hold: the generated client surfaces the typed validation problem.
        var refused = await Assert.ThrowsAsync<MembershipApi.ApiException<MembershipApi.HttpValidationProblemDetails>>(() =>
            secretariat.ApproveApplicationAsync(submitted.ApplicationId, new MembershipApi.ApprovalRequest { Category = MembershipApi.MembershipCategory.Member }));
        Assert.Equal((int)HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("category", refused.Result.Errors.Keys);

        var approved = await secretariat.ApproveApplicationAsync(submitted.ApplicationId,
            new MembershipApi.ApprovalRequest { Category = MembershipApi.MembershipCategory.Supporting_stakeholder, Note = "Welcome." });
        Assert.Equal(MembershipApi.ApplicationStatus.Approved, approved.Status);
        var memberId = Assert.NotNull(approved.MemberId);

        var member = await secretariat.GetMemberAsync(memberId);
        Assert.Equal(name, member.OrganisationName);
        Assert.Equal(MembershipApi.MembershipCategory.Supporting_stakeholder, member.Category);
        Assert.Equal(MembershipApi.MemberStatus.Active, member.Status);

        // The public directory, filtered by the enum-typed query parameters.
        Assert.True(await Eventually.HoldsAsync(async () =>
        {
            var page = await applicant.GetMemberDirectoryAsync(
                category: MembershipApi.MembershipCategory.Supporting_stakeholder, orgType: MembershipApi.OrgType.Ngo_civil_society, country: "KEN", pageSize: 100);
            return page.Items.Any(entry => entry.MemberId == memberId && entry.OrganisationName == name);
        }, TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(200)), "the new member should appear in the directory");

        // Approving twice is a state conflict: the typed problem again.
        var conflict = await Assert.ThrowsAsync<MembershipApi.ApiException<MembershipApi.ProblemDetails>>(() =>
            secretariat.ApproveApplicationAsync(submitted.ApplicationId, new MembershipApi.ApprovalRequest { Category = MembershipApi.MembershipCategory.Supporting_stakeholder }));
        Assert.Equal((int)HttpStatusCode.Conflict, conflict.StatusCode);
    }

    [Fact]
    public async Task PolicyMapping_lists_indicators_and_shows_a_replicated_member_through_the_generated_client()
    {
        var client = new PolicyMappingApi.ApiClient(platform.Gateway);
        var indicators = await client.ListIndicatorsAsync(page: 1, pageSize: 5);
        Assert.InRange(indicators.Items.Count, 1, 5);
        Assert.True(indicators.TotalCount >= indicators.Items.Count);

        var (memberId, name) = await SeededGovernmentAsync();
        var member = await EventuallyFoundAsync(() => client.GetMemberReplicaAsync(memberId), (PolicyMappingApi.ApiException e) => e.StatusCode);
        Assert.Equal(name, member.OrganisationName);
        Assert.Equal("national_government", member.OrgType);
    }

    [Fact]
    public async Task Partnerships_lists_external_initiatives_and_shows_a_replicated_member_through_the_generated_client()
    {
        var client = new PartnershipsApi.ApiClient(platform.Gateway);
        var initiatives = await client.ListExternalInitiativesAsync(pageSize: 3);
        Assert.InRange(initiatives.Items.Count, 1, 3);
        Assert.Equal(1, initiatives.PageNumber);

        var (memberId, name) = await SeededGovernmentAsync();
        var member = await EventuallyFoundAsync(() => client.GetMemberReplicaAsync(memberId), (PartnershipsApi.ApiException e) => e.StatusCode);
        Assert.Equal(name, member.OrganisationName);
    }

    [Fact]
    public async Task Events_lists_anchor_events_and_shows_a_replicated_member_through_the_generated_client()
    {
        var client = new EventsApi.ApiClient(platform.Gateway);
        var anchors = await client.ListAnchorEventsAsync(page: 1, pageSize: 100);
        Assert.Contains(anchors.Items, anchor => anchor.Edition == "WCEF2022" && anchor.Place == "Kigali");

        var (memberId, name) = await SeededGovernmentAsync();
        var member = await EventuallyFoundAsync(() => client.GetMemberReplicaAsync(memberId), (EventsApi.ApiException e) => e.StatusCode);
        Assert.Equal(name, member.OrganisationName);

        var unknown = await Assert.ThrowsAsync<EventsApi.ApiException<EventsApi.ProblemDetails>>(() => client.GetMemberReplicaAsync(Guid.NewGuid()));
        Assert.Equal((int)HttpStatusCode.NotFound, unknown.StatusCode);
    }

    /// <summary>A member seeded in membership (a government), found through the generated membership client.</summary>
    private async Task<(Guid MemberId, string Name)> SeededGovernmentAsync()
    {
        var directory = await new MembershipApi.ApiClient(platform.Gateway).GetMemberDirectoryAsync(orgType: MembershipApi.OrgType.National_government, pageSize: 1);
        var entry = Assert.Single(directory.Items);
        return (entry.MemberId, entry.OrganisationName);
    }

    /// <summary>The replica learns of a member asynchronously: 404 until it has.</summary>
    private static async Task<T> EventuallyFoundAsync<T, TException>(Func<Task<T>> read, Func<TException, int> status) where TException : Exception
    {
        var deadline = DateTime.UtcNow + ReplicaPatience;
        while (true)
        {
            try
            {
                return await read();
            }
            catch (TException notYet) when (status(notYet) == (int)HttpStatusCode.NotFound && DateTime.UtcNow < deadline)
            {
                await Task.Delay(250);
            }
        }
    }
}
