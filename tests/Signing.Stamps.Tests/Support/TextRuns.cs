using System.Text;

namespace Signing.Stamps.Tests.Support;

/// <summary>A shown string with the state it was shown in.</summary>
public sealed record TextRun(string FontResource, double Size, double X, double Baseline, byte[] Bytes)
{
    static TextRun() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>The bytes read as WinAnsiEncoding (Windows-1252 for every code WinAnsi defines).</summary>
    public string Text => Encoding.GetEncoding(1252).GetString(Bytes);

    public static IReadOnlyList<TextRun> From(IReadOnlyList<Operation> ops)
    {
        var runs = new List<TextRun>();
        string? font = null;
        double size = 0, x = 0, y = 0;
        foreach (var op in ops)
        {
            switch (op.Operator)
            {
                case "Tf":
                    font = op.Name(0);
                    size = op.Number(1);
                    break;
                case "Tm":
                    Assert.Equal([1.0, 0, 0, 1], op.Operands.Take(4).Cast<double>());
                    (x, y) = (op.Number(4), op.Number(5));
                    break;
                case "Td" or "TD" or "T*" or "'" or "\"" or "TJ":
                    throw new InvalidOperationException($"The reader does not model {op.Operator}.");
                case "Tj":
                    runs.Add(new TextRun(font ?? throw new InvalidOperationException("Tj before Tf"), size, x, y, op.Bytes(0)));
                    break;
            }
        }
        return runs;
    }
}
