extern alias partnerships;

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Gacere.DevHost;
using Npgsql;

namespace Gacere.ApiTests.Partnerships;

/// <summary>The partnerships service in process on a fresh database, with members put straight into its replica.</summary>
public abstract class PartnershipsApiTest(ServersFixture servers) : IAsyncLifetime
{
    protected const string Api = "/api/partnerships";
    protected ServiceFactory<partnerships::Program> Service { get; private set; } = null!;
    protected HttpClient Secretariat { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Service = await ServiceFactory<partnerships::Program>.CreateAsync(servers, ResourceNames.PartnershipsDatabase);
        Secretariat = Service.CreateClient("secretariat");
    }

    public async Task DisposeAsync()
    {
        Secretariat.Dispose();
        await Service.DisposeAsync();
    }

    /// <summary>A member in the replica, as a membership event would have put it there.</summary>
    protected async Task<Guid> MemberAsync(string name, string status = "active", string? country = "KEN")
    {
        var id = Guid.NewGuid();
        await using var connection = new NpgsqlConnection(Service.DatabaseConnectionString);
        await connection.OpenAsync();
        await using var insert = new NpgsqlCommand("""
            INSERT INTO partnerships.member_replicas (member_id, organisation_name, org_type, country_iso3, category, status, effective_date, version, updated_at)
            VALUES (@id, @name, 'national_government', @country, 'member', @status, DATE '2021-02-22', 1, now())
            """, connection);
        insert.Parameters.AddWithValue("id", id);
        insert.Parameters.AddWithValue("name", name);
        insert.Parameters.AddWithValue("country", (object?)country ?? DBNull.Value);
        insert.Parameters.AddWithValue("status", status);
        await insert.ExecuteNonQueryAsync();
        return id;
    }

    protected HttpClient FocalPoint(Guid memberId) => Service.CreateClient("focal-point", memberId);

    /// <summary>A complete proposal that passes every SMART pre-check criterion.</summary>
    protected static JsonObject Proposal(Guid lead, Guid partner, string title = "Textile waste recycling in East Africa",
        string objective = "Collect and recycle post-consumer textile waste in Nairobi and Kampala, creating jobs for informal waste pickers and cutting landfill.",
        string[]? countries = null, string[]? valueChains = null) => new()
    {
        ["title"] = title,
        ["kind"] = "regional",
        ["objective"] = objective,
        ["startDate"] = "2026-01-01",
        ["endDate"] = "2028-12-31",
        ["partners"] = new JsonArray(
            new JsonObject { ["memberId"] = lead, ["role"] = "lead" },
            new JsonObject { ["memberId"] = partner, ["role"] = "funding" }),
        ["countries"] = new JsonArray([.. (countries ?? ["KEN", "UGA"]).Select(c => JsonValue.Create(c))]),
        ["regions"] = new JsonArray("014"),
        ["valueChains"] = new JsonArray([.. (valueChains ?? ["textiles"]).Select(c => JsonValue.Create(c))]),
        ["sdgTargets"] = new JsonArray("12.5", "8.4"),
        ["deliverables"] = new JsonArray(
            new JsonObject { ["title"] = "Collection points in two cities", ["dueDate"] = "2026-06-30", ["indicator"] = "collection points operating" },
            new JsonObject { ["title"] = "Recycling line", ["dueDate"] = "2027-12-31", ["indicator"] = "tonnes of textile waste recycled per year" }),
        ["resources"] = new JsonArray(
            new JsonObject { ["type"] = "financial", ["amount"] = 250000, ["currency"] = "EUR" },
            new JsonObject { ["type"] = "staff", ["description"] = "two engineers half time" }),
    };

    protected static async Task<JsonElement> CreatedAsync(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.Created, await Responses.Describe(response));
        return await Responses.JsonAsync(response);
    }

    protected static async Task<JsonElement> OkAsync(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.OK, await Responses.Describe(response));
        return await Responses.JsonAsync(response);
    }

    /// <summary>Asserts a 400 problem whose errors name exactly <paramref name="field"/>.</summary>
    protected static async Task AssertInvalidAsync(HttpResponseMessage response, string field)
    {
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, await Responses.Describe(response));
        var problem = await Responses.ProblemAsync(response);
        var errors = problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).ToList();
        Assert.True(errors.Contains(field), $"expected an error naming '{field}', got {problem}");
    }

    protected static async Task AssertStatusAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        Assert.True(response.StatusCode == expected, await Responses.Describe(response));
        // 401 and a role the policy refuses are answered by authentication itself, without a body.
        if (expected is HttpStatusCode.BadRequest or HttpStatusCode.Conflict)
        {
            await Responses.ProblemAsync(response);
        }
    }

    /// <summary>Under review with every SMART criterion accepted and every listed duplicate decided.</summary>
    protected async Task ReviewAndAcceptAsync(Guid id, string decision = "distinct")
    {
        await OkAsync(await Secretariat.PostAsJsonAsync($"{Api}/{id}/review", new { note = "complete" }));
        foreach (var criterion in new[] { "specific", "measurable", "achievable", "resource_based", "time_bound" })
        {
            await OkAsync(await Secretariat.PostAsJsonAsync($"{Api}/{id}/smart-judgements", new { criterion, judgement = "accepted" }));
        }
        var view = await OkAsync(await Secretariat.GetAsync($"{Api}/{id}"));
        foreach (var candidate in view.GetProperty("duplicateCandidates").EnumerateArray())
        {
            await OkAsync(await Secretariat.PostAsJsonAsync($"{Api}/{id}/duplicate-decisions",
                new { candidateId = candidate.GetProperty("id").GetGuid(), decision }));
        }
    }

    protected static string[] Strings(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetString()!)];

    protected Task<long> ScalarAsync(string sql) => ServersFixture.ScalarAsync(Service.DatabaseConnectionString, sql);
}
