using System.CommandLine;
using Signing.Cms;
using SigningCli.Infrastructure;

namespace SigningCli.Commands;

/// <summary><c>signing-cli dev-pki init</c>: the DEV-ONLY PKI of certs-dev/, generated with BouncyCastle.</summary>
internal static class DevPkiCommand
{
    public static Command Create()
    {
        var output = new Option<string>("--out") { Description = "Output folder", DefaultValueFactory = _ => "certs-dev" };
        var baseUrl = new Option<string?>("--base-url") { Description = "Base URL of the dev OCSP/CRL/CA endpoints named in the certificates" };
        var overwrite = new Option<bool>("--overwrite") { Description = "Replace an existing dev PKI (re-keys every identity)" };
        var init = new Command("init", "Generate root CA, issuing CA, officials, e-seal, TSA and OCSP certificates (DEV ONLY)");
        init.Options.Add(output);
        init.Options.Add(baseUrl);
        init.Options.Add(overwrite);
        init.SetAction((parse, _) => CliErrors.Run(() =>
        {
            var options = new DevPkiOptions { Overwrite = parse.GetValue(overwrite) };
            if (parse.GetValue(baseUrl) is { } url)
            {
                options = options with { BaseUrl = url };
            }
            var result = DevPki.Generate(parse.GetValue(output)!, options);
            Console.WriteLine($"DEV ONLY — never use in production. Wrote {result.OutputDirectory}:");
            foreach (var identity in result.Identities)
            {
                Console.WriteLine($"  {identity.Name,-11} {identity.KeyAlgorithm,-6} {identity.Subject}");
            }
            return Task.FromResult(0);
        }));

        var command = new Command("dev-pki", "The development PKI (never for production)");
        command.Subcommands.Add(init);
        return command;
    }
}
