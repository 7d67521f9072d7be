using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Gacere.DevHost;
using Xunit.Abstractions;

namespace Gacere.EndToEndTests.Fuzz;

/// <summary>
/// Every operation the services publish, called through the gateway with malformed bodies, headers, paths
/// and query strings. Nothing may answer 5xx, and every 4xx must be a problem document. Seeded (set
/// <c>GACERE_FUZZ_SEED</c> to replay a run) and bounded in requests and time.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class OpenApiFuzzTests(TopologyFixture platform, ITestOutputHelper output)
{
    private const int RequestBudget = 3000;
    private const int Concurrency = 6;
    private static readonly TimeSpan TimeBudget = TimeSpan.FromSeconds(45);

    /// <summary>Anonymous writes are limited per address: the fuzzer spreads them over loopback addresses of its own.</summary>
    private const int ClientAddresses = 64;

    [Fact]
    public async Task Malformed_requests_to_every_published_operation_get_a_4xx_problem_and_never_a_5xx()
    {
        var seed = Environment.GetEnvironmentVariable("GACERE_FUZZ_SEED") is { Length: > 0 } fixedSeed
            ? int.Parse(fixedSeed, CultureInfo.InvariantCulture)
            : Random.Shared.Next();
        output.WriteLine($"fuzz seed {seed} (GACERE_FUZZ_SEED={seed} replays it)");

        var (operations, documents) = await OpenApiOperations.DiscoverAsync(platform.Gateway, ResourceNames.Services);
        foreach (var service in ResourceNames.Services)
        {
            Assert.True(operations.Any(o => o.Service == service), $"{service} publishes no operation in its OpenAPI document");
        }

        var clients = Enumerable.Range(1, ClientAddresses).Select(i => ClientFrom($"127.0.42.{i}")).ToList();
        var tokens = Tokens();
        var failures = new System.Collections.Concurrent.ConcurrentDictionary<string, string>();
        var statuses = new System.Collections.Concurrent.ConcurrentDictionary<int, int>();
        var sent = 0;
        var bare = 0;
        var resent = 0;
        var clock = Stopwatch.StartNew();
        try
        {
            await Task.WhenAll(Enumerable.Range(0, Concurrency).Select(worker => Task.Run(async () =>
            {
                // One generator per worker, each seeded from the run's seed: a seed replays the same requests.
                var random = new Random(HashCode.Combine(seed, worker));
                while (clock.Elapsed < TimeBudget && Interlocked.Increment(ref sent) <= RequestBudget)
                {
                    var operation = operations[random.Next(operations.Count)];
                    var components = documents[operation.Service].RootElement.TryGetProperty("components", out var c) &&
                                     c.TryGetProperty("schemas", out var schemas) ? schemas : default;
                    var inputs = new MalformedInputs(random, components);
                    using var request = Build(operation, inputs, tokens, out var description);
                    var client = clients[random.Next(clients.Count)];
                    string? failure;
                    var copy = await CopyAsync(request);
                    try
                    {
                        HttpResponseMessage answer;
                        try
                        {
                            answer = await client.SendAsync(request);
                        }
                        catch (HttpRequestException ex) when (ex.HttpRequestError == HttpRequestError.ResponseEnded || ex.InnerException is IOException)
                        {
                            // A pooled keep-alive connection the server had just closed (it may close one after refusing
                            // a body it did not read): the answer ends early, or writing the request meets a broken pipe.
                            // The same request once more on a connection of its own. A server that really drops the
                            // request drops it again, and that is a failure.
                            Interlocked.Increment(ref resent);
                            using var fresh = ClientFrom($"127.0.43.{Random.Shared.Next(1, 255)}");
                            answer = await fresh.SendAsync(copy);
                        }
                        using var response = answer;
                        statuses.AddOrUpdate((int)response.StatusCode, 1, (_, n) => n + 1);
                        failure = await JudgeAsync(response);
                        if (IsServerLevelRefusal(response, ""))
                        {
                            Interlocked.Increment(ref bare);
                        }
                    }
                    catch (HttpRequestException ex)
                    {
                        failure = $"no answer: {ex.Message} {ex.InnerException?.Message}";
                    }
                    finally
                    {
                        copy.Dispose();
                    }
                    if (failure is not null)
                    {
                        failures.TryAdd($"{operation} {failure.Split(':')[0]}", $"{description}\n    → {failure}");
                    }
                }
            })));
        }
        finally
        {
            clients.ForEach(client => client.Dispose());
        }

        var count = Math.Min(sent, RequestBudget);
        output.WriteLine($"{count} requests to {operations.Count} operations in {clock.Elapsed.TotalSeconds:F1} s; " +
                         string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}×{s.Value}")) +
                         $"; {bare} refused by Kestrel before the application; {resent} resent after a closed connection");
        Assert.True(failures.IsEmpty,
            $"fuzz seed {seed} (GACERE_FUZZ_SEED={seed} replays it): {failures.Count} kinds of failure in {count} requests\n" +
            string.Join("\n", failures.Values.Take(25)) + "\n" + platform.RecentLog(40));
    }

    /// <summary>The same request again (method, address, headers, body), for one resend on a fresh connection.</summary>
    private static async Task<HttpRequestMessage> CopyAsync(HttpRequestMessage request)
    {
        var copy = new HttpRequestMessage(request.Method, request.RequestUri) { Version = request.Version };
        foreach (var header in request.Headers)
        {
            copy.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }
        if (request.Content is { } content)
        {
            copy.Content = new ByteArrayContent(await content.ReadAsByteArrayAsync());
            foreach (var header in content.Headers)
            {
                copy.Content.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
        }
        return copy;
    }

    /// <summary>null when the answer is acceptable: below 500, and a problem document when it is a 4xx.</summary>
    private static async Task<string?> JudgeAsync(HttpResponseMessage response)
    {
        var status = (int)response.StatusCode;
        var body = await response.Content.ReadAsStringAsync();
        var head = body.Length > 300 ? body[..300] : body;
        if (status >= 500)
        {
            return $"{status}: {head}";
        }
        if (IsServerLevelRefusal(response, body))
        {
            return null;
        }
        if (status >= 400)
        {
            if (response.Content.Headers.ContentType?.MediaType != "application/problem+json")
            {
                return $"{status} not a problem document ({response.Content.Headers.ContentType?.MediaType ?? "no content type"}): {head}";
            }
            try
            {
                using var problem = JsonDocument.Parse(body);
                if (!problem.RootElement.TryGetProperty("status", out var stated) || stated.GetInt32() != status)
                {
                    return $"{status} problem without a matching status: {head}";
                }
            }
            catch (JsonException)
            {
                return $"{status} problem that is not JSON: {head}";
            }
        }
        return null;
    }

    /// <summary>
    /// Kestrel refuses a request it cannot parse as HTTP (a NUL in the decoded path) or one over its own limits, which sit
    /// a little above the platform's (a request line over 9 KB, headers over about 49 KB: ServiceDefaults' KestrelLimits),
    /// before any application code runs, with an empty body and the connection closed. No middleware can turn that into
    /// a problem document; it is the one 4xx that is allowed to be bare (a URL or headers merely over the platform's
    /// limits get a 414 or 431 problem from the input policy).
    /// </summary>
    private static bool IsServerLevelRefusal(HttpResponseMessage response, string body) =>
        (int)response.StatusCode is 400 or 414 or 431 &&
        response.Headers.ConnectionClose == true &&
        body.Length == 0 &&
        response.Content.Headers.ContentType is null;

    private static HttpRequestMessage Build(FuzzOperation operation, MalformedInputs inputs, IReadOnlyList<(string Kind, string? Header)> tokens, out string description)
    {
        var notes = new List<string>();
        var path = operation.PathTemplate;
        foreach (var parameter in operation.Parameters.Where(p => p.In == "path"))
        {
            var value = inputs.Chance(40) ? PlausibleValue(parameter.Schema) : inputs.HostileValue();
            if (value.Length == 0)
            {
                value = "x";
            }
            notes.Add($"{parameter.Name}={Short(value)}");
            path = path.Replace("{" + parameter.Name + "}", Uri.EscapeDataString(value), StringComparison.Ordinal);
        }

        var query = new List<string>();
        foreach (var parameter in operation.Parameters.Where(p => p.In == "query"))
        {
            if (inputs.Chance(parameter.Required ? 90 : 60))
            {
                var value = inputs.Chance(30) ? PlausibleValue(parameter.Schema) : inputs.HostileValue();
                query.Add($"{Uri.EscapeDataString(parameter.Name)}={Uri.EscapeDataString(value)}");
                if (inputs.Chance(10))
                {
                    query.Add($"{Uri.EscapeDataString(parameter.Name)}={Uri.EscapeDataString(inputs.HostileValue())}"); // the same key twice
                }
            }
        }
        if (inputs.Chance(20))
        {
            query.Add($"{Uri.EscapeDataString(inputs.HostileValue())}={Uri.EscapeDataString(inputs.HostileValue())}");
        }
        var target = query.Count == 0 ? path : $"{path}?{string.Join('&', query)}";
        var request = new HttpRequestMessage(new HttpMethod(operation.Method), target);
        request.Headers.Accept.ParseAdd(inputs.Pick(["application/json", "application/problem+json", "*/*"]));

        if (operation.BodySchema is not null || (operation.Method != "GET" && inputs.Chance(30)))
        {
            var (kind, bytes) = inputs.Malformed(operation.BodySchema);
            var content = new ByteArrayContent(bytes);
            var contentType = inputs.Chance(70)
                ? "application/json"
                : inputs.Pick(["application/json; charset=bogus", "application/json; charset=utf-16", "text/plain", "application/xml",
                    "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/json; charset=\"", "a/b/c", ""]);
            if (contentType.Length > 0)
            {
                content.Headers.TryAddWithoutValidation("Content-Type", contentType);
            }
            request.Content = content;
            notes.Add($"body {kind} ({bytes.Length} B) as '{contentType}'");
        }

        // A third anonymous, a third as the secretariat (to reach the handlers), the rest with tokens to refuse.
        var roll = inputs.Next(3);
        var (tokenKind, authorization) = tokens[roll == 0 ? 0 : roll == 1 ? 1 : 2 + inputs.Next(tokens.Count - 2)];
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }
        notes.Add($"auth {tokenKind}");

        if (inputs.Chance(25))
        {
            var header = inputs.Pick(["Idempotency-Key", "X-Correlation-Id", "X-Forwarded-For", "If-None-Match", "X-Custom"]);
            var value = inputs.Pick(["clé-ü", "名前", new string('k', 500), "has space", "\t", "🙂", "0196a0a0-0000-7000-8000-000000000001", "a,b"]);
            request.Headers.TryAddWithoutValidation(header, value);
            notes.Add($"{header}: {Short(value)}");
        }

        description = $"{operation.Method} {Short(target, 160)} [{string.Join("; ", notes)}]";
        return request;
    }

    private static string PlausibleValue(JsonElement schema)
    {
        if (schema.ValueKind != JsonValueKind.Object)
        {
            return "x";
        }
        var format = schema.TryGetProperty("format", out var f) ? f.GetString() : null;
        var type = schema.TryGetProperty("type", out var t) ? (t.ValueKind == JsonValueKind.Array ? string.Join(",", t.EnumerateArray()) : t.GetString()) : "";
        return format == "uuid" ? Guid.NewGuid().ToString()
            : type?.Contains("integer", StringComparison.Ordinal) == true ? "2"
            : "KEN";
    }

    /// <summary>No token, then tokens the platform must refuse or accept: valid roles, expired, foreign, over-long subject, junk.</summary>
    private List<(string Kind, string? Header)> Tokens()
    {
        var key = platform.Topology.SigningKey;
        var foreignKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        return
        [
            ("anonymous", null),
            ("secretariat", "Bearer " + DevTokens.Mint(key, GacereRoles.Secretariat, subject: "fuzz-secretariat")),
            ("focal point", "Bearer " + DevTokens.Mint(key, GacereRoles.FocalPoint, Guid.NewGuid())),
            ("expired", "Bearer " + DevTokens.Mint(key, GacereRoles.Secretariat, lifetime: TimeSpan.FromMinutes(-2))),
            ("foreign key", "Bearer " + DevTokens.Mint(foreignKey, GacereRoles.Secretariat)),
            ("long subject", "Bearer " + DevTokens.Mint(key, GacereRoles.Secretariat, subject: new string('s', 300))),
            ("junk bearer", "Bearer not.a.token"),
            ("basic", "Basic " + Convert.ToBase64String(Encoding.ASCII.GetBytes("admin:admin"))),
        ];
    }

    /// <summary>Like the fixture's <c>ClientFrom</c>, but free to send header values that are not ASCII, as an attacker's client would.</summary>
    private HttpClient ClientFrom(string loopbackAddress) => new(new SocketsHttpHandler
    {
        RequestHeaderEncodingSelector = (_, _) => Encoding.UTF8,
        ConnectCallback = async (context, cancellationToken) =>
        {
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
            socket.Bind(new IPEndPoint(IPAddress.Parse(loopbackAddress), 0));
            await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        },
    }, disposeHandler: true)
    {
        BaseAddress = platform.Topology.GatewayUrl,
        Timeout = TimeSpan.FromSeconds(30),
    };

    private static string Short(string text, int length = 40) =>
        (text.Length > length ? text[..length] + "…" : text).Replace("\0", "\\0", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal).Replace("\r", "\\r", StringComparison.Ordinal);
}
