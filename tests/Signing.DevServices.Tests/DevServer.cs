using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Signing.Cms;
using TestSupport;

namespace Signing.DevServices.Tests;

/// <summary>
/// A real Kestrel on 127.0.0.1 (port 0) serving the committed certs-dev PKI with a revocation state folder
/// of its own, plus two misbehaving endpoints: /junk answers bytes that are no ASN.1 (POST and GET), /broken answers 500.
/// Counts every request it serves.
/// </summary>
public sealed class DevServer : IAsyncDisposable
{
    private readonly TempDir _state = new();
    private int _requests;

    private DevServer()
    {
        Authority = DevAuthority.Load(RepoPaths.CertsDev, _state.Path);
    }

    public DevAuthority Authority { get; }

    public DevPkiServer Server { get; private set; } = null!;

    public int Requests => Volatile.Read(ref _requests);

    public Uri Url(string relative) => new(Server.BaseAddress, relative);

    public static async Task<DevServer> StartAsync()
    {
        var server = new DevServer();
        server.Server = await DevPkiServer.StartAsync(server.Authority, configure: app =>
        {
            app.Use((context, next) =>
            {
                Interlocked.Increment(ref server._requests);
                return next(context);
            });
            app.MapPost("/junk", () => Results.Bytes("this is not ASN.1"u8.ToArray(), "application/timestamp-reply"));
            app.MapGet("/junk", () => Results.Bytes("this is not ASN.1"u8.ToArray(), "application/pkix-crl"));
            app.MapPost("/broken", () => Results.StatusCode(StatusCodes.Status500InternalServerError));
        });
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        _state.Dispose();
    }
}

internal static class Tools
{
    public static string CertsDev(string file) => Path.Combine(RepoPaths.CertsDev, file);

    public static byte[] Certificate(string name) => PemCertificates.Read(File.ReadAllText(CertsDev(name + ".pem")))[0];

    /// <summary>NAME's certificate, the issuing CA and the root, DER, leaf first.</summary>
    public static IReadOnlyList<ReadOnlyMemory<byte>> ChainOf(string name) =>
        [Certificate(name), Certificate("issuing-ca"), Certificate("root-ca")];

    public static string SerialHex(string name) => CertificateInfo.Describe(Certificate(name)).SerialHex;

    public static int ClosedPort() => LoopbackPorts.Closed();

    public static (int ExitCode, string Output) OpenSsl(params string[] args)
    {
        var result = ExternalTool.Run("openssl", args);
        return (result.ExitCode, result.All);
    }
}
