extern alias policymapping;

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Gacere.MemberReplica;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PolicyMappingDbContext = policymapping::Gacere.PolicyMapping.Data.PolicyMappingDbContext;

namespace Gacere.ApiTests.PolicyMapping;

/// <summary>
/// Policy mapping in process on a fresh database and RabbitMQ virtual host per test, with a member replica of
/// active, suspended and withdrawn members, and the helpers the barrier, research-need and event tests share.
/// </summary>
public abstract class PolicyMappingApiTest(ServersFixture servers) : IAsyncLifetime
{
    protected const string Instruments = "/api/policies/instruments";

    protected static readonly Guid Chile = Guid.Parse("0193b000-0000-7000-8000-000000000001");
    protected static readonly Guid Kenya = Guid.Parse("0193b000-0000-7000-8000-000000000002");
    protected static readonly Guid Peru = Guid.Parse("0193b000-0000-7000-8000-000000000003");
    protected static readonly Guid Ghana = Guid.Parse("0193b000-0000-7000-8000-000000000005");

    protected ServiceFactory<policymapping::Program> Service { get; private set; } = null!;
    protected HttpClient Anonymous { get; private set; } = null!;
    protected HttpClient Secretariat { get; private set; } = null!;

    public virtual async Task InitializeAsync()
    {
        Service = await ServiceFactory<policymapping::Program>.CreateAsync(servers, ResourceNames.PolicyMappingDatabase);
        Anonymous = Service.CreateClient();
        Secretariat = Service.CreateClient(GacereRoles.Secretariat);
        await using var scope = Service.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PolicyMappingDbContext>();
        db.Set<ReplicatedMember>().AddRange(
            Member(Chile, "Government of Chile", "CHL", "active"),
            Member(Kenya, "Government of Kenya", "KEN", "active"),
            Member(Peru, "Government of Peru", "PER", "suspended"),
            Member(Ghana, "Government of Ghana", "GHA", "withdrawn"));
        await db.SaveChangesAsync();
    }

    public virtual async Task DisposeAsync()
    {
        Anonymous.Dispose();
        Secretariat.Dispose();
        await Service.DisposeAsync();
    }

    private static ReplicatedMember Member(Guid id, string name, string country, string status) => new()
    {
        MemberId = id, OrganisationName = name, OrgType = "national_government", CountryIso3 = country, Category = "member",
        Status = status, EffectiveDate = new DateOnly(2021, 2, 22), Version = 1, UpdatedAt = DateTimeOffset.UtcNow,
    };

    protected HttpClient FocalPoint(Guid memberId) => Service.CreateClient(GacereRoles.FocalPoint, memberId);

    protected static async Task<JsonElement> Ok(HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        Assert.True(response.StatusCode == expected, await Responses.Describe(response));
        return await Responses.JsonAsync(response);
    }

    protected static async Task<string[]> ProblemFields(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, await Responses.Describe(response));
        var problem = await Responses.ProblemAsync(response);
        return [.. problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal)];
    }

    /// <summary>The status of the answer, and the problem's detail for a refusal.</summary>
    protected static async Task<string?> RefusedAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        Assert.True(response.StatusCode == expected, await Responses.Describe(response));
        return (await Responses.ProblemAsync(response)).GetProperty("detail").GetString();
    }

    protected static async Task<JsonElement> PostAsync(HttpClient client, string path, JsonNode? body, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var response = await client.PostAsJsonAsync(path, body ?? new JsonObject());
        return await Ok(response, expected);
    }

    protected static async Task<JsonElement> GetAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        return await Ok(response);
    }

    protected static Guid[] Ids(JsonElement page, string idProperty) =>
        [.. page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty(idProperty).GetGuid())];

    protected static JsonObject KenyanLevy(string sourceUrl = "https://www.kra.go.ke/excise") => new()
    {
        ["countryIso3"] = "KEN",
        ["level"] = "national",
        ["titleOriginal"] = "Plastic bag excise levy",
        ["titleEnglish"] = "Plastic bag excise levy",
        ["originalLanguage"] = "en",
        ["summary"] = "An excise duty on plastic carrier bags that funds municipal collection.",
        ["adoptedOn"] = "2017-08-28",
        ["lifecycle"] = "adopted",
        ["binding"] = true,
        ["sourceUrl"] = sourceUrl,
        ["instrumentType"] = "economic_fiscal",
        ["pineType"] = "tax",
        ["valueChains"] = new JsonArray("plastics"),
        ["themes"] = new JsonArray("circular_economy", "just_transition"),
    };

    protected async Task<Guid> DraftAsync(HttpClient client, JsonObject input) =>
        (await PostAsync(client, Instruments, input, HttpStatusCode.Created)).GetProperty("instrumentId").GetGuid();

    protected async Task<Guid> PublishedInstrumentAsync(Guid member, JsonObject input)
    {
        using var focalPoint = FocalPoint(member);
        var id = await DraftAsync(focalPoint, input);
        await PostAsync(focalPoint, $"{Instruments}/{id}/submission", null);
        await PostAsync(Secretariat, $"{Instruments}/{id}/validation", null);
        await PostAsync(Secretariat, $"{Instruments}/{id}/publication", null);
        return id;
    }

    protected async Task SetMemberStatusAsync(Guid memberId, string status)
    {
        await using var scope = Service.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PolicyMappingDbContext>();
        await db.Set<ReplicatedMember>().Where(m => m.MemberId == memberId).ExecuteUpdateAsync(s => s.SetProperty(m => m.Status, status));
    }

    protected Task<long> ScalarAsync(string sql) => ServersFixture.ScalarAsync(Service.DatabaseConnectionString, sql);
}
