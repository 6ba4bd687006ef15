using System.CommandLine;
using Signing.Abstractions;
using Signing.Cms;
using Signing.Pkcs11;

namespace SigningCli.Infrastructure;

/// <summary>Where the key is: a PKCS#11 token (HSM slot, USB token, SoftHSM) or a PKCS#12 file (dev).</summary>
internal sealed class KeySourceOptions
{
    public Option<string?> Module { get; } = new("--pkcs11-module") { Description = "PKCS#11 module (.so) of the HSM or token" };
    public Option<string?> Token { get; } = new("--token") { Description = "Token label (or serial)" };
    public Option<string?> Key { get; } = new("--key") { Description = "Key label on the token" };
    public Option<string?> KeyId { get; } = new("--key-id") { Description = "Key CKA_ID in hex (instead of --key)" };
    public Option<string?> PinEnv { get; } = new("--pin-env") { Description = "Environment variable holding the token PIN (prompted when absent)" };
    public Option<FileInfo?> Pkcs12 { get; } = new("--pkcs12") { Description = "PKCS#12 file with key and certificate (dev keys)" };
    public Option<string?> PasswordEnv { get; } = new("--password-env") { Description = "Environment variable holding the PKCS#12 password" };
    public Option<FileInfo?> Certificate { get; } = new("--cert") { Description = "Signer certificate (PEM); default: from the token, matching CKA_ID" };
    public Option<FileInfo?> Chain { get; } = new("--chain") { Description = "PEM bundle of the issuing chain" };

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Module, Token, Key, KeyId, PinEnv, Pkcs12, PasswordEnv, Certificate, Chain })
        {
            command.Options.Add(option);
        }
    }

    public IRawSigner Open(ParseResult parse)
    {
        var chain = parse.GetValue(Chain) is { } chainFile
            ? PemCertificates.Read(File.ReadAllText(chainFile.FullName)).Select(c => (ReadOnlyMemory<byte>)c).ToList()
            : null;
        var p12 = parse.GetValue(Pkcs12);
        var module = parse.GetValue(Module);
        if ((p12 is null) == (module is null))
        {
            throw new SigningException(
                ErrorCodes.KeyNotFound, "Give exactly one key source: --pkcs11-module … --token … --key …, or --pkcs12 FILE.");
        }
        if (p12 is not null)
        {
            var password = Secrets.Read(parse.GetValue(PasswordEnv), "PKCS#12 password");
            try
            {
                using var stream = p12.OpenRead();
                return Pkcs12RawSigner.Open(stream, password, chain);
            }
            finally
            {
                Secrets.Wipe(password);
            }
        }

        var token = parse.GetValue(Token) ?? throw new SigningException(ErrorCodes.TokenNotPresent, "--token LABEL is required with --pkcs11-module.");
        var keyLabel = parse.GetValue(Key);
        var keyId = parse.GetValue(KeyId);
        if (keyLabel is null && keyId is null)
        {
            throw new SigningException(ErrorCodes.KeyNotFound, "--key LABEL or --key-id HEX is required with --pkcs11-module.");
        }
        // Typed explicitly: a null byte[] would convert to an empty (but present) ReadOnlyMemory.
        ReadOnlyMemory<byte>? certificate = null;
        if (parse.GetValue(Certificate) is { } certFile)
        {
            certificate = PemCertificates.Read(File.ReadAllText(certFile.FullName))[0];
        }
        var pin = Secrets.Read(parse.GetValue(PinEnv), $"PIN for token '{token}'");
        try
        {
            return Pkcs11Module.Load(module!).OpenSigner(
                new Pkcs11KeyReference(module!, token, null, keyLabel, keyId), pin, certificate, chain);
        }
        finally
        {
            Secrets.Wipe(pin);
        }
    }
}
