using System.Net;
using Gacere.DevHost;

namespace Gacere.ApiTests.ReplicaServices;

/// <summary>
/// What PolicyMapping, Partnerships and Events each answer today: a public list of their seeded reference
/// rows, the member replica, and nothing else without a token. Each test starts the service on a fresh database.
/// </summary>
public abstract class ReplicaServiceApiTests<TEntryPoint>(ServersFixture servers) : IAsyncLifetime where TEntryPoint : class
{
    private ServiceFactory<TEntryPoint> _service = null!;

    /// <summary>The connection string name the service reads, e.g. <c>eventsdb</c>.</summary>
    protected abstract string Database { get; }

    /// <summary>Where the service's routes start, e.g. <c>/api/events</c>.</summary>
    protected abstract string Prefix { get; }

    /// <summary>The public list of seeded reference rows, under <see cref="Prefix"/>.</summary>
    protected abstract string SeededList { get; }

    /// <summary>The property that names a row of <see cref="SeededList"/>.</summary>
    protected abstract string KeyProperty { get; }

    /// <summary>Every seeded row's key, in the order the list answers them.</summary>
    protected abstract IReadOnlyList<string> SeededKeys { get; }

    public async Task InitializeAsync() => _service = await ServiceFactory<TEntryPoint>.CreateAsync(servers, Database);

    public async Task DisposeAsync() => await _service.DisposeAsync();

    [Fact]
    public async Task The_public_list_answers_every_seeded_row_in_order_without_a_token()
    {
        using var anonymous = _service.CreateClient();

        using var response = await anonymous.GetAsync($"{Prefix}{SeededList}?pageSize=100");

        Assert.True(response.StatusCode == HttpStatusCode.OK, await Responses.Describe(response));
        var page = await Responses.JsonAsync(response);
        Assert.Equal(SeededKeys.Count, page.GetProperty("totalCount").GetInt64());
        Assert.Equal(SeededKeys, page.GetProperty("items").EnumerateArray().Select(row => row.GetProperty(KeyProperty).GetString()!).ToArray());
    }

    [Fact]
    public async Task The_member_replica_answers_404_for_an_unknown_member()
    {
        using var anonymous = _service.CreateClient();

        using var response = await anonymous.GetAsync($"{Prefix}/members/{Guid.NewGuid()}");

        Assert.True(response.StatusCode == HttpStatusCode.NotFound, await Responses.Describe(response));
    }

    /// <summary>
    /// Deny by default: a route that is not declared anonymous needs a token. None of this service's routes
    /// needs one yet, so a route it does not map stands in for the next one added without AllowAnonymous.
    /// </summary>
    [Fact]
    public async Task A_route_not_declared_anonymous_is_401_without_a_valid_token_and_reached_with_one()
    {
        var path = $"{Prefix}/not-yet-mapped";
        using var anonymous = _service.CreateClient();
        using var foreignKey = _service.CreateClientWithToken(DevTokens.Mint(Convert.ToBase64String(new byte[64]), GacereRoles.Secretariat));
        using var secretariat = _service.CreateClient(GacereRoles.Secretariat);

        using var withoutToken = await anonymous.GetAsync(path);
        using var withForeignToken = await foreignKey.GetAsync(path);
        using var withToken = await secretariat.GetAsync(path);

        Assert.True(withoutToken.StatusCode == HttpStatusCode.Unauthorized, await Responses.Describe(withoutToken));
        Assert.True(withForeignToken.StatusCode == HttpStatusCode.Unauthorized, await Responses.Describe(withForeignToken));
        // The service's issuer, audience and key accept a development token: past authorization, nothing is there.
        Assert.True(withToken.StatusCode == HttpStatusCode.NotFound, await Responses.Describe(withToken));
    }
}
