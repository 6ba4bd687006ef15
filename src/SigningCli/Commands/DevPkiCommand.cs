using System.CommandLine;
using Signing.Cms;
using Signing.Cms.Revocation;
using Signing.DevServices;
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
        command.Subcommands.Add(Serve());
        command.Subcommands.Add(Revoke());
        return command;
    }

    private static readonly Option<string> Folder = new("--pki") { Description = "Dev PKI folder", DefaultValueFactory = _ => "certs-dev" };
    private static readonly Option<string?> State = new("--state") { Description = "Revocation state folder (default: <pki>/state)" };

    /// <summary>The dev TSA, OCSP responder, CRLs and CA certificates at the URLs the dev certificates name.</summary>
    private static Command Serve()
    {
        var port = new Option<int>("--port") { Description = "Port on 127.0.0.1 (the dev certificates name 5080)", DefaultValueFactory = _ => 5080 };
        var command = new Command("serve", "Serve the dev TSA, OCSP responder and CRLs (DEV ONLY)");
        command.Options.Add(Folder);
        command.Options.Add(State);
        command.Options.Add(port);
        command.SetAction((parse, ct) => CliErrors.Run(async () =>
        {
            var authority = DevAuthority.Load(parse.GetValue(Folder)!, parse.GetValue(State));
            await using var server = await DevPkiServer.StartAsync(authority, $"http://127.0.0.1:{parse.GetValue(port)}", ct: ct);
            Console.WriteLine($"DEV ONLY — dev PKI services at {server.DevPkiUrl} (tsa, ocsp, issuing-ca.crl, root-ca.crl). Ctrl+C stops.");
            try
            {
                await Task.Delay(Timeout.Infinite, ct);
            }
            catch (OperationCanceledException)
            {
                // Ctrl+C or SIGTERM: stop cleanly.
            }
            return 0;
        }));
        return command;
    }

    private static Command Revoke()
    {
        var who = new Argument<string>("identity") { Description = "Identity name (e.g. revoked, kadis) or certificate serial in hex" };
        var reason = new Option<RevocationReason>("--reason") { Description = "CRL reason", DefaultValueFactory = _ => RevocationReason.KeyCompromise };
        var undo = new Option<bool>("--undo") { Description = "Take it off the revocation list again" };
        var command = new Command("revoke", "Revoke a dev certificate (the OCSP responder and CRLs then say so)");
        command.Arguments.Add(who);
        command.Options.Add(Folder);
        command.Options.Add(State);
        command.Options.Add(reason);
        command.Options.Add(undo);
        command.SetAction((parse, _) => CliErrors.Run(() =>
        {
            var authority = DevAuthority.Load(parse.GetValue(Folder)!, parse.GetValue(State));
            if (parse.GetValue(undo))
            {
                Console.WriteLine(authority.Unrevoke(parse.GetValue(who)!) ? "Unrevoked." : "It was not revoked.");
                return Task.FromResult(0);
            }
            var entry = authority.Revoke(parse.GetValue(who)!, parse.GetValue(reason));
            Console.WriteLine($"Revoked {entry.Name ?? entry.SerialHex} (serial {entry.SerialHex}) at {entry.RevokedAt:u}, reason {entry.Reason}.");
            return Task.FromResult(0);
        }));
        return command;
    }
}
