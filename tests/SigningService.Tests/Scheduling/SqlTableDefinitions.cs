using System.Text.RegularExpressions;

namespace SigningService.Tests.Scheduling;

/// <summary>A column as a CREATE TABLE statement declares it; type in lower case, as written (e.g. nvarchar(120)).</summary>
public sealed record SqlColumn(string Name, string Type, bool Nullable);

/// <summary>
/// Reads the CREATE TABLE statements of a DDL script into tables of columns, enough to compare two scripts
/// without a server: column name, declared type, nullability (a column without NOT NULL is nullable, as in
/// both dialects). Table and column names are upper-cased so that PostgreSQL's lower-case spelling and SQL
/// Server's upper-case one compare equal.
/// </summary>
public static partial class SqlTableDefinitions
{
    public static IReadOnlyDictionary<string, IReadOnlyDictionary<string, SqlColumn>> Parse(string script)
    {
        var text = LineComment().Replace(script, "");
        var tables = new Dictionary<string, IReadOnlyDictionary<string, SqlColumn>>(StringComparer.Ordinal);
        foreach (Match create in CreateTable().Matches(text))
        {
            var body = Body(text, create.Index + create.Length);
            var columns = new Dictionary<string, SqlColumn>(StringComparer.Ordinal);
            foreach (var element in SplitTopLevel(body))
            {
                var tokens = element.Split((char[]?)null, 3, StringSplitOptions.RemoveEmptyEntries);
                if (tokens.Length < 2 || IsConstraint(tokens[0]))
                    continue;
                var name = tokens[0].Trim('"', '[', ']').ToUpperInvariant();
                var type = tokens[1].ToLowerInvariant();
                var rest = tokens.Length > 2 ? tokens[2] : "";
                columns[name] = new SqlColumn(name, type, !NotNull().IsMatch(rest));
            }
            tables[create.Groups["name"].Value.Trim('"', '[', ']').ToUpperInvariant()] = columns;
        }
        return tables;
    }

    private static bool IsConstraint(string firstToken) =>
        firstToken.ToUpperInvariant() is "CONSTRAINT" or "PRIMARY" or "FOREIGN" or "UNIQUE" or "CHECK";

    // The text between the parenthesis that opens the table body and the one that closes it.
    private static string Body(string text, int open)
    {
        var depth = 1;
        for (var i = open; i < text.Length; i++)
        {
            depth += text[i] switch { '(' => 1, ')' => -1, _ => 0 };
            if (depth == 0)
                return text[open..i];
        }
        throw new FormatException("A CREATE TABLE body is not closed.");
    }

    // Column and constraint definitions: the commas outside parentheses (numeric(13,4) stays whole).
    private static IEnumerable<string> SplitTopLevel(string body)
    {
        var depth = 0;
        var start = 0;
        for (var i = 0; i < body.Length; i++)
        {
            if (body[i] == '(')
                depth++;
            else if (body[i] == ')')
                depth--;
            else if (body[i] == ',' && depth == 0)
            {
                yield return body[start..i].Trim();
                start = i + 1;
            }
        }
        if (body[start..].Trim() is { Length: > 0 } last)
            yield return last;
    }

    [GeneratedRegex(@"--[^\n]*")]
    private static partial Regex LineComment();

    [GeneratedRegex(@"CREATE\s+TABLE\s+(IF\s+NOT\s+EXISTS\s+)?(?<name>[\w""\[\]\.]+)\s*\(", RegexOptions.IgnoreCase)]
    private static partial Regex CreateTable();

    [GeneratedRegex(@"\bNOT\s+NULL\b", RegexOptions.IgnoreCase)]
    private static partial Regex NotNull();
}
