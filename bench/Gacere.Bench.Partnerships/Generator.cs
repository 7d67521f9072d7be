using Gacere.Partnerships.Domain;
using Gacere.ReferenceData;
using Npgsql;
using NpgsqlTypes;

namespace Gacere.Bench.Partnerships;

/// <summary>A proposal to check: its title, objective and what the check compares.</summary>
internal sealed record Proposal(string Title, string Objective, DuplicateProfile Profile);

/// <summary>
/// Partnerships made up from word pools by a seeded random source: 25 actions × 30 materials × 60 places for titles,
/// objectives of two sentences (12 purposes × 12 ways of working), 2–5 partners of 400 members, 1–4 countries, 1–2 value chains, every status
/// (a tenth discontinued). Proposals are half near-duplicates of stored partnerships (words reordered, a partner
/// swapped) and half new.
/// </summary>
internal sealed class Generator(int seed)
{
    private static readonly string[] Actions =
    [
        "Collection", "Recycling", "Reuse", "Repair", "Take-back", "Remanufacturing", "Composting", "Refill", "Sorting", "Upcycling",
        "Deposit return", "Eco-design", "Industrial symbiosis", "Sharing platforms", "Energy recovery", "Refurbishment", "Traceability",
        "Extended producer responsibility", "Green procurement", "Material passports", "Repurposing", "Leasing models", "Waste prevention",
        "Secondary raw materials market", "Circular business models",
    ];
    private static readonly string[] Materials =
    [
        "textile waste", "plastic packaging", "e-waste", "lithium batteries", "construction debris", "food waste", "glass bottles", "tyres",
        "solar panels", "aluminium cans", "agricultural residues", "paper and cardboard", "furniture", "mobile phones", "fishing nets",
        "medical plastics", "cooking oil", "lead-acid batteries", "steel scrap", "wood pallets", "coffee grounds", "mattresses", "cement",
        "fertiliser nutrients", "wastewater sludge", "wind turbine blades", "school uniforms", "vehicle parts", "PET bottles", "mining tailings",
    ];
    private static readonly string[] Places =
    [
        "Nairobi", "Kampala", "Kigali", "Lagos", "Accra", "Dakar", "Addis Ababa", "Dar es Salaam", "Lusaka", "Harare", "Cape Town", "Durban",
        "Casablanca", "Tunis", "Cairo", "Lima", "Bogotá", "Quito", "Santiago", "Buenos Aires", "Montevideo", "São Paulo", "Mexico City",
        "San José", "Panama City", "Kingston", "Toronto", "Vancouver", "Oslo", "Helsinki", "Stockholm", "Copenhagen", "Berlin", "Brussels",
        "Lisbon", "Madrid", "Rome", "Athens", "Warsaw", "Tallinn", "Tokyo", "Osaka", "Seoul", "Busan", "Mumbai", "Chennai", "Dhaka",
        "Jakarta", "Manila", "Hanoi", "Bangkok", "Kuala Lumpur", "Auckland", "Wellington", "Suva", "Sydney", "Bern", "Geneva", "Rabat", "Windhoek",
    ];
    private static readonly string[] Purposes =
    [
        "creating decent jobs for informal waste pickers", "cutting the volume sent to landfill by half", "keeping materials in use for longer",
        "lowering the material footprint of households", "building skills in small repair businesses", "supplying local manufacturers with secondary raw materials",
        "reducing open burning and the pollution it causes", "training municipal staff in separate collection", "giving consumers an easy way to return products",
        "measuring the recycling rate reliably every year", "opening finance to circular start-ups", "bringing producers, retailers and recyclers together",
    ];
    private static readonly string[] Methods =
    [
        "Municipal depots take deliveries twice a week", "A mobile app books pick-ups from households", "Cooperatives run the sorting lines",
        "Retailers accept returns at the counter", "A revolving fund lends to small workshops", "Universities test the recovered material",
        "Ports host the first pilot yard", "Schools teach pupils to separate at source", "Hospitals pilot closed-loop purchasing",
        "Ministries draft the enabling regulation", "Trade unions negotiate safe working conditions", "Banks screen loans against circularity criteria",
    ];
    private static readonly string[] Statuses = ["proposed", "proposed", "under_review", "under_review", "active", "active", "active", "active", "completed", "discontinued"];
    private static readonly string[] Chains = Gacere.ServiceDefaults.Vocabulary.AllCodes<ValueChain>().ToArray();

    private readonly Random _random = new(seed);
    private readonly CountryCatalog _catalog = CountryReferenceData.Load();
    private readonly Guid[] _members = [.. Enumerable.Range(0, 400).Select(_ => Guid.NewGuid())];
    private readonly List<Stored> _stored = [];
    private string[]? _countries;

    public int Discontinued { get; private set; }

    private sealed record Stored(string Action, string Material, string Place, string Purpose, string Method, Guid[] Partners, string[] Countries, string[] ValueChains);

    private string[] Countries => _countries ??= [.. _catalog.Regions.SelectMany(r => _catalog.CountriesIn(r.Code)).Distinct().Order(StringComparer.Ordinal)];

    private T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    private T[] PickSome<T>(IReadOnlyList<T> items, int min, int max) => [.. items.OrderBy(_ => _random.Next()).Take(_random.Next(min, max + 1))];

    private static string Title(string action, string material, string place) => $"{action} of {material} in {place}";

    private static string Objective(string action, string material, string place, string purpose, string method) =>
        $"{action} of {material} across {place}, {purpose}. {method}.";

    /// <summary>Writes <paramref name="count"/> partnerships and their partners with COPY, then ANALYZE.</summary>
    public async Task StoreAsync(string connectionString, int count)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var now = DateTimeOffset.UtcNow;
        var partners = new List<(Guid Partnership, Guid Member, string Role)>();
        await using (var copy = await connection.BeginBinaryImportAsync(
            "COPY partnerships.partnerships (id, title, kind, objective, start_date, end_date, lead_member_id, partner_member_ids, countries, regions, " +
            "covered_regions, value_chains, sdg_targets, status, needs_new_lead, proposed_by, proposed_at, updated_at, revision) FROM STDIN (FORMAT BINARY)"))
        {
            for (var i = 0; i < count; i++)
            {
                var stored = new Stored(Pick(Actions), Pick(Materials), Pick(Places), Pick(Purposes), Pick(Methods), PickSome(_members, 2, 5), PickSome(Countries, 1, 4), PickSome(Chains, 1, 2));
                _stored.Add(stored);
                var id = Guid.CreateVersion7();
                var status = Pick(Statuses);
                Discontinued += status == "discontinued" ? 1 : 0;
                await copy.StartRowAsync();
                await copy.WriteAsync(id, NpgsqlDbType.Uuid);
                await copy.WriteAsync(Title(stored.Action, stored.Material, stored.Place), NpgsqlDbType.Varchar);
                await copy.WriteAsync(Pick(new[] { "sectoral", "bilateral", "regional", "multilateral" }), NpgsqlDbType.Varchar);
                await copy.WriteAsync(Objective(stored.Action, stored.Material, stored.Place, stored.Purpose, stored.Method), NpgsqlDbType.Varchar);
                await copy.WriteAsync(new DateOnly(2025, 1, 1), NpgsqlDbType.Date);
                await copy.WriteAsync(new DateOnly(2028, 12, 31), NpgsqlDbType.Date);
                await copy.WriteAsync(stored.Partners[0], NpgsqlDbType.Uuid);
                await copy.WriteAsync(stored.Partners, NpgsqlDbType.Array | NpgsqlDbType.Uuid);
                await copy.WriteAsync(stored.Countries, NpgsqlDbType.Array | NpgsqlDbType.Text);
                await copy.WriteAsync(Array.Empty<string>(), NpgsqlDbType.Array | NpgsqlDbType.Text);
                await copy.WriteAsync(_catalog.RegionsCovering(stored.Countries, []), NpgsqlDbType.Array | NpgsqlDbType.Text);
                await copy.WriteAsync(stored.ValueChains, NpgsqlDbType.Array | NpgsqlDbType.Text);
                await copy.WriteAsync(new[] { "12.5" }, NpgsqlDbType.Array | NpgsqlDbType.Text);
                await copy.WriteAsync(status, NpgsqlDbType.Varchar);
                await copy.WriteAsync(false, NpgsqlDbType.Boolean);
                await copy.WriteAsync("bench", NpgsqlDbType.Varchar);
                await copy.WriteAsync(now, NpgsqlDbType.TimestampTz);
                await copy.WriteAsync(now, NpgsqlDbType.TimestampTz);
                await copy.WriteAsync(1, NpgsqlDbType.Integer);
                partners.AddRange(stored.Partners.Select((member, index) => (id, member, index == 0 ? "lead" : "implementing")));
            }
            await copy.CompleteAsync();
        }
        await using (var copy = await connection.BeginBinaryImportAsync(
            "COPY partnerships.partners (id, member_id, organisation_name, role, ended_at, partnership_id) FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var (partnership, member, role) in partners)
            {
                await copy.StartRowAsync();
                await copy.WriteAsync(Guid.CreateVersion7(), NpgsqlDbType.Uuid);
                await copy.WriteAsync(member, NpgsqlDbType.Uuid);
                await copy.WriteAsync($"Member {member:N}"[..20], NpgsqlDbType.Varchar);
                await copy.WriteAsync(role, NpgsqlDbType.Varchar);
                await copy.WriteNullAsync();
                await copy.WriteAsync(partnership, NpgsqlDbType.Uuid);
            }
            await copy.CompleteAsync();
        }
        // The service seeds the four known external initiatives; the check reads them on every proposal.
        await using (var initiatives = new NpgsqlCommand("""
            INSERT INTO partnerships.external_initiatives (key, name, m49region) VALUES
              ('acea', 'African Circular Economy Alliance', '002'),
              ('lac-coalition', 'Regional Coalition on Circular Economy of Latin America and the Caribbean', '419'),
              ('one-planet', 'One Planet network', NULL),
              ('pace', 'Platform for Accelerating the Circular Economy', NULL)
            ON CONFLICT DO NOTHING
            """, connection))
        {
            await initiatives.ExecuteNonQueryAsync();
        }
        await using var analyze = new NpgsqlCommand("ANALYZE partnerships.partnerships; ANALYZE partnerships.partners", connection);
        await analyze.ExecuteNonQueryAsync();
    }

    /// <summary>Half near-duplicates of stored partnerships (objective clauses kept, title reordered, one partner swapped), half new.</summary>
    public List<Proposal> Proposals(int count)
    {
        var proposals = new List<Proposal>(count);
        for (var i = 0; i < count; i++)
        {
            Stored basis;
            string title;
            if (i % 2 == 0)
            {
                basis = Pick(_stored);
                basis = basis with { Partners = [basis.Partners[0], Pick(_members), .. basis.Partners.Skip(2)] };
                title = $"{basis.Place}: {basis.Action.ToLowerInvariant()} of {basis.Material}";
            }
            else
            {
                basis = new Stored(Pick(Actions), Pick(Materials), Pick(Places), Pick(Purposes), Pick(Methods), PickSome(_members, 2, 5), PickSome(Countries, 1, 4), PickSome(Chains, 1, 2));
                title = Title(basis.Action, basis.Material, basis.Place);
            }
            var profile = new DuplicateProfile(basis.Partners[0], [.. basis.Partners.Distinct()], basis.Countries,
                _catalog.RegionsCovering(basis.Countries, []), basis.ValueChains);
            proposals.Add(new Proposal(title, Objective(basis.Action, basis.Material, basis.Place, basis.Purpose, basis.Method), profile));
        }
        return proposals;
    }
}
