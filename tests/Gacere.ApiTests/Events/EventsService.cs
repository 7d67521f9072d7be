extern alias events;

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using events::Gacere.Events.Data;
using Gacere.DevHost;
using Gacere.MemberReplica;
using Microsoft.Extensions.DependencyInjection;

namespace Gacere.ApiTests.Events;

/// <summary>The Events service in process on a fresh database, with the steps its tests share.</summary>
public sealed class EventsService : IAsyncDisposable
{
    public const string Prefix = "/api/events";

    private EventsService(ServiceFactory<events::Program> factory) => Factory = factory;

    public ServiceFactory<events::Program> Factory { get; }

    public static async Task<EventsService> StartAsync(ServersFixture servers, IReadOnlyDictionary<string, string>? overrides = null)
    {
        var factory = await ServiceFactory<events::Program>.CreateAsync(servers, ResourceNames.EventsDatabase, overrides: overrides);
        _ = factory.Server; // start it: migrations and seeders run before the first request
        return new EventsService(factory);
    }

    public ValueTask DisposeAsync() => Factory.DisposeAsync();

    public HttpClient Anonymous() => Factory.CreateClient();

    public HttpClient Secretariat() => Factory.CreateClient(GacereRoles.Secretariat);

    public HttpClient FocalPoint(Guid memberId) => Factory.CreateClient(GacereRoles.FocalPoint, memberId);

    /// <summary>A member in the replica, as membership's events would have put it there.</summary>
    public async Task<Guid> AddMemberAsync(string category = "member", string status = "active", long version = 1)
    {
        var memberId = Guid.NewGuid();
        await using var scope = Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<EventsDbContext>();
        db.Set<ReplicatedMember>().Add(new ReplicatedMember
        {
            MemberId = memberId,
            OrganisationName = $"Government {memberId:N}"[..30],
            OrgType = "national_government",
            Category = category,
            Status = status,
            EffectiveDate = new DateOnly(2021, 2, 22),
            Version = version,
            UpdatedAt = DateTimeOffset.UtcNow,
        });
        await db.SaveChangesAsync();
        return memberId;
    }

    public static JsonObject Meeting(
        string type = "expert_meeting", string title = "Expert meeting on circularity indicators", int? capacity = null,
        string startsAt = "2027-03-10T14:00:00", string endsAt = "2027-03-10T16:00:00", string timeZone = "Europe/Brussels",
        string? format = null, string? venue = null, bool openToObservers = false)
    {
        var meeting = new JsonObject
        {
            ["type"] = type,
            ["title"] = title,
            ["startsAt"] = startsAt,
            ["endsAt"] = endsAt,
            ["timeZone"] = timeZone,
            ["agendaItems"] = new JsonArray("Welcome", "Material footprint indicators"),
            ["openToObservers"] = openToObservers,
        };
        if (capacity is not null) meeting["capacity"] = capacity;
        if (format is not null) meeting["format"] = format;
        if (venue is not null) meeting["venue"] = venue;
        return meeting;
    }

    /// <summary>Plans a meeting as the secretariat and returns it.</summary>
    public async Task<JsonElement> PlanAsync(JsonObject meeting)
    {
        using var secretariat = Secretariat();
        using var response = await secretariat.PostAsJsonAsync($"{Prefix}/meetings", meeting);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await Responses.Describe(response));
        return await Responses.JsonAsync(response);
    }

    public async Task<HttpResponseMessage> MoveAsync(Guid meetingId, string action, string? reason = null)
    {
        using var secretariat = Secretariat();
        return await secretariat.PostAsJsonAsync($"{Prefix}/meetings/{meetingId}/transitions", new { action, reason });
    }

    public async Task MoveOkAsync(Guid meetingId, params string[] actions)
    {
        foreach (var action in actions)
        {
            using var response = await MoveAsync(meetingId, action, "as planned");
            Assert.True(response.StatusCode == HttpStatusCode.OK, await Responses.Describe(response));
        }
    }

    /// <summary>A meeting planned, announced and open for registration.</summary>
    public async Task<Guid> OpenMeetingAsync(int? capacity, bool openToObservers = false)
    {
        var meeting = await PlanAsync(Meeting(capacity: capacity, openToObservers: openToObservers));
        var id = meeting.GetProperty("id").GetGuid();
        await MoveOkAsync(id, "announce", "open_registration");
        return id;
    }

    public static object Delegate(int n) => new { name = $"Delegate {n}", role = "Adviser", email = $"delegate{n}@example.org" };

    public async Task<HttpResponseMessage> RegisterAsync(Guid meetingId, Guid memberId, object person)
    {
        using var focalPoint = FocalPoint(memberId);
        return await focalPoint.PostAsJsonAsync($"{Prefix}/meetings/{meetingId}/registrations", person);
    }

    public async Task<JsonElement> RegisterOkAsync(Guid meetingId, Guid memberId, object person)
    {
        using var response = await RegisterAsync(meetingId, memberId, person);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await Responses.Describe(response));
        return await Responses.JsonAsync(response);
    }

    public async Task<JsonElement[]> RegistrationsAsync(Guid meetingId)
    {
        using var secretariat = Secretariat();
        using var response = await secretariat.GetAsync($"{Prefix}/meetings/{meetingId}/registrations");
        Assert.True(response.StatusCode == HttpStatusCode.OK, await Responses.Describe(response));
        return [.. (await Responses.JsonAsync(response)).EnumerateArray()];
    }

    /// <summary>The field names a 400 problem names.</summary>
    public static async Task<string[]> ProblemFieldsAsync(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, await Responses.Describe(response));
        var problem = await Responses.ProblemAsync(response);
        return [.. problem.GetProperty("errors").EnumerateObject().Select(p => p.Name)];
    }
}
