using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text.Json;
using Gacere.PolicyMapping.Data;
using Gacere.PolicyMapping.Domain;
using Gacere.PolicyMapping.Search;
using Gacere.ServiceDefaults;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.EntityFrameworkCore;
using Gacere.ReferenceData;

namespace Gacere.PolicyMapping.Apis;

/// <summary>
/// The secretariat's bulk import: a CSV with the export's columns becomes drafts, all or nothing. A row whose
/// jurisdiction and source URL are already recorded is left as it is, so importing the same file twice changes nothing.
/// </summary>
public static class ImportApi
{
    /// <summary>
    /// The import's body may be this large (every other body stays at <see cref="InputPolicy.MaxRequestBodyBytes"/>):
    /// about 30,000 rows of the export's columns, checked and committed in one transaction.
    /// </summary>
    public const long MaxBodyBytes = 16 * 1024 * 1024;

    private static readonly string[] Required =
    [
        "country_iso3", "level", "title_original", "title_english", "original_language", "summary", "lifecycle", "binding",
        "source_url", "instrument_type",
    ];

    public static RouteGroupBuilder MapImportApi(this RouteGroupBuilder policies)
    {
        policies.MapPost("/instruments/import", Import)
            .WithName("ImportPolicyInstruments")
            .WithSummary("Import a CSV of instruments (the export's columns) as drafts, all or nothing")
            .WithDescription("Every invalid row and field is reported in one 400 problem, keyed 'rows[N].field' (N counts the header as row 1). " +
                             "A row whose jurisdiction and source_url are already recorded is skipped. member_id names an organisation's jurisdiction (country_iso3 empty).")
            .WithTags("Policy instruments")
            .Accepts<string>("text/csv")
            .ProducesValidationProblem()
            .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(MaxBodyBytes))
            .RequireAuthorization(GacereRoles.Secretariat);
        return policies;
    }

    public static async Task<Results<Ok<ImportResult>, ValidationProblem>> Import(HttpRequest request, [AsParameters] PolicyServices services)
    {
        var errors = new Dictionary<string, string[]>();
        using var reader = new StreamReader(request.Body, detectEncodingFromByteOrderMarks: true);
        var records = await Csv.ReadAllAsync(reader, services.CancellationToken);
        if (records.Count < 2)
        {
            errors["body"] = ["Send a CSV with a header row and at least one instrument (the columns of GET /api/policies/export.csv)."];
            return TypedResults.ValidationProblem(errors);
        }
        var header = records[0].Select(h => h.Trim().TrimStart('\uFEFF')).ToArray();
        var missing = Required.Where(column => !header.Contains(column)).ToArray();
        if (missing.Length > 0)
        {
            errors["body"] = [$"The header lacks the column(s): {string.Join(", ", missing)}."];
            return TypedResults.ValidationProblem(errors);
        }

        var candidates = await services.JurisdictionCandidatesAsync();
        var known = await services.KnownIndicatorsAsync();
        var rows = new List<(int Row, Jurisdiction Jurisdiction, InstrumentContent Content)>();
        for (var r = 1; r < records.Count; r++)
        {
            var rowErrors = new Dictionary<string, string[]>();
            var row = ImportRow.Read(header, records[r], rowErrors);
            Jurisdiction? jurisdiction = null;
            if (row is not null)
            {
                // The instrument endpoint's own lookup: member_id names an organisation only when country_iso3 is empty.
                jurisdiction = PolicyServices.ResolveJurisdiction(
                    services.Countries, candidates, row.CountryIso3, row.CountryIso3 is null ? row.MemberId : null, rowErrors);
            }
            var content = row?.ToContent(row.CountryIso3 is null, known, rowErrors);
            foreach (var (field, messages) in rowErrors)
            {
                errors[$"rows[{r + 1}].{Snake(field)}"] = messages;
            }
            if (rowErrors.Count == 0 && jurisdiction is not null && content is not null)
            {
                rows.Add((r + 1, jurisdiction, content));
            }
        }

        // The natural key: jurisdiction and source URL, in the file and against what is stored.
        var members = rows.Select(r => r.Jurisdiction.MemberId).Distinct().ToList();
        var stored = (await services.Db.Set<PolicyInstrument>().AsNoTracking()
                .Where(i => members.Contains(i.MemberId)).Select(i => new { i.MemberId, i.SourceUrl }).ToListAsync(services.CancellationToken))
            .Select(i => (i.MemberId, i.SourceUrl)).ToHashSet();
        var inFile = new Dictionary<(Guid, string), int>();
        var fresh = new List<(int Row, Jurisdiction Jurisdiction, InstrumentContent Content)>();
        foreach (var (row, jurisdiction, content) in rows)
        {
            var key = (jurisdiction.MemberId, content.SourceUrl);
            if (inFile.TryGetValue(key, out var first))
            {
                errors[$"rows[{row}].source_url"] = [$"Row {first} already has this jurisdiction and source URL."];
                continue;
            }
            inFile[key] = row;
            if (!stored.Contains(key))
            {
                fresh.Add((row, jurisdiction, content));
            }
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        // As for one draft: a member that is suspended or withdrawn cannot have new drafts (409), named by its first row.
        if (fresh.FirstOrDefault(f => !f.Jurisdiction.IsActive) is { Jurisdiction: { } inactive } refused)
        {
            throw new ImportedMemberNotActive(refused.Row, inactive.OrganisationName, inactive.MemberStatus);
        }
        var actor = services.Actor();
        var drafts = fresh.Select(f => PolicyInstrument.Draft(f.Jurisdiction, f.Content, actor)).ToList();
        await DraftBulkWriter.WriteAsync(services.Db, drafts, services.CancellationToken);
        var created = drafts.Select(d => d.Instrument.Id).ToList();
        services.Logger.InstrumentsImported(created.Count, rows.Count - created.Count, actor.Name);
        return TypedResults.Ok(new ImportResult(created.Count, rows.Count - created.Count, created));
    }

    private static string Snake(string field) => field switch
    {
        "countryIso3" => "country_iso3",
        "organisationId" => "member_id",
        _ => string.Concat(field.Select((c, i) => char.IsUpper(c) && i > 0 ? $"_{char.ToLowerInvariant(c)}" : c.ToString())),
    };
}


/// <summary>What an import did.</summary>
/// <param name="Created">Drafts created.</param>
/// <param name="Unchanged">Rows whose jurisdiction and source URL were already recorded.</param>
/// <param name="InstrumentIds">The new drafts' ids, in the file's order.</param>
public sealed record ImportResult(int Created, int Unchanged, IReadOnlyList<Guid> InstrumentIds);

/// <summary>One CSV row as the input of a new draft.</summary>
internal sealed class ImportRow
{
    public string? CountryIso3 { get; private init; }
    public Guid? MemberId { get; private init; }
    public required PolicyInstrumentInput Input { get; init; }

    public InstrumentContent? ToContent(bool isOrganisation, IReadOnlySet<string> known, Dictionary<string, string[]> errors) =>
        Input.ToContent(isOrganisation, known, errors);

    /// <summary>The row's fields checked as the API checks a body; null with errors when a field cannot be read.</summary>
    public static ImportRow? Read(string[] header, string[] record, Dictionary<string, string[]> errors)
    {
        string? Field(string column)
        {
            var i = Array.IndexOf(header, column);
            return i >= 0 && i < record.Length && record[i].Trim() is { Length: > 0 } value ? value : null;
        }
        if (record.Any(f => f.Contains('\0', StringComparison.Ordinal)))
        {
            errors["row"] = ["The row contains a NUL character (\\u0000), which is not allowed."];
            return null;
        }
        T? Code<T>(string column, string field, bool required) where T : struct, Enum
        {
            var value = Field(column);
            if (value is null)
            {
                if (required)
                {
                    errors[field] = ["Required."];
                }
                return null;
            }
            if (Vocabulary.TryParse<T>(value, out var code))
            {
                return code;
            }
            errors[field] = [$"Unknown code '{value}'; {Vocabulary.Expected<T>()}."];
            return null;
        }
        List<T> Codes<T>(string column, string field) where T : struct, Enum
        {
            var values = (Field(column) ?? "").Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            var parsed = new List<T>();
            foreach (var value in values)
            {
                if (Vocabulary.TryParse<T>(value, out var code))
                {
                    parsed.Add(code);
                }
                else
                {
                    errors[field] = [$"Unknown code '{value}'; {Vocabulary.Expected<T>()}."];
                }
            }
            return parsed;
        }
        DateOnly? Date(string column, string field)
        {
            var value = Field(column);
            if (value is null)
            {
                return null;
            }
            if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                return date;
            }
            errors[field] = ["Give an ISO date, e.g. 2021-07-01."];
            return null;
        }

        var country = Field("country_iso3")?.ToUpperInvariant();
        Guid? memberId = null;
        if (country is null && Field("member_id") is { } member)
        {
            if (Guid.TryParse(member, out var id))
            {
                memberId = id;
            }
            else
            {
                errors["memberId"] = ["Give the organisation's member id (a UUID)."];
            }
        }
        bool? binding = Field("binding") switch
        {
            "true" => true,
            "false" => false,
            _ => null,
        };
        if (binding is null)
        {
            errors["binding"] = ["Give true or false."];
        }
        var input = new PolicyInstrumentInput
        {
            Level = Code<JurisdictionLevel>("level", "level", required: true),
            TitleOriginal = Field("title_original"),
            TitleEnglish = Field("title_english"),
            OriginalLanguage = Field("original_language"),
            Summary = Field("summary"),
            SummaryOriginal = Field("summary_original"),
            AdoptedOn = Date("adopted_on", "adoptedOn"),
            InForceOn = Date("in_force_on", "inForceOn"),
            Lifecycle = Code<PolicyLifecycle>("lifecycle", "lifecycle", required: true),
            Binding = binding,
            SourceUrl = Field("source_url"),
            InstrumentType = Code<InstrumentType>("instrument_type", "instrumentType", required: true),
            PineType = Code<PineType>("pine_type", "pineType", required: false),
            ValueChains = Codes<ValueChain>("value_chains", "valueChains"),
            RStrategies = Codes<RStrategy>("r_strategies", "rStrategies"),
            MaterialCategories = Codes<MaterialCategory>("material_categories", "materialCategories"),
            Themes = Codes<PolicyTheme>("themes", "themes"),
            IndicatorCodes = [.. (Field("indicator_codes") ?? "").Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)],
        };
        if (country is not null && !CountryCatalog.IsWellFormedAlpha3(country))
        {
            errors["countryIso3"] = ["Give an ISO 3166-1 alpha-3 code, e.g. 'KEN'."];
        }
        // Lengths, counts and required fields: the one definition, PolicyInstrumentInput's annotations, as for a JSON body.
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(input, new ValidationContext(input), results, validateAllProperties: true);
        foreach (var result in results)
        {
            foreach (var property in result.MemberNames)
            {
                errors.TryAdd(JsonNamingPolicy.CamelCase.ConvertName(property), [result.ErrorMessage ?? "Invalid."]);
            }
        }
        return errors.Count > 0 ? null : new ImportRow { CountryIso3 = country, MemberId = memberId, Input = input };
    }
}
