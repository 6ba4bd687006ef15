using System.CommandLine;
using SigningCli.Commands;

var root = new RootCommand("SigningService command line: PAdES signing, verification, tokens and the dev PKI")
{
    SignCommand.Create(),
    VerifyCommand.Create(),
    ExtendCommand.Create(),
    TokenCommand.Create(),
    DevPkiCommand.Create(),
    BenchCommand.Create(),
    ServiceBenchCommand.Create(),
    ApprovalBenchCommand.Create(),
    AuditCommand.Create(),
};
return await root.Parse(args).InvokeAsync();
