namespace TestSupport;

/// <summary>Incremental updates made by another tool (MuPDF's mutool run), to test what a validator says about them.</summary>
public static class MuPdfEdits
{
    /// <summary>Adds a content stream drawing "TAMPERED" to page 1, saved incrementally (the signed bytes stay a prefix).</summary>
    public static void AppendPageContent(string input, string output)
    {
        using var temp = new TempDir();
        var script = temp.File("append.js");
        File.WriteAllText(script, """
            var doc = new PDFDocument(scriptArgs[0]);
            var page = doc.findPage(0);
            var extra = doc.addStream("BT /F1 24 Tf 100 100 Td (TAMPERED) Tj ET");
            var contents = page.get("Contents");
            var all = doc.newArray();
            if (contents.isArray()) { for (var i = 0; i < contents.length; i++) all.push(contents.get(i)); } else { all.push(contents); }
            all.push(extra);
            page.put("Contents", all);
            doc.save(scriptArgs[1], "incremental");
            """);
        File.Copy(input, output, overwrite: true);
        var result = ExternalTool.Run("mutool", "run", script, input, output);
        if (result.ExitCode != 0)
            throw new InvalidOperationException("mutool run failed: " + result.All);
    }
}
