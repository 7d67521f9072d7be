extern alias membership;

using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Gacere.DevHost;

namespace Gacere.ApiTests.Membership;

/// <summary>The membership API in process, each test on a fresh database with the verified facts seeded.</summary>
[Collection(ServersCollection.Name)]
public sealed class MembershipApiTests(ServersFixture servers) : IAsyncLifetime
{
    private const string Applications = "/api/membership/applications";
    private ServiceFactory<membership::Program> _service = null!;

    public async Task InitializeAsync() => _service = await ServiceFactory<membership::Program>.CreateAsync(servers, "membershipdb");

    public async Task DisposeAsync() => await _service.DisposeAsync();

    private static JsonObject Application(string organisation) => new()
    {
        ["organisation"] = new JsonObject { ["name"] = organisation, ["orgType"] = "ngo_civil_society", ["countryIso3"] = "KEN" },
        ["requestedCategory"] = "supporting_stakeholder",
        ["focalPoint"] = new JsonObject { ["name"] = "Amina Otieno", ["email"] = "amina@example.org" },
        ["alternate"] = new JsonObject { ["name"] = "Jonas Berg", ["email"] = "jonas@example.org" },
        ["motivation"] = "We repair electronics in three cities and want to share what we learn.",
    };

    [Fact]
    public async Task An_anonymous_application_is_created_with_a_tracking_token_and_the_secretariat_lists_it()
    {
        using var anonymous = _service.CreateClient();

        using var submitted = await anonymous.PostAsJsonAsync(Applications, Application("Repair Cafe Mombasa"));

        Assert.True(submitted.StatusCode == HttpStatusCode.Created, await Responses.Describe(submitted));
        var created = await Responses.JsonAsync(submitted);
        var applicationId = created.GetProperty("applicationId").GetGuid();
        var trackingToken = created.GetProperty("trackingToken").GetString();
        Assert.False(string.IsNullOrWhiteSpace(trackingToken), $"no tracking token: {created}");
        Assert.Equal("submitted", created.GetProperty("status").GetString());
        Assert.NotNull(submitted.Headers.Location);

        // The token is the applicant's only proof of ownership: it alone shows the application.
        using (var status = await anonymous.GetAsync($"{Applications}/status/{trackingToken}"))
        {
            Assert.True(status.StatusCode == HttpStatusCode.OK, await Responses.Describe(status));
            Assert.Equal(applicationId, (await Responses.JsonAsync(status)).GetProperty("applicationId").GetGuid());
        }

        using var secretariat = _service.CreateClient(GacereRoles.Secretariat);
        using var list = await secretariat.GetAsync(Applications);
        Assert.True(list.StatusCode == HttpStatusCode.OK, await Responses.Describe(list));
        var listed = Assert.Single((await Responses.JsonAsync(list)).GetProperty("items").EnumerateArray());
        Assert.Equal(applicationId, listed.GetProperty("applicationId").GetGuid());
        Assert.Equal("Repair Cafe Mombasa", listed.GetProperty("organisationName").GetString());

        using var anonymousList = await anonymous.GetAsync(Applications);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymousList.StatusCode);
    }

    [Fact]
    public async Task A_focal_point_reads_its_own_member_and_is_forbidden_another_members()
    {
        var kenya = await SeededNationalGovernmentAsync("KEN");
        var chile = await SeededNationalGovernmentAsync("CHL");
        using var chilesFocalPoint = _service.CreateClient(GacereRoles.FocalPoint, chile);

        using var own = await chilesFocalPoint.GetAsync($"/api/membership/members/{chile}");
        using var other = await chilesFocalPoint.GetAsync($"/api/membership/members/{kenya}");
        using var otherContacts = await chilesFocalPoint.GetAsync($"/api/membership/members/{kenya}/contacts");
        using var applications = await chilesFocalPoint.GetAsync(Applications);

        // The same token is good for its own member: the 403s are about ownership, not a rejected token.
        Assert.True(own.StatusCode == HttpStatusCode.OK, await Responses.Describe(own));
        Assert.True(other.StatusCode == HttpStatusCode.Forbidden, await Responses.Describe(other));
        Assert.True(otherContacts.StatusCode == HttpStatusCode.Forbidden, await Responses.Describe(otherContacts));
        Assert.True(applications.StatusCode == HttpStatusCode.Forbidden, await Responses.Describe(applications));
    }

    public static TheoryData<string, string> InvalidApplications => new()
    {
        { "missing-name", "organisation.name" },
        { "malformed-email", "focalPoint.email" },
        { "unknown-org-type", "organisation.orgType" },
    };

    [Theory]
    [MemberData(nameof(InvalidApplications))]
    public async Task An_invalid_application_is_a_400_problem_naming_the_field_and_stores_nothing(string defect, string field)
    {
        var body = Application($"Invalid {defect}");
        switch (defect)
        {
            case "missing-name":
                body["organisation"]!.AsObject().Remove("name");
                break;
            case "malformed-email":
                body["focalPoint"]!["email"] = "not-an-address";
                break;
            case "unknown-org-type":
                body["organisation"]!["orgType"] = "pirate_ship";
                break;
        }
        using var anonymous = _service.CreateClient();

        using var response = await anonymous.PostAsJsonAsync(Applications, body);

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, await Responses.Describe(response));
        var problem = await Responses.ProblemAsync(response);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"the problem should name {field}: {problem}");
        Assert.Equal(0, await ServersFixture.ScalarAsync(_service.DatabaseConnectionString, "SELECT count(*) FROM membership.applications"));
    }

    /// <summary>A member the seeder put in this test's database, found as the public finds it.</summary>
    private async Task<Guid> SeededNationalGovernmentAsync(string countryIso3)
    {
        using var anonymous = _service.CreateClient();
        using var response = await anonymous.GetAsync($"/api/membership/directory?country={countryIso3}&orgType=national_government");
        Assert.True(response.StatusCode == HttpStatusCode.OK, await Responses.Describe(response));
        var items = (await Responses.JsonAsync(response)).GetProperty("items");
        Assert.True(items.GetArrayLength() == 1, $"expected one seeded national government of {countryIso3}: {items}");
        return items[0].GetProperty("memberId").GetGuid();
    }

    /// <summary>
    /// The public directory comes from the shared output cache: a change made behind the service's back (straight in the
    /// database) does not show until a member changes through the service, whose commit evicts the directory's tag.
    /// </summary>
    [Fact]
    public async Task The_directory_is_served_from_the_output_cache_until_a_member_changes_through_the_service()
    {
        const string directory = "/api/membership/directory?pageSize=100";
        using var anonymous = _service.CreateClient();
        using var secretariat = _service.CreateClient(GacereRoles.Secretariat);
        var first = await anonymous.GetStringAsync(directory);
        var items = System.Text.Json.JsonDocument.Parse(first).RootElement.GetProperty("items").EnumerateArray()
            .Where(i => i.GetProperty("status").GetString() == "active").Take(2).Select(i => i.GetProperty("memberId").GetGuid()).ToArray();
        Assert.Equal(2, items.Length);
        var (renamed, suspended) = (items[0], items[1]);
        await using (var connection = new Npgsql.NpgsqlConnection(_service.DatabaseConnectionString))
        {
            await connection.OpenAsync();
            await using var rename = new Npgsql.NpgsqlCommand("UPDATE membership.members SET organisation_name = 'Renamed behind the API' WHERE id = $1", connection);
            rename.Parameters.Add(new Npgsql.NpgsqlParameter { Value = renamed });
            Assert.Equal(1, await rename.ExecuteNonQueryAsync());
        }

        Assert.Equal(first, await anonymous.GetStringAsync(directory));

        using (var suspension = await secretariat.PostAsJsonAsync($"/api/membership/members/{suspended}/suspension", new { reason = "Dues unpaid." }))
        {
            Assert.True(suspension.StatusCode == HttpStatusCode.OK, await Responses.Describe(suspension));
        }
        var fresh = System.Text.Json.JsonDocument.Parse(await anonymous.GetStringAsync(directory)).RootElement.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal("Renamed behind the API", fresh.Single(i => i.GetProperty("memberId").GetGuid() == renamed).GetProperty("organisationName").GetString());
        Assert.Equal("suspended", fresh.Single(i => i.GetProperty("memberId").GetGuid() == suspended).GetProperty("status").GetString());
    }
}
