extern alias policymapping;

using System.Globalization;
using Gacere.ReferenceData;
using Gacere.ServiceDefaults;
using Npgsql;
using NpgsqlTypes;
using policymapping::Gacere.PolicyMapping.Domain;
using policymapping::Gacere.PolicyMapping.Search;

namespace Gacere.Bench.Policies;

/// <summary>A member jurisdiction of the benchmark: every country of the catalogue is a member's national government.</summary>
internal sealed record BenchMember(Guid MemberId, string Iso3, string Name);

/// <summary>One generated instrument, valid by the service's own rules (so the import accepts it).</summary>
internal sealed record GeneratedInstrument(
    Guid Id, BenchMember Member, string Level, string TitleOriginal, string TitleEnglish, string Language, string Summary,
    string? SummaryOriginal, DateOnly? AdoptedOn, DateOnly? InForceOn, string Lifecycle, bool Binding, string SourceUrl,
    string InstrumentType, string? PineType, string[] ValueChains, string[] RStrategies, string[] MaterialCategories,
    string[] Themes, string[] IndicatorCodes, DateTimeOffset CreatedAt);

/// <summary>
/// Deterministic instruments spread evenly over the member countries. Every tenth is binding, so <c>binding=true</c>
/// selects exactly a tenth of them (the export's small size).
/// </summary>
internal static class Generator
{
    private static readonly string[] Topics =
    [
        "plastic packaging", "electronic waste", "construction and demolition waste", "food loss and waste", "textile reuse",
        "battery recycling", "critical raw materials", "industrial symbiosis parks", "green public procurement",
        "deposit refund for beverage containers", "extended producer responsibility", "repair and spare parts",
        "landfill diversion", "end-of-life vehicles", "agricultural biomass residues", "mining tailings", "secondary aluminium",
        "compost and organic fertiliser", "single-use plastics", "eco-design of furniture",
    ];

    private static readonly string[] Kinds =
        ["act", "regulation", "strategy", "levy", "programme", "roadmap", "decree", "guidelines", "action plan", "tax credit"];

    private static readonly string[] Sentences =
    [
        "Sets collection and recycling targets for producers and importers.",
        "Creates a fund that finances municipal separate collection.",
        "Requires public buyers to weigh life-cycle costs and recycled content.",
        "Grants tax relief to firms that exchange by-products with neighbours.",
        "Bans landfilling of untreated organic waste from a given date.",
        "Publishes an annual report on material flows and circularity indicators.",
        "Supports small repair businesses with training and microcredit.",
        "Obliges retailers to take back used products free of charge.",
        "Phases out selected single-use items and promotes reusable alternatives.",
        "Establishes traceability of hazardous residues from mine to disposal.",
    ];

    /// <summary>A few languages with words of their own, so that the 'simple' half of the search vector has work.</summary>
    private static readonly (string Code, string Kind, string On, string Summary)[] Languages =
    [
        ("es", "Ley", "sobre", "Establece metas de reciclaje y valorización para productores e importadores."),
        ("fr", "Loi", "relative à", "Fixe des objectifs de collecte et de recyclage pour les producteurs."),
        ("pt", "Lei", "sobre", "Define metas de reciclagem e logística reversa para fabricantes."),
        ("sw", "Sheria", "kuhusu", "Inaweka malengo ya urejelezaji kwa wazalishaji na waagizaji."),
    ];

    private static readonly string[] IndicatorCodes =
        ["material-footprint", "domestic-material-consumption", "national-recycling-rate", "circular-material-use-rate", "resource-productivity"];

    private static readonly IReadOnlyList<string> Types = Vocabulary.AllCodes<InstrumentType>();
    private static readonly IReadOnlyList<string> PineTypes = Vocabulary.AllCodes<PineType>();
    private static readonly IReadOnlyList<string> ValueChains = Vocabulary.AllCodes<ValueChain>();
    private static readonly IReadOnlyList<string> RStrategies = Vocabulary.AllCodes<RStrategy>();
    private static readonly IReadOnlyList<string> Materials = Vocabulary.AllCodes<MaterialCategory>();
    private static readonly IReadOnlyList<string> Themes = Vocabulary.AllCodes<PolicyTheme>();

    private static readonly DateTimeOffset Start = new(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static IEnumerable<GeneratedInstrument> Instruments(IReadOnlyList<BenchMember> members, int count, string urlPrefix, int seed)
    {
        var random = new Random(seed);
        for (var i = 0; i < count; i++)
        {
            var member = members[i % members.Count];
            var topic = Topics[random.Next(Topics.Length)];
            var kind = Kinds[random.Next(Kinds.Length)];
            var titleEnglish = $"{(random.Next(3) == 0 ? "National" : "Revised")} {kind} on {topic}";
            var summary = $"{Sentences[random.Next(Sentences.Length)]} {Sentences[random.Next(Sentences.Length)]} It concerns {topic}.";
            string language = "en", titleOriginal = titleEnglish;
            string? summaryOriginal = null;
            if (random.Next(10) < 6)
            {
                var (code, word, on, original) = Languages[random.Next(Languages.Length)];
                language = code;
                titleOriginal = $"{word} {on} {topic} {i.ToString(CultureInfo.InvariantCulture)}";
                summaryOriginal = original;
            }
            var lifecycleRoll = random.Next(20);
            var lifecycle = lifecycleRoll switch
            {
                < 2 => "proposed",
                < 6 => "adopted",
                < 17 => "in_force",
                17 => "amended",
                18 => "repealed",
                _ => "expired",
            };
            DateOnly? adopted = lifecycle == "proposed" ? null : new DateOnly(1995 + random.Next(31), 1 + random.Next(12), 1 + random.Next(28));
            DateOnly? inForce = lifecycle is "proposed" or "adopted" ? null : adopted!.Value.AddDays(random.Next(400));
            var type = Types[random.Next(Types.Count)];
            var createdAt = Start.AddSeconds(i * 60L);
            yield return new GeneratedInstrument(
                Guid.CreateVersion7(createdAt), member,
                random.Next(10) switch { < 7 => "national", < 9 => "subnational", _ => "local" },
                titleOriginal, titleEnglish, language, summary, summaryOriginal, adopted, inForce, lifecycle,
                i % 10 == 0,
                $"https://policies.example.org/{urlPrefix}/{member.Iso3.ToLowerInvariant()}/{i.ToString(CultureInfo.InvariantCulture)}",
                type, type == "economic_fiscal" ? PineTypes[random.Next(PineTypes.Count)] : null,
                Pick(random, ValueChains, 1, 3), Pick(random, RStrategies, 1, 3), Pick(random, Materials, 0, 2), Pick(random, Themes, 1, 2),
                random.Next(10) < 3 ? [IndicatorCodes[random.Next(IndicatorCodes.Length)]] : [],
                createdAt);
        }
    }

    private static string[] Pick(Random random, IReadOnlyList<string> codes, int min, int max)
    {
        var n = random.Next(min, max + 1);
        var picked = new List<string>(n);
        while (picked.Count < n)
        {
            var code = codes[random.Next(codes.Count)];
            if (!picked.Contains(code))
            {
                picked.Add(code);
            }
        }
        return [.. picked];
    }

    /// <summary>Rows straight into the table with binary COPY (the load, and the import's database floor).</summary>
    public static async Task CopyAsync(NpgsqlConnection connection, IEnumerable<GeneratedInstrument> instruments, string status)
    {
        await using var copy = await connection.BeginBinaryImportAsync(
            "COPY " + PolicySql.Table + " (id, member_id, country_iso3, jurisdiction_name, level, title_original, title_english, original_language, " +
            "summary, summary_original, adopted_on, in_force_on, lifecycle, binding, source_url, instrument_type, pine_type, value_chains, " +
            "r_strategies, material_categories, themes, indicator_codes, status, created_at, updated_at, published_at) FROM STDIN (FORMAT BINARY)");
        const NpgsqlDbType TextArray = NpgsqlDbType.Array | NpgsqlDbType.Text;
        foreach (var i in instruments)
        {
            await copy.StartRowAsync();
            await copy.WriteAsync(i.Id, NpgsqlDbType.Uuid);
            await copy.WriteAsync(i.Member.MemberId, NpgsqlDbType.Uuid);
            await copy.WriteAsync(i.Member.Iso3, NpgsqlDbType.Char);
            await copy.WriteAsync(i.Member.Name, NpgsqlDbType.Varchar);
            await copy.WriteAsync(i.Level, NpgsqlDbType.Varchar);
            await copy.WriteAsync(i.TitleOriginal, NpgsqlDbType.Varchar);
            await copy.WriteAsync(i.TitleEnglish, NpgsqlDbType.Varchar);
            await copy.WriteAsync(i.Language, NpgsqlDbType.Char);
            await copy.WriteAsync(i.Summary, NpgsqlDbType.Varchar);
            await WriteOrNullAsync(copy, i.SummaryOriginal, NpgsqlDbType.Varchar);
            await WriteOrNullAsync(copy, i.AdoptedOn, NpgsqlDbType.Date);
            await WriteOrNullAsync(copy, i.InForceOn, NpgsqlDbType.Date);
            await copy.WriteAsync(i.Lifecycle, NpgsqlDbType.Varchar);
            await copy.WriteAsync(i.Binding, NpgsqlDbType.Boolean);
            await copy.WriteAsync(i.SourceUrl, NpgsqlDbType.Varchar);
            await copy.WriteAsync(i.InstrumentType, NpgsqlDbType.Varchar);
            await WriteOrNullAsync(copy, i.PineType, NpgsqlDbType.Varchar);
            await copy.WriteAsync(i.ValueChains, TextArray);
            await copy.WriteAsync(i.RStrategies, TextArray);
            await copy.WriteAsync(i.MaterialCategories, TextArray);
            await copy.WriteAsync(i.Themes, TextArray);
            await copy.WriteAsync(i.IndicatorCodes, TextArray);
            await copy.WriteAsync(status, NpgsqlDbType.Varchar);
            await copy.WriteAsync(i.CreatedAt, NpgsqlDbType.TimestampTz);
            await copy.WriteAsync(i.CreatedAt, NpgsqlDbType.TimestampTz);
            await WriteOrNullAsync(copy, status == "published" ? i.CreatedAt : (DateTimeOffset?)null, NpgsqlDbType.TimestampTz);
        }
        await copy.CompleteAsync();
    }

    private static async Task WriteOrNullAsync<T>(NpgsqlBinaryImporter copy, T? value, NpgsqlDbType type)
    {
        if (value is null)
        {
            await copy.WriteNullAsync();
        }
        else
        {
            await copy.WriteAsync(value, type);
        }
    }

    /// <summary>The import's CSV: the export's columns (<see cref="PolicyCsv.Header"/>), ids and statuses left empty.</summary>
    public static string Csv(IEnumerable<GeneratedInstrument> instruments)
    {
        var csv = new System.Text.StringBuilder(PolicyCsv.Line(PolicyCsv.Header));
        foreach (var i in instruments)
        {
            csv.Append(PolicyCsv.Line(
            [
                "", "", i.Member.Iso3, i.Member.Name, i.Level, i.TitleOriginal, i.TitleEnglish, i.Language, i.Summary, i.SummaryOriginal ?? "",
                Date(i.AdoptedOn), Date(i.InForceOn), i.Lifecycle, i.Binding ? "true" : "false", i.SourceUrl, i.InstrumentType, i.PineType ?? "",
                string.Join(';', i.ValueChains), string.Join(';', i.RStrategies), string.Join(';', i.MaterialCategories), string.Join(';', i.Themes),
                string.Join(';', i.IndicatorCodes), "", "",
            ]));
        }
        return csv.ToString();
    }

    private static string Date(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "";
}
