using Microsoft.Extensions.Hosting;
using System.Text.Json;
using Gacere.Membership.Apis;
using Gacere.Membership.Idempotency;
using Gacere.ServiceDefaults;

namespace Gacere.UnitTests.Membership;

public class ApiHelpersTests
{
    [Theory]
    [InlineData("Organisation.CountryIso3", "organisation.countryIso3")]
    [InlineData("FocalPoint.Email", "focalPoint.email")]
    [InlineData("Page", "page")]
    [InlineData("PageSize", "pageSize")]
    [InlineData("Items[2].Name", "items[2].name")]
    [InlineData("organisation.countryIso3", "organisation.countryIso3")]
    [InlineData("Idempotency-Key", "Idempotency-Key")]
    public void Validation_errors_are_named_by_their_json_path(string key, string expected) =>
        Assert.Equal(expected, ValidationErrorNames.JsonPath(key));

    [Fact]
    public void Renaming_merges_messages_for_the_same_field()
    {
        var errors = new Dictionary<string, string[]> { ["Motivation"] = ["a"], ["motivation"] = ["b"] };
        ValidationErrorNames.Rename(errors);
        Assert.Equal(["b", "a"], Assert.Single(errors).Value);
    }

    [Theory]
    [InlineData("2f1c0f0e-7a61-4bde-9a3c-0b6f8f2a1d55", true)]
    [InlineData("ghana-001", true)]
    [InlineData("has space", false)]
    [InlineData("", false)]
    [InlineData("é", false)]
    public void Idempotency_keys_are_short_printable_ascii(string key, bool valid) => Assert.Equal(valid, IdempotencyStore.IsValidKey(key));

    [Fact]
    public void Idempotency_fingerprint_depends_on_the_request_not_its_formatting()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        var first = JsonSerializer.Deserialize<ReasonRequest>("{\"reason\":\"x\"}", options)!;
        var same = JsonSerializer.Deserialize<ReasonRequest>("{ \"reason\" :  \"x\" }", options)!;
        var other = JsonSerializer.Deserialize<ReasonRequest>("{\"reason\":\"y\"}", options)!;

        Assert.Equal(IdempotencyStore.Fingerprint(first, options), IdempotencyStore.Fingerprint(same, options));
        Assert.NotEqual(IdempotencyStore.Fingerprint(first, options), IdempotencyStore.Fingerprint(other, options));
    }

    [Fact]
    public void Idempotency_keys_live_under_the_service_prefix() =>
        Assert.Equal("membership:idempotency:submit-application:k-1", IdempotencyStore.RedisKey("submit-application", "k-1"));
}
