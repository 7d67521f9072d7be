using System.Text.Json;

namespace Gacere.ApiTests;

public static class Responses
{
    /// <summary>A failure message that shows what the service answered.</summary>
    public static async Task<string> Describe(HttpResponseMessage response) =>
        $"{(int)response.StatusCode} {response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.PathAndQuery}: {await response.Content.ReadAsStringAsync()}";

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response)
    {
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.Clone();
    }

    public static async Task<JsonElement> ProblemAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return await JsonAsync(response);
    }
}
