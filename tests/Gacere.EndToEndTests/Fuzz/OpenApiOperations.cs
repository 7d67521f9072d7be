using System.Text.Json;

namespace Gacere.EndToEndTests.Fuzz;

/// <summary>One operation of a service's published OpenAPI document: what the fuzzer may call and with what.</summary>
public sealed record FuzzOperation(
    string Service, string Method, string PathTemplate, IReadOnlyList<FuzzParameter> Parameters, JsonElement? BodySchema)
{
    public override string ToString() => $"{Method} {PathTemplate}";
}

public sealed record FuzzParameter(string Name, string In, bool Required, JsonElement Schema);

/// <summary>
/// Reads the operations every service publishes through the gateway (<c>/docs/openapi/{service}.json</c>),
/// so that an operation added tomorrow is fuzzed tomorrow without anyone listing it here.
/// </summary>
public static class OpenApiOperations
{
    private static readonly string[] Methods = ["get", "post", "put", "patch", "delete"];

    public static async Task<(IReadOnlyList<FuzzOperation> Operations, IReadOnlyDictionary<string, JsonDocument> Documents)> DiscoverAsync(
        HttpClient gateway, IEnumerable<string> services)
    {
        var operations = new List<FuzzOperation>();
        var documents = new Dictionary<string, JsonDocument>();
        foreach (var service in services)
        {
            using var response = await gateway.GetAsync($"/docs/openapi/{service}.json");
            response.EnsureSuccessStatusCode();
            var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            documents[service] = document;
            foreach (var path in document.RootElement.GetProperty("paths").EnumerateObject())
            {
                var shared = path.Value.TryGetProperty("parameters", out var common) ? Parameters(common) : [];
                foreach (var method in Methods)
                {
                    if (!path.Value.TryGetProperty(method, out var operation))
                    {
                        continue;
                    }
                    var parameters = operation.TryGetProperty("parameters", out var own) ? [.. shared, .. Parameters(own)] : shared;
                    JsonElement? body = operation.TryGetProperty("requestBody", out var requestBody) &&
                                        requestBody.TryGetProperty("content", out var content) &&
                                        content.EnumerateObject().FirstOrDefault(c => c.Name.Contains("json", StringComparison.Ordinal)) is { Value.ValueKind: JsonValueKind.Object } json &&
                                        json.Value.TryGetProperty("schema", out var schema)
                        ? schema
                        : null;
                    operations.Add(new FuzzOperation(service, method.ToUpperInvariant(), path.Name, parameters, body));
                }
            }
        }
        return (operations, documents);
    }

    private static List<FuzzParameter> Parameters(JsonElement parameters) =>
        [.. parameters.EnumerateArray().Select(p => new FuzzParameter(
            p.GetProperty("name").GetString()!,
            p.GetProperty("in").GetString()!,
            p.TryGetProperty("required", out var required) && required.GetBoolean(),
            p.TryGetProperty("schema", out var schema) ? schema : default))];
}
