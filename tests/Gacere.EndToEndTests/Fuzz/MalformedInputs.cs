using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Gacere.EndToEndTests.Fuzz;

/// <summary>
/// Builds a plausible request body from an operation's schema, then breaks it the ways careless clients
/// and attackers do. Everything is drawn from one seeded <see cref="Random"/>, so a seed replays a run.
/// </summary>
public sealed class MalformedInputs(Random random, JsonElement components)
{
    private const int MaxDepth = 6;

    /// <summary>Values an attacker puts where text, numbers, identifiers or codes are expected.</summary>
    private static readonly string[] HostileText =
    [
        "\0", "a\u0000b", "line\nbreak", "\r\n\r\ninjected: header", "é", "名前", "🙂",
        "' OR '1'='1", "<script>alert(1)</script>", "../../etc/passwd", "%00", "%", "{{7*7}}", "${jndi:x}",
        "-1", "0", "2147483648", "-2147483649", "99999999999999999999", "1e400", "NaN", "true", "null", "",
        " ", "a,b", "observer,strategic_partner", "strategic_partner, convener", "un_entity, regional_economic_integration_org",
        "Observer", "2", "0196a0a0-0000-7000-8000-000000000001", "not-a-guid", "2024-02-30", "9999-12-31",
    ];

    public string Pick(IReadOnlyList<string> values) => values[random.Next(values.Count)];

    public bool Chance(int percent) => random.Next(100) < percent;

    public int Next(int max) => random.Next(max);

    public string HostileValue() => Chance(10) ? new string('x', random.Next(300, 5000)) : Pick(HostileText);

    /// <summary>A body the schema describes (as far as the schema says), as a JSON node.</summary>
    public JsonNode? Plausible(JsonElement schema, int depth = 0)
    {
        schema = Resolve(schema);
        if (schema.ValueKind != JsonValueKind.Object || depth > MaxDepth)
        {
            return "x";
        }
        if (schema.TryGetProperty("enum", out var codes) && codes.GetArrayLength() > 0)
        {
            return JsonNode.Parse(codes[random.Next(codes.GetArrayLength())].GetRawText());
        }
        foreach (var composite in new[] { "oneOf", "anyOf", "allOf" })
        {
            if (schema.TryGetProperty(composite, out var options) && options.GetArrayLength() > 0)
            {
                var choices = options.EnumerateArray().Where(o => !IsNullSchema(o)).ToList();
                return choices.Count == 0 ? null : Plausible(choices[random.Next(choices.Count)], depth + 1);
            }
        }
        return TypeOf(schema) switch
        {
            "object" => PlausibleObject(schema, depth),
            "array" => new JsonArray(schema.TryGetProperty("items", out var items) ? Plausible(items, depth + 1) : "x"),
            "integer" => 1,
            "number" => 1.5,
            "boolean" => true,
            _ => PlausibleString(schema),
        };
    }

    private JsonObject PlausibleObject(JsonElement schema, int depth)
    {
        var body = new JsonObject();
        if (schema.TryGetProperty("properties", out var properties))
        {
            foreach (var property in properties.EnumerateObject())
            {
                body[property.Name] = Plausible(property.Value, depth + 1);
            }
        }
        return body;
    }

    private string PlausibleString(JsonElement schema)
    {
        var format = schema.TryGetProperty("format", out var f) ? f.GetString() : null;
        var text = format switch
        {
            "uuid" => Guid.NewGuid().ToString(),
            "email" => "someone@example.org",
            "date" => "2024-03-01",
            "date-time" => "2024-03-01T10:00:00Z",
            _ => "A plausible text of some length",
        };
        var max = schema.TryGetProperty("maxLength", out var m) && m.TryGetInt32(out var maxLength) ? maxLength : int.MaxValue;
        return text.Length > max ? text[..max] : text;
    }

    /// <summary>One malformed body and what was done to it (for the failure report).</summary>
    public (string Kind, byte[] Bytes) Malformed(JsonElement? schema)
    {
        var plausible = schema is { } s ? Plausible(s) : new JsonObject();
        switch (random.Next(14))
        {
            case 0:
                return ("plausible", Utf8(plausible));
            case 1:
                return ("hostile leaf", Utf8(ReplaceLeaf(plausible, () => HostileValue())));
            case 2:
                return ("wrong-typed leaf", Utf8(ReplaceLeaf(plausible, WrongType)));
            case 3:
                return ("code list", Utf8(ReplaceLeaf(plausible, () => Pick(["observer,strategic_partner", "strategic_partner, convener", "a, b", "1,2"]))));
            case 4:
                return ("number for text", Utf8(ReplaceLeaf(plausible, () => random.Next(-5, 5))));
            case 5:
                var json = plausible?.ToJsonString() ?? "{}";
                return ("truncated", Encoding.UTF8.GetBytes(json[..random.Next(json.Length)]));
            case 6:
                var garbage = new byte[random.Next(1, 200)];
                random.NextBytes(garbage);
                return ("random bytes", garbage);
            case 7:
                var depth = random.Next(65, 400);
                return ("deep nesting", Encoding.UTF8.GetBytes(new string('[', depth) + new string(']', depth)));
            case 8:
                return ("empty", []);
            case 9:
                return ("wrong root", Encoding.UTF8.GetBytes(Pick(["[]", "null", "42", "\"text\"", "true", "[{}]"])));
            case 10:
                return ("extreme number", Encoding.UTF8.GetBytes(
                    (plausible?.ToJsonString() ?? "{}").Replace("1", Pick(["1e400", "99999999999999999999999", "-0", "1.0e-400"]), StringComparison.Ordinal)));
            case 11:
                // An unpaired surrogate and overlong UTF-8 inside an otherwise valid document.
                var bytes = Utf8(ReplaceLeaf(plausible, () => "MARK")).ToList();
                var at = IndexOf(bytes, "MARK"u8.ToArray());
                if (at >= 0)
                {
                    bytes.RemoveRange(at, 4);
                    bytes.InsertRange(at, Pick(["\\ud800", "\\udfff\\ud800"]) is var escape && Chance(50)
                        ? Encoding.ASCII.GetBytes(escape)
                        : [0xC0, 0xAF, 0xED, 0xA0, 0x80]);
                }
                return ("broken unicode", [.. bytes]);
            case 12:
                return ("oversized", Utf8(ReplaceLeaf(plausible, () => new string('y', random.Next(17_000, 80_000)))));
            default:
                var duplicated = (plausible?.ToJsonString() ?? "{}").TrimEnd('}');
                return ("duplicate and unknown properties", Encoding.UTF8.GetBytes(
                    duplicated + (duplicated.Length > 1 ? "," : "") + "\"status\":\"approved\",\"memberId\":\"" + Guid.NewGuid() + "\",\"__proto__\":{}}"));
        }
    }

    private JsonNode? WrongType() => random.Next(6) switch
    {
        0 => null,
        1 => true,
        2 => new JsonArray(1, "a"),
        3 => new JsonObject { ["x"] = 1 },
        4 => 1.5e300,
        _ => long.MaxValue,
    };

    /// <summary>Replaces one randomly chosen leaf (or the whole node when it has none) with what <paramref name="make"/> gives.</summary>
    private JsonNode? ReplaceLeaf(JsonNode? root, Func<JsonNode?> make)
    {
        var leaves = new List<(JsonNode Parent, string? Name, int Index)>();
        Collect(root, leaves);
        if (leaves.Count == 0)
        {
            return make();
        }
        var (parent, name, index) = leaves[random.Next(leaves.Count)];
        if (parent is JsonObject obj)
        {
            obj[name!] = make();
        }
        else if (parent is JsonArray array)
        {
            array[index] = make();
        }
        return root;
    }

    private static void Collect(JsonNode? node, List<(JsonNode, string?, int)> leaves)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, child) in obj.ToList())
                {
                    if (child is JsonObject or JsonArray)
                    {
                        Collect(child, leaves);
                    }
                    leaves.Add((obj, name, -1));
                }
                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    Collect(array[i], leaves);
                    leaves.Add((array, null, i));
                }
                break;
        }
    }

    private JsonElement Resolve(JsonElement schema)
    {
        for (var hops = 0; hops < 10 && schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("$ref", out var reference); hops++)
        {
            var name = reference.GetString()!.Split('/')[^1];
            if (components.ValueKind != JsonValueKind.Object || !components.TryGetProperty(name, out schema))
            {
                return default;
            }
        }
        return schema;
    }

    private static string? TypeOf(JsonElement schema) =>
        !schema.TryGetProperty("type", out var type) ? (schema.TryGetProperty("properties", out _) ? "object" : null)
        : type.ValueKind == JsonValueKind.Array ? type.EnumerateArray().Select(t => t.GetString()).FirstOrDefault(t => t != "null")
        : type.GetString();

    private bool IsNullSchema(JsonElement schema) => TypeOf(Resolve(schema)) == "null";

    private static byte[] Utf8(JsonNode? node) => Encoding.UTF8.GetBytes(node?.ToJsonString() ?? "null");

    private static int IndexOf(List<byte> haystack, byte[] needle)
    {
        for (var i = 0; i <= haystack.Count - needle.Length; i++)
        {
            if (!needle.Where((b, j) => haystack[i + j] != b).Any())
            {
                return i;
            }
        }
        return -1;
    }
}
