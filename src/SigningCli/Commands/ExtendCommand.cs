using System.CommandLine;
using System.Security.Cryptography;
using Signing.Abstractions;
using Signing.Core.Ltv;
using SigningCli.Infrastructure;

namespace SigningCli.Commands;

/// <summary>
/// <c>signing-cli extend IN.pdf --level B-T|B-LT|B-LTA --tsa URL -o OUT.pdf</c>, or <c>--archive</c> to
/// add one more document time-stamp to a B-LTA file before the last TSA certificate expires.
/// </summary>
internal static class ExtendCommand
{
    public static Command Create()
    {
        var input = new Argument<FileInfo>("input") { Description = "A signed PDF (ours or another tool's)" };
        var output = new Option<string>("--output", "-o") { Description = "Extended PDF", Required = true };
        var archive = new Option<bool>("--archive") { Description = "Re-time-stamp a B-LTA file (validation data + a new document time-stamp)" };
        var ltv = new LtvOptions();
        var command = new Command("extend", "Raise a signed PDF to B-T, B-LT or B-LTA by appending updates");
        command.Arguments.Add(input);
        command.Options.Add(output);
        command.Options.Add(archive);
        ltv.AddTo(command);

        command.SetAction((parse, ct) => CliErrors.Run(async () =>
        {
            var file = parse.GetValue(input)!;
            if (!file.Exists)
            {
                throw new SigningException(ErrorCodes.PdfNotAPdf, $"No such file: {file.FullName}");
            }
            using var http = new HttpClient();
            var extender = new LtvExtender(ltv.Create(parse, http));
            var level = ltv.ParseLevel(parse);
            if (!parse.GetValue(archive) && level == SignatureLevel.BB)
            {
                throw new SigningException(ErrorCodes.MechanismNotSupported, "Give --level B-T, B-LT or B-LTA, or --archive.");
            }
            var sha = await AtomicFile.WriteAsync(parse.GetValue(output)!, async target =>
            {
                await using (var source = file.OpenRead())
                {
                    await source.CopyToAsync(target, ct);
                }
                if (parse.GetValue(archive))
                {
                    await extender.ArchiveAsync(target, ct);
                }
                else
                {
                    await extender.ExtendAsync(target, level, ct);
                }
                target.Position = 0;
                return Convert.ToHexStringLower(await SHA256.HashDataAsync(target, ct));
            });
            Console.WriteLine($"Extended: {Path.GetFullPath(parse.GetValue(output)!)}");
            Console.WriteLine($"SHA-256: {sha}");
            return 0;
        }));
        return command;
    }
}
