using System.CommandLine;
using Signing.Abstractions;
using Signing.Pkcs11;
using SigningCli.Infrastructure;

namespace SigningCli.Commands;

/// <summary><c>signing-cli token list|keys|keygen|csr|import-cert --pkcs11-module PATH …</c></summary>
internal static class TokenCommand
{
    private static readonly Option<string> Module = new("--pkcs11-module") { Description = "PKCS#11 module (.so)", Required = true, Recursive = true };
    private static readonly Option<string> Token = new("--token") { Description = "Token label or serial", Required = true };
    private static readonly Option<string?> PinEnv = new("--pin-env") { Description = "Environment variable holding the user PIN (prompted when absent)" };

    public static Command Create()
    {
        var command = new Command("token", "Inspect and provision PKCS#11 tokens (HSM slots, USB tokens, SoftHSM)");
        command.Options.Add(Module);
        command.Subcommands.Add(List());
        command.Subcommands.Add(Keys());
        command.Subcommands.Add(KeyGen());
        command.Subcommands.Add(Csr());
        command.Subcommands.Add(ImportCert());
        return command;
    }

    private static Command List()
    {
        var command = new Command("list", "Slots with a token");
        command.SetAction((parse, _) => CliErrors.Run(() =>
        {
            foreach (var t in Pkcs11Module.Load(parse.GetValue(Module)!).ListTokens())
            {
                var state = t.PinLocked ? "PIN LOCKED" : t.PinFinalTry ? "PIN: final try" : t.PinCountLow ? "PIN: tries low" : "ok";
                Console.WriteLine($"slot {t.SlotId}: '{t.Label}' serial {t.Serial} ({t.Manufacturer} {t.Model}) {state}");
            }
            return Task.FromResult(0);
        }));
        return command;
    }

    private static Command Keys()
    {
        var command = WithToken(new Command("keys", "Private keys on a token, with their certificates"));
        command.SetAction((parse, _) => CliErrors.Run(() => WithPin(parse, pin =>
        {
            foreach (var k in Pkcs11Module.Load(parse.GetValue(Module)!).ListKeys(parse.GetValue(Token)!, pin))
            {
                var cert = k.CertificateSubject is null ? "no certificate" : $"{k.CertificateSubject}, valid until {k.CertificateNotAfter:yyyy-MM-dd}";
                Console.WriteLine($"'{k.Label}' id {k.IdHex} {k.Algorithm} {k.KeySizeBits}-bit: {cert}");
            }
            return 0;
        })));
        return command;
    }

    private static Command KeyGen()
    {
        var label = new Option<string>("--label") { Description = "Key label", Required = true };
        var id = new Option<string?>("--id") { Description = "CKA_ID in hex (default: random 8 bytes)" };
        var algorithm = new Option<string>("--algorithm") { Description = "rsa2048, rsa3072, ec-p256 or ec-p384", DefaultValueFactory = _ => "rsa2048" };
        var command = WithToken(new Command("keygen", "Generate a key pair on the token (private key never leaves it)"));
        command.Options.Add(label);
        command.Options.Add(id);
        command.Options.Add(algorithm);
        command.SetAction((parse, _) => CliErrors.Run(() => WithPin(parse, pin =>
        {
            var (keyAlgorithm, bits) = parse.GetValue(algorithm)!.ToLowerInvariant() switch
            {
                "rsa2048" => (KeyAlgorithm.Rsa, 2048),
                "rsa3072" => (KeyAlgorithm.Rsa, 3072),
                "ec-p256" => (KeyAlgorithm.EcP256, 256),
                "ec-p384" => (KeyAlgorithm.EcP384, 384),
                var other => throw new SigningException(ErrorCodes.MechanismNotSupported, $"Unknown key algorithm '{other}'."),
            };
            var keyId = parse.GetValue(id) ?? Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(8));
            var key = Pkcs11Module.Load(parse.GetValue(Module)!).GenerateKey(
                parse.GetValue(Token)!, pin, parse.GetValue(label)!, keyId, keyAlgorithm, bits);
            Console.WriteLine($"Generated '{key.Label}' id {key.IdHex} {key.Algorithm} {key.KeySizeBits}-bit");
            return 0;
        })));
        return command;
    }

    private static Command Csr()
    {
        var key = new Option<string>("--key") { Description = "Key label or CKA_ID hex", Required = true };
        var subject = new Option<string>("--subject") { Description = "Subject DN, e.g. \"CN=Budi Santoso, T=Kepala Dinas, O=Pemerintah Kota Malang, C=ID\"", Required = true };
        var output = new Option<string>("--output", "-o") { Description = "Where to write the PKCS#10 request (PEM)", Required = true };
        var command = WithToken(new Command("csr", "Create a PKCS#10 certificate request signed by a key on the token"));
        command.Options.Add(key);
        command.Options.Add(subject);
        command.Options.Add(output);
        command.SetAction((parse, _) => CliErrors.Run(() => WithPin(parse, pin =>
        {
            var der = Pkcs11Module.Load(parse.GetValue(Module)!).CreateCertificationRequest(
                parse.GetValue(Token)!, pin, parse.GetValue(key)!, parse.GetValue(subject)!);
            var pem = System.Security.Cryptography.PemEncoding.WriteString("CERTIFICATE REQUEST", der);
            AtomicFile.Write(parse.GetValue(output)!, s => { s.Write(System.Text.Encoding.ASCII.GetBytes(pem + "\n")); return 0; });
            Console.WriteLine($"Wrote {parse.GetValue(output)}");
            return 0;
        })));
        return command;
    }

    private static Command ImportCert()
    {
        var cert = new Option<FileInfo>("--cert") { Description = "Issued certificate (PEM or DER)", Required = true };
        var label = new Option<string?>("--label") { Description = "Certificate label (default: the key's label)" };
        var command = WithToken(new Command("import-cert", "Store the issued certificate next to its key (same CKA_ID)"));
        command.Options.Add(cert);
        command.Options.Add(label);
        command.SetAction((parse, _) => CliErrors.Run(() => WithPin(parse, pin =>
        {
            var bytes = File.ReadAllBytes(parse.GetValue(cert)!.FullName);
            var der = bytes.Length > 0 && bytes[0] == 0x30
                ? bytes
                : Signing.Cms.PemCertificates.Read(System.Text.Encoding.ASCII.GetString(bytes))[0];
            Pkcs11Module.Load(parse.GetValue(Module)!).ImportCertificate(parse.GetValue(Token)!, pin, der, parse.GetValue(label));
            Console.WriteLine("Certificate imported.");
            return 0;
        })));
        return command;
    }

    private static Command WithToken(Command command)
    {
        command.Options.Add(Token);
        command.Options.Add(PinEnv);
        return command;
    }

    private static Task<int> WithPin(ParseResult parse, Func<char[], int> action)
    {
        var pin = Secrets.Read(parse.GetValue(PinEnv), $"PIN for token '{parse.GetValue(Token)}'");
        try
        {
            return Task.FromResult(action(pin));
        }
        finally
        {
            Secrets.Wipe(pin);
        }
    }
}
