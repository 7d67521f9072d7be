using System.Security.Cryptography;
using System.Text;
using Gacere.Membership.Domain;
using Gacere.ReferenceData;

namespace Gacere.UnitTests.Membership;

public class TrackingTokenTests
{
    [Fact]
    public void Hash_is_lower_case_hex_SHA256_of_the_token()
    {
        // The SHA-256 test vector of "abc" (FIPS 180-2).
        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", TrackingToken.Hash("abc"));
    }

    [Fact]
    public void An_issued_token_is_stored_only_as_its_hash()
    {
        var (token, hash) = TrackingToken.Issue();

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token))), hash);
        Assert.Equal(64, hash.Length);
        Assert.DoesNotContain(token, hash);
        Assert.True(TrackingToken.IsWellFormed(token));
    }

    [Fact]
    public void Tokens_carry_256_random_bits_in_url_safe_base64()
    {
        var tokens = Enumerable.Range(0, 200).Select(_ => TrackingToken.Issue().Token).ToList();

        Assert.Equal(tokens.Count, tokens.Distinct().Count());
        Assert.All(tokens, token =>
        {
            Assert.Equal(43, token.Length);
            Assert.Matches("^[A-Za-z0-9_-]{43}$", token);
        });
    }

    [Theory]
    [InlineData("short")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA+")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("")]
    public void Malformed_tokens_are_recognised_before_any_lookup(string token) => Assert.False(TrackingToken.IsWellFormed(token));

    [Fact]
    public void The_application_keeps_the_hash_it_was_given()
    {
        var (_, hash) = TrackingToken.Issue();
        var application = Application.Submit("Org", OrgType.Business, null, null, Given.FocalPoint, Given.Alternate, "Motivation text.", hash, Given.Applicant);
        Assert.Equal(hash, application.TrackingTokenHash);
    }
}
