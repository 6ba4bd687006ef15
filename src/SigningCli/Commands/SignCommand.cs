using System.CommandLine;
using Signing.Abstractions;
using Signing.Core.Ltv;
using Signing.Core.Signing;
using SigningCli.Infrastructure;

namespace SigningCli.Commands;

/// <summary><c>signing-cli sign IN.pdf -o OUT.pdf …</c> or <c>signing-cli sign DIR -o OUTDIR …</c>.</summary>
internal static class SignCommand
{
    public static Command Create()
    {
        var input = new Argument<string>("input") { Description = "A PDF file, or a folder of PDFs to sign in one batch" };
        var output = new Option<string>("--output", "-o") { Description = "Signed PDF (or output folder for a batch)", Required = true };
        var parallel = new Option<int>("--parallel") { Description = "Documents signed at once in a batch", DefaultValueFactory = _ => Environment.ProcessorCount };
        var keys = new KeySourceOptions();
        var look = new SignOptions();
        var ltv = new LtvOptions();

        var command = new Command("sign", "Sign a PDF (PAdES B-B) with a key on a PKCS#11 token or in a PKCS#12 file");
        command.Arguments.Add(input);
        command.Options.Add(output);
        command.Options.Add(parallel);
        keys.AddTo(command);
        look.AddTo(command);
        ltv.AddTo(command);

        command.SetAction((parse, ct) => CliErrors.Run(async () =>
        {
            var inputPath = parse.GetValue(input)!;
            var outputPath = parse.GetValue(output)!;
            var request = look.ToRequest(parse) with { Level = ltv.ParseLevel(parse) };
            using var http = new HttpClient();
            var services = ltv.Create(parse, http);
            if (Directory.Exists(inputPath))
            {
                var files = Directory.EnumerateFiles(inputPath, "*.pdf", SearchOption.TopDirectoryOnly)
                    .Order(StringComparer.Ordinal).ToList();
                using var batchSigner = Disposing(keys.Open(parse));
                return await BatchSigner.Run(files, outputPath, batchSigner.Value, request, services, parse.GetValue(parallel), ct);
            }
            if (!File.Exists(inputPath))
            {
                throw new SigningException(ErrorCodes.PdfNotAPdf, $"No such file or folder: {inputPath}");
            }
            using var signer = Disposing(keys.Open(parse));
            var signed = await SignFile(inputPath, outputPath, signer.Value, request, services, ct);
            Console.WriteLine($"Signed: {Path.GetFullPath(outputPath)}");
            Console.WriteLine($"SHA-256: {signed.Sha256}");
            return 0;
        }));
        return command;
    }

    public static async Task<SignedDocument> SignFile(
        string inputPath, string outputPath, IRawSigner signer, SignRequest request, LtvServices services, CancellationToken ct)
    {
        await using var input = new FileStream(inputPath, FileMode.Open, FileAccess.Read, FileShare.Read, 81920);
        return await AtomicFile.WriteAsync(outputPath, output =>
            new PdfSigner().SignAsync(input, output, signer, request, services, ct));
    }

    private static DisposableSigner Disposing(IRawSigner signer) => new(signer);

    private readonly struct DisposableSigner(IRawSigner value) : IDisposable
    {
        public IRawSigner Value { get; } = value;
        public void Dispose() => (Value as IDisposable)?.Dispose();
    }
}
