using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using System.Text.Json;
using Gacere.Membership.Domain;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using HttpJsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;
using Gacere.ServiceDefaults;
using Gacere.ReferenceData;

namespace Gacere.UnitTests.Input;

/// <summary>The binding policy every service gets from ServiceDefaults, decided by pure functions.</summary>
public sealed class InputPolicyTests
{
    private static readonly JsonSerializerOptions Json = ConfiguredJsonOptions();

    private static JsonSerializerOptions ConfiguredJsonOptions()
    {
        // The options exactly as a service gets them: whatever AddInputPolicy registers, nothing chosen here.
        var builder = Host.CreateApplicationBuilder();
        builder.AddInputPolicy();
        using var host = builder.Build();
        return host.Services.GetRequiredService<IOptions<HttpJsonOptions>>().Value.SerializerOptions;
    }

    public sealed class Organisation
    {
        public string? Name { get; init; }
        public OrgType? OrgType { get; init; }
        public MembershipCategory? Category { get; init; }
        public List<string>? Tags { get; init; }
        public Dictionary<string, MembershipCategory>? Seats { get; init; }
        public Organisation? Parent { get; init; }
    }

    private static JsonBodyPolicy.Violation? Check(string body) =>
        JsonBodyPolicy.FirstViolation(JsonDocument.Parse(body).RootElement, typeof(Organisation), Json);

    [Theory]
    [InlineData("""{"name":"Repair\u0000Cafe"}""", "name")]
    [InlineData("""{"tags":["ok","bad\u0000"]}""", "tags[1]")]
    [InlineData("""{"parent":{"parent":{"name":"\u0000"}}}""", "parent.parent.name")]
    [InlineData("""{"unknown":{"deep":["\u0000"]}}""", "unknown.deep[0]")]
    [InlineData("""{"seats":{"a\u0000":"member"}}""", "seats.a\0")]
    [InlineData("\"\\u0000\"", "body")]
    public void Text_with_a_NUL_character_is_refused_naming_its_path(string body, string field)
    {
        var violation = Check(body);
        Assert.NotNull(violation);
        Assert.Equal(field.Replace("\\0", "\0", StringComparison.Ordinal), violation.Value.Field);
        Assert.Contains("NUL", violation.Value.Message);
    }

    [Fact]
    public void Text_without_NUL_passes_and_reads_as_before()
    {
        const string body = """{"name":"Zéro Déchet\n\"Lyon\"","tags":["a"],"orgType":"un_entity","seats":{"x":"observer"}}""";
        Assert.Null(Check(body));
        var read = JsonSerializer.Deserialize<Organisation>(body, Json)!;
        Assert.Equal("Zéro Déchet\n\"Lyon\"", read.Name);
        Assert.Equal(OrgType.UnEntity, read.OrgType);
    }

    [Theory]
    [InlineData("\"observer,strategic_partner\"")]     // read as bit flags 1|2, this once admitted a supporting_stakeholder
    [InlineData("\"strategic_partner, convener\"")]    // 2|4: no such category, a 500 when stored
    [InlineData("2")]
    [InlineData("\"2\"")]
    [InlineData("\"Observer\"")]
    [InlineData("\"observer \"")]
    [InlineData("\"\"")]
    [InlineData("true")]
    public void An_enum_accepts_exactly_one_declared_code(string value)
    {
        var violation = Check($$"""{"category":{{value}}}""");
        Assert.NotNull(violation);
        Assert.Equal("category", violation.Value.Field);
        Assert.Contains("supporting_stakeholder", violation.Value.Message);

        var nested = Check("""{"parent":{"seats":{"x":""" + value + "}}}");
        Assert.Equal("parent.seats.x", nested?.Field);
    }

    [Fact]
    public void The_built_in_converter_alone_would_admit_a_flag_list()
    {
        // Why the policy reads the body before binding: the converter keeps the OpenAPI codes, but not this.
        var read = JsonSerializer.Deserialize<Organisation>("""{"category":"observer,strategic_partner"}""", Json)!;
        Assert.Equal(MembershipCategory.SupportingStakeholder, read.Category);
    }

    [Fact]
    public void An_enum_reads_and_writes_its_snake_case_code()
    {
        Assert.Null(Check("""{"orgType":"un_entity","category":"supporting_stakeholder","parent":{"category":null}}"""));
        var read = JsonSerializer.Deserialize<Organisation>("""{"orgType":"un_entity","category":"supporting_stakeholder"}""", Json)!;
        Assert.Equal(OrgType.UnEntity, read.OrgType);
        Assert.Equal(MembershipCategory.SupportingStakeholder, read.Category);
        Assert.Equal("\"regional_economic_integration_org\"", JsonSerializer.Serialize(OrgType.RegionalEconomicIntegrationOrg, Json));
    }

    [Fact]
    public void The_wire_codes_are_the_domain_vocabulary()
    {
        AssertSame<OrgType>();
        AssertSame<MembershipCategory>();
        AssertSame<ApplicationStatus>();
        AssertSame<MemberStatus>();
        AssertSame<DatePrecision>();

        static void AssertSame<TEnum>() where TEnum : struct, Enum =>
            Assert.Equal(Vocabulary.AllCodes<TEnum>(), JsonBodyPolicy.Codes(typeof(TEnum)));
    }

    [Theory]
    [InlineData("strategic_partner, convener")]
    [InlineData("observer,strategic_partner")]
    [InlineData("3")]
    [InlineData("Observer")]
    public void Query_string_codes_are_parsed_exactly_as_well(string code) =>
        Assert.False(Vocabulary.TryParse<MembershipCategory>(code, out _));

    [Theory]
    [InlineData("application/json; charset=bogus", "bogus")]
    [InlineData("application/json; charset=utf-16", "utf-16")]
    [InlineData("application/problem+json; charset=\"latin1\"", "latin1")]
    [InlineData("application/json; charset=utf-8", null)]
    [InlineData("application/json; charset=\"UTF-8\"", null)]
    [InlineData("application/json", null)]
    [InlineData("text/plain; charset=bogus", null)] // not JSON: the endpoint's own media-type check answers 415
    [InlineData("", null)]
    public void JSON_is_accepted_in_UTF_8_only(string contentType, string? refused) =>
        Assert.Equal(refused, InputPolicy.UnsupportedCharset(contentType));

    [Theory]
    [InlineData(int.MaxValue, false)]
    [InlineData(PageRequest.MaxPage + 1, false)]
    [InlineData(0, false)]
    [InlineData(PageRequest.MaxPage, true)]
    [InlineData(1, true)]
    public void Page_numbers_are_bounded(int page, bool valid)
    {
        var request = new PageRequest { Page = page, PageSize = PageRequest.MaxPageSize };
        var results = new List<ValidationResult>();
        Assert.Equal(valid, Validator.TryValidateObject(request, new ValidationContext(request), results, validateAllProperties: true));
        if (valid)
        {
            Assert.True(request.Offset >= 0);
        }
        else
        {
            Assert.Contains(results, r => r.MemberNames.Contains(nameof(PageRequest.Page)));
        }
    }

    [Theory]
    [InlineData(GacereAuth.MaxSubjectLength, false)]
    [InlineData(GacereAuth.MaxSubjectLength + 1, true)]
    [InlineData(5000, true)]
    public void A_subject_longer_than_an_actor_can_be_recorded_is_refused(int length, bool refused)
    {
        var user = new ClaimsPrincipal(new ClaimsIdentity([new Claim(GacereRoles.SubjectClaim, new string('s', length))], "test"));
        Assert.Equal(refused, AuthenticationExtensions.SubjectProblem(user) is not null);
    }

    [Fact]
    public void Clock_skew_is_at_most_thirty_seconds() =>
        Assert.True(GacereAuth.ClockSkew <= TimeSpan.FromSeconds(30));

    [Theory]
    [InlineData("Failed to bind parameter \"int? Page\" from \"99999999999\".", "Page")]
    [InlineData("Required parameter \"string trackingToken\" was not provided from route.", "trackingToken")]
    [InlineData("Something else.", null)]
    public void A_binding_failure_names_its_parameter(string message, string? parameter) =>
        Assert.Equal(parameter, BadRequestExceptionHandler.ParameterOf(message));
    [Fact]
    public void Headers_over_the_platforms_total_are_refused_naming_the_largest_and_headers_within_it_pass()
    {
        var headers = new HeaderDictionary { ["Host"] = "localhost", ["Accept"] = "application/json" };
        Assert.Null(KestrelLimits.FirstExceeded(headers));

        headers["X-Padding"] = new string('a', KestrelLimits.MaxHeadersTotalSize);
        var exceeded = KestrelLimits.FirstExceeded(headers);

        Assert.NotNull(exceeded);
        Assert.Equal((StatusCodes.Status431RequestHeaderFieldsTooLarge, "X-Padding"), (exceeded.Value.Status, exceeded.Value.Field));
    }

    [Fact]
    public void Behind_the_gateway_a_service_also_accepts_what_the_gateway_adds_and_no_more()
    {
        var headers = new HeaderDictionary { ["X-Padding"] = new string('a', KestrelLimits.MaxHeadersTotalSize) };
        Assert.NotNull(KestrelLimits.FirstExceeded(headers, atEdge: true));
        Assert.Null(KestrelLimits.FirstExceeded(headers, atEdge: false));

        headers["X-Padding"] = new string('a', KestrelLimits.MaxHeadersTotalSize + KestrelLimits.ForwardingAllowanceBytes);
        Assert.NotNull(KestrelLimits.FirstExceeded(headers, atEdge: false));
    }

    [Fact]
    public void More_header_lines_than_the_platform_accepts_are_refused_naming_the_headers()
    {
        var headers = new HeaderDictionary();
        for (var i = 0; i < KestrelLimits.MaxHeaderCount; i++)
        {
            headers[$"X-Line-{i}"] = "x";
        }
        Assert.Null(KestrelLimits.FirstExceeded(headers));

        headers["X-Line-Extra"] = "x";
        Assert.Equal((StatusCodes.Status431RequestHeaderFieldsTooLarge, "headers"),
            KestrelLimits.FirstExceeded(headers) is { } exceeded ? (exceeded.Status, exceeded.Field) : default);
    }

    [Fact]
    public void Kestrels_own_limits_are_above_the_platforms_so_that_the_input_policy_answers_first()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.AddInputPolicy();
        using var host = builder.Build();
        var limits = host.Services.GetRequiredService<IOptions<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>>().Value.Limits;

        Assert.True(limits.MaxRequestLineSize > KestrelLimits.MaxUrlLength + "OPTIONS  HTTP/1.1\r\n".Length);
        Assert.True(limits.MaxRequestHeadersTotalSize > KestrelLimits.MaxHeadersTotalSize + KestrelLimits.ForwardingAllowanceBytes);
        Assert.True(limits.MaxRequestHeaderCount > KestrelLimits.MaxHeaderCount + KestrelLimits.ForwardingAllowanceLines);
        // HTTP/2 and HTTP/3 check each header on their own while decoding (closing the connection over it): never below what the input policy judges.
        Assert.True(limits.Http2.MaxRequestHeaderFieldSize > KestrelLimits.MaxHeadersTotalSize + KestrelLimits.ForwardingAllowanceBytes);
        Assert.True(limits.Http3.MaxRequestHeaderFieldSize > KestrelLimits.MaxHeadersTotalSize + KestrelLimits.ForwardingAllowanceBytes);
        Assert.Equal(InputPolicy.MaxRequestBodyBytes, limits.MaxRequestBodySize);
    }
}
