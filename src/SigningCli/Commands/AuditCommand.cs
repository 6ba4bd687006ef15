using System.CommandLine;
using Signing.Abstractions;
using SigningCli.Infrastructure;
using SigningService.Data;

namespace SigningCli.Commands;

/// <summary><c>signing-cli audit verify</c>: checks the service's hash-chained audit trail and names the first broken row.</summary>
internal static class AuditCommand
{
    public static Command Create()
    {
        var provider = new Option<string>("--provider") { Description = "sqlite, postgresql or sqlserver", DefaultValueFactory = _ => "sqlite" };
        var connection = new Option<string?>("--connection") { Description = "Connection string (e.g. \"Data Source=data/signing.db\")" };
        var connectionEnv = new Option<string?>("--connection-env") { Description = "Environment variable holding the connection string (keeps passwords off the command line)" };
        var verify = new Command("verify", "Verify the audit chain; exit 1 and name the first broken row when it does not hold");
        foreach (var o in new Option[] { provider, connection, connectionEnv })
            verify.Options.Add(o);
        verify.SetAction((parse, ct) => CliErrors.Run(async () =>
        {
            var text = parse.GetValue(connection)
                       ?? (parse.GetValue(connectionEnv) is { } env ? Environment.GetEnvironmentVariable(env) : null)
                       ?? throw new SigningException("connection-missing", "Give --connection or --connection-env.");
            await using var db = AuditChainCheck.Open(parse.GetValue(provider)!, text);
            var report = await AuditChainCheck.VerifyAsync(db, ct);
            if (report.Break is { } broken)
            {
                Console.Error.WriteLine($"error [audit-chain-broken]: row {broken.Sequence}: {broken.Problem} ({report.RowsChecked} row(s) read).");
                return CliErrors.Failed;
            }
            Console.WriteLine($"audit chain intact: {report.RowsChecked} row(s), each linked to the one before, the last one is the recorded head.");
            return 0;
        }));
        var audit = new Command("audit", "The service's audit trail");
        audit.Subcommands.Add(verify);
        return audit;
    }
}
