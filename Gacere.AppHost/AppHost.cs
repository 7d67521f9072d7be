// The GACERE topology under .NET Aspire: RabbitMQ, Redis and PostgreSQL run as containers, the four
// services and the gateway as projects, and the dashboard collects their logs, traces and metrics
// (Aspire hands every project its OTEL_* settings). The resource names are the contract shared with
// tools/Gacere.DevHost and with every configuration key the services read (ARCHITECTURE.md); they are
// constants of libs/Gacere.Platform, which both hosts reference.

using Gacere;

var builder = DistributedApplication.CreateBuilder(args);

// Backing servers. A reference injects ConnectionStrings:<name>; a WaitFor holds the dependant back
// until the server's health check passes, so nothing starts against a server that is still booting.
var messaging = builder.AddRabbitMQ(ResourceNames.Messaging).WithManagementPlugin();
var cache = builder.AddRedis(ResourceNames.Cache);
var postgres = builder.AddPostgres(ResourceNames.Postgres);

// The development key that signs and checks JWTs everywhere. Aspire generates it on the first run and
// keeps it in this project's user secrets as Parameters:auth-signing-key, so tokens survive a restart;
// set that key to use a value of your own. Auth:SigningKey must be base64 of at least 32 bytes: 64
// characters drawn only from letters and digits are valid base64 (every one is in the base64 alphabet
// and 64 is a multiple of 4) and decode to 48 bytes.
var signingKey = builder.AddParameter(
        "auth-signing-key",
        new GenerateParameterDefault { MinLength = 64, Special = false },
        secret: true,
        persist: true)
    .WithDescription("Base64 key that signs the development JWTs accepted by the gateway and the services.");

var policyMapping = builder.AddProject<Projects.Gacere_PolicyMapping>(ResourceNames.PolicyMapping)
    .WithServiceDependencies(postgres.AddDatabase(ResourceNames.PolicyMappingDatabase), cache, messaging)
    .WithDevelopmentAuth(signingKey)
    .WithHttpHealthCheck("/health");

var partnerships = builder.AddProject<Projects.Gacere_Partnerships>(ResourceNames.Partnerships)
    .WithServiceDependencies(postgres.AddDatabase(ResourceNames.PartnershipsDatabase), cache, messaging)
    .WithDevelopmentAuth(signingKey)
    .WithHttpHealthCheck("/health");

var events = builder.AddProject<Projects.Gacere_Events>(ResourceNames.Events)
    .WithServiceDependencies(postgres.AddDatabase(ResourceNames.EventsDatabase), cache, messaging)
    .WithDevelopmentAuth(signingKey)
    .WithHttpHealthCheck("/health");

// No service waits for another: messaging holds no event back from a queue that is not bound yet
// (ARCHITECTURE.md, "No start order, no silent drop"), so the four start together.
var membership = builder.AddProject<Projects.Gacere_Membership>(ResourceNames.Membership)
    .WithServiceDependencies(postgres.AddDatabase(ResourceNames.MembershipDatabase), cache, messaging)
    .WithDevelopmentAuth(signingKey)
    .WithHttpHealthCheck("/health");

// The gateway is the only resource reachable from outside; Redis backs its rate limits and edge cache.
// It resolves each service per request, so it starts beside them instead of waiting for them.
builder.AddProject<Projects.Gacere_Gateway>(ResourceNames.Gateway)
    .WithReference(cache).WaitFor(cache)
    .WithDownstreamServices(membership, policyMapping, partnerships, events)
    .WithDevelopmentAuth(signingKey)
    .WithExternalHttpEndpoints()
    .WithHttpHealthCheck("/health");

builder.Build().Run();

/// <summary>How the GACERE projects are wired, written once instead of five times.</summary>
internal static class GacereWiring
{
    /// <summary>A domain service: its own database, the shared cache and the shared bus, each awaited.</summary>
    public static IResourceBuilder<ProjectResource> WithServiceDependencies(
        this IResourceBuilder<ProjectResource> service,
        IResourceBuilder<PostgresDatabaseResource> database,
        IResourceBuilder<RedisResource> cache,
        IResourceBuilder<RabbitMQServerResource> messaging) =>
        service
            .WithReference(database).WaitFor(database)
            .WithReference(cache).WaitFor(cache)
            .WithReference(messaging).WaitFor(messaging);

    /// <summary>
    /// Gives the gateway <c>services:&lt;name&gt;:http:0</c> for each service (from the service's launch
    /// profile's <c>http</c> endpoint), the addresses its destination resolver reads. No wait: a request to a
    /// service that is not up yet fails alone, and the gateway's own health does not depend on it.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithDownstreamServices(
        this IResourceBuilder<ProjectResource> gateway,
        params IResourceBuilder<ProjectResource>[] services)
    {
        foreach (var service in services)
        {
            gateway.WithReference(service);
        }

        return gateway;
    }

    /// <summary>The <c>Auth</c> section every project reads: the shared signing key, issuer and audience.</summary>
    public static IResourceBuilder<ProjectResource> WithDevelopmentAuth(
        this IResourceBuilder<ProjectResource> project,
        IResourceBuilder<ParameterResource> signingKey) =>
        project
            .WithEnvironment("Auth__SigningKey", signingKey)
            .WithEnvironment("Auth__Issuer", GacereAuth.DevelopmentIssuer)
            .WithEnvironment("Auth__Audience", GacereAuth.Audience);
}
