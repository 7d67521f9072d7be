using System.Text;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Text a client chose (an organisation's name, a token's subject), made safe for a line-based log: CR, LF
/// and other control characters are escaped, so one event stays one line and no one can forge another.
/// </summary>
public static class LogValue
{
    public static string OneLine(string? text)
    {
        if (text is null || !text.Any(char.IsControl))
        {
            return text ?? "";
        }
        var escaped = new StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            escaped.Append(c switch
            {
                '\r' => "\\r",
                '\n' => "\\n",
                '\t' => "\\t",
                _ when char.IsControl(c) => $"\\u{(int)c:x4}",
                _ => c.ToString(),
            });
        }
        return escaped.ToString();
    }
}
