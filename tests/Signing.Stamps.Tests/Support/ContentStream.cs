using System.Globalization;
using System.Text;

namespace Signing.Stamps.Tests.Support;

/// <summary>One content-stream operation: operands then operator (ISO 32000-1 §7.8.2).</summary>
public sealed record Operation(string Operator, IReadOnlyList<object> Operands)
{
    public double Number(int index) => (double)Operands[index];
    public byte[] Bytes(int index) => (byte[])Operands[index];
    public string Name(int index) => ((PdfName)Operands[index]).Value;
}

public sealed record PdfName(string Value);

/// <summary>
/// A deliberately independent reader for the subset of content-stream syntax a stamp uses: numbers, names,
/// literal strings with all escapes of ISO 32000-1 §7.3.4.2, and operators. Used to check what the renderer
/// wrote without trusting the renderer's own code.
/// </summary>
public static class ContentStream
{
    public static IReadOnlyList<Operation> Parse(byte[] content)
    {
        var ops = new List<Operation>();
        var operands = new List<object>();
        var i = 0;
        while (i < content.Length)
        {
            var c = (char)content[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c == '%')
            {
                while (i < content.Length && content[i] is not (byte)'\n' and not (byte)'\r')
                    i++;
            }
            else if (c == '(')
            {
                operands.Add(ReadLiteral(content, ref i));
            }
            else if (c == '/')
            {
                var start = ++i;
                while (i < content.Length && IsRegular(content[i]))
                    i++;
                operands.Add(new PdfName(Encoding.ASCII.GetString(content, start, i - start)));
            }
            else
            {
                var start = i;
                while (i < content.Length && IsRegular(content[i]))
                    i++;
                if (i == start)
                    throw new FormatException($"Unexpected byte '{c}' at {i}.");
                var token = Encoding.ASCII.GetString(content, start, i - start);
                if (double.TryParse(token, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint,
                        CultureInfo.InvariantCulture, out var number))
                {
                    operands.Add(number);
                }
                else
                {
                    ops.Add(new Operation(token, operands.ToArray()));
                    operands.Clear();
                }
            }
        }
        if (operands.Count > 0)
            throw new FormatException("Operands left without an operator.");
        return ops;
    }

    private static bool IsRegular(byte b) =>
        !char.IsWhiteSpace((char)b) && "()<>[]{}/%".IndexOf((char)b) < 0;

    private static byte[] ReadLiteral(byte[] s, ref int i)
    {
        var result = new List<byte>();
        var depth = 1;
        i++;
        while (true)
        {
            var b = s[i++];
            if (b == '\\')
            {
                var e = s[i++];
                switch (e)
                {
                    case (byte)'n': result.Add((byte)'\n'); break;
                    case (byte)'r': result.Add((byte)'\r'); break;
                    case (byte)'t': result.Add((byte)'\t'); break;
                    case (byte)'b': result.Add(8); break;
                    case (byte)'f': result.Add(12); break;
                    case >= (byte)'0' and <= (byte)'7':
                        var value = e - '0';
                        for (var k = 0; k < 2 && s[i] is >= (byte)'0' and <= (byte)'7'; k++)
                            value = value * 8 + (s[i++] - '0');
                        result.Add((byte)value);
                        break;
                    case (byte)'\r' or (byte)'\n': break;
                    default: result.Add(e); break;
                }
            }
            else if (b == '(')
            {
                depth++;
                result.Add(b);
            }
            else if (b == ')')
            {
                if (--depth == 0)
                    return result.ToArray();
                result.Add(b);
            }
            else
            {
                result.Add(b);
            }
        }
    }
}
