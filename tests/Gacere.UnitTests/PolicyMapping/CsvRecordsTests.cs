extern alias policymapping;

using policymapping::Gacere.PolicyMapping.Domain;
using policymapping::Gacere.PolicyMapping.Search;
using Gacere.ReferenceData;

namespace Gacere.UnitTests.PolicyMapping;

/// <summary>The import's CSV reading.</summary>
public sealed class CsvRecordsTests
{
    [Fact]
    public async Task Quoted_fields_keep_commas_quotes_and_line_breaks_and_blank_lines_are_skipped()
    {
        var csv = "a,b,c\r\n\"x, y\",\"say \"\"hi\"\"\",\"two\nlines\"\r\n\r\n1,,3\n4,5,";

        var records = await Csv.ReadAllAsync(new StringReader(csv), CancellationToken.None);

        Assert.Equal(4, records.Count);
        Assert.Equal(["x, y", "say \"hi\"", "two\nlines"], records[1]);
        Assert.Equal(["1", "", "3"], records[2]);
        Assert.Equal(["4", "5", ""], records[3]);
    }

    [Theory]
    [InlineData("https://example.org/ley ñ", "https://example.org/ley%20%C3%B1")]
    [InlineData("  https://example.org/a  ", "https://example.org/a")]
    public void Source_urls_are_stored_encoded_so_one_address_has_one_spelling(string given, string stored) =>
        Assert.Equal(stored, InstrumentRules.NormaliseSourceUrl(given));

    [Fact]
    public void A_source_url_longer_than_the_column_once_encoded_is_refused() =>
        Assert.Null(InstrumentRules.NormaliseSourceUrl("https://example.org/" + new string('ñ', 400)));
}
