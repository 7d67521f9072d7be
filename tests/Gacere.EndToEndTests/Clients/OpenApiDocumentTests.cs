using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Gacere.EndToEndTests.Clients;

/// <summary>
/// The OpenAPI documents as the gateway serves them: equal to the checked-in copies the generated clients are
/// built from, clean under redocly's recommended rules, and saying what a generated client needs.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class OpenApiDocumentTests(TopologyFixture platform)
{
    public static readonly TheoryData<string> Services = new([.. ResourceNames.Services]);

    /// <summary>Set to 1 to write what the platform serves over the checked-in documents (then review the diff).</summary>
    private const string AcceptVariable = "GACERE_ACCEPT_OPENAPI";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    private static string DocumentsFolder => RepositoryRoot.PathOf("docs", "openapi");

    [Theory]
    [MemberData(nameof(Services))]
    public async Task The_checked_in_document_is_what_the_gateway_serves(string service)
    {
        var served = await ServedAsync(service);
        var path = Path.Combine(DocumentsFolder, $"{service}.json");
        if (Environment.GetEnvironmentVariable(AcceptVariable) == "1")
        {
            await File.WriteAllTextAsync(path, served);
        }
        var checkedIn = File.Exists(path) ? await File.ReadAllTextAsync(path) : "(missing)";
        Assert.True(Normalised(checkedIn) == served,
            $"docs/openapi/{service}.json differs from what the running service serves, so the generated client is stale. " +
            $"Rerun this test with {AcceptVariable}=1 to refresh it, rebuild, and review the diff.");
    }

    [Fact]
    public async Task Every_served_document_passes_redocly_lint_with_the_recommended_rules()
    {
        var redocly = Path.Combine(DocumentsFolder, "node_modules", ".bin", "redocly");
        Assert.True(File.Exists(redocly), $"{redocly} is missing: run `npm ci` in docs/openapi (./gacere test does).");
        var folder = Directory.CreateTempSubdirectory("gacere-openapi-");
        try
        {
            var files = new List<string>();
            foreach (var service in Services)
            {
                var file = Path.Combine(folder.FullName, $"{service}.json");
                await File.WriteAllTextAsync(file, await ServedAsync(service));
                files.Add(file);
            }
            var start = new ProcessStartInfo(redocly) { WorkingDirectory = DocumentsFolder, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var argument in new[] { "lint", "--config", "redocly.yaml", "--format", "stylish" }.Concat(files))
            {
                start.ArgumentList.Add(argument);
            }
            using var lint = Process.Start(start)!;
            var output = lint.StandardOutput.ReadToEndAsync();
            var errors = lint.StandardError.ReadToEndAsync();
            await lint.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
            Assert.True(lint.ExitCode == 0, $"redocly lint failed ({lint.ExitCode}):\n{await output}\n{await errors}");
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Theory]
    [MemberData(nameof(Services))]
    public async Task The_served_document_names_the_gateway_and_documents_security_errors_enums_and_integers(string service)
    {
        var document = JsonNode.Parse(await ServedAsync(service))!;
        Assert.Equal("/", document["servers"]![0]!["url"]!.GetValue<string>());
        Assert.Equal("bearer", document["components"]!["securitySchemes"]!["bearer"]!["scheme"]!.GetValue<string>());

        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            foreach (var (method, operation) in item!.AsObject())
            {
                var where = $"{method.ToUpperInvariant()} {path}";
                var security = operation!["security"]!.AsArray();
                var responses = operation["responses"]!.AsObject();
                Assert.True(responses.ContainsKey("429"), $"{where}: no 429");
                if (security.Count > 0)
                {
                    Assert.True(responses.ContainsKey("401"), $"{where} needs a token but documents no 401");
                }
                foreach (var (status, response) in responses.Where(r => r.Key[0] is '4' or '5'))
                {
                    Assert.True(response!["content"]?["application/problem+json"]?["schema"]?["$ref"] is not null, $"{where} {status}: no problem type");
                }
            }
        }
        foreach (var schema in Descendants(document))
        {
            if (schema["enum"] is JsonArray values)
            {
                Assert.DoesNotContain(values, value => value is null);
                Assert.Equal("string", schema["type"]?.GetValue<string>());
            }
            if (schema["type"] is JsonArray types)
            {
                Assert.False(types.Any(t => t!.GetValue<string>() == "string") && types.Any(t => t!.GetValue<string>() is "integer" or "number"),
                    $"a number that may be a string: {schema.ToJsonString()}");
            }
        }
    }

    [Fact]
    public async Task Membership_enums_are_its_wire_codes_and_its_required_request_fields_are_not_nullable()
    {
        var document = JsonNode.Parse(await ServedAsync(ResourceNames.Membership))!;
        var schemas = document["components"]!["schemas"]!;
        Assert.Contains("national_government", schemas["OrgType"]!["enum"]!.AsArray().Select(v => v!.GetValue<string>()));
        var organisation = schemas["OrganisationInput"]!;
        Assert.Equal("string", organisation["properties"]!["name"]!["type"]!.GetValue<string>());
        Assert.Equal("#/components/schemas/OrgType", organisation["properties"]!["orgType"]!["$ref"]!.GetValue<string>());
        Assert.NotNull(organisation["properties"]!["countryIso3"]!["description"]);
        var directory = document["paths"]!["/api/membership/directory"]!["get"]!["parameters"]!.AsArray();
        Assert.Equal("#/components/schemas/OrgType", directory.Single(p => p!["name"]!.GetValue<string>() == "orgType")!["schema"]!["$ref"]!.GetValue<string>());
        Assert.Equal("integer", directory.Single(p => p!["name"]!.GetValue<string>() == "page")!["schema"]!["type"]!.GetValue<string>());
    }

    private async Task<string> ServedAsync(string service) =>
        Normalised(await platform.Gateway.GetStringAsync($"/docs/openapi/{service}.json"));

    private static string Normalised(string json) => JsonNode.Parse(json)!.ToJsonString(Indented) + "\n";

    private static IEnumerable<JsonObject> Descendants(JsonNode node) => node switch
    {
        JsonObject obj => new[] { obj }.Concat(obj.Select(p => p.Value).OfType<JsonNode>().SelectMany(Descendants)),
        JsonArray array => array.OfType<JsonNode>().SelectMany(Descendants),
        _ => [],
    };
}
