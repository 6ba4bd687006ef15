using Signing.Abstractions;
using Spectre.Console;

namespace SigningCli.Infrastructure;

/// <summary>
/// PINs and passwords come from an environment variable or an interactive prompt — never from the
/// command line, where they would land in shell history and the process list.
/// </summary>
internal static class Secrets
{
    public static char[] Read(string? environmentVariable, string what)
    {
        if (!string.IsNullOrEmpty(environmentVariable))
        {
            var value = Environment.GetEnvironmentVariable(environmentVariable);
            if (string.IsNullOrEmpty(value))
            {
                throw new SigningException(
                    ErrorCodes.PinRequired, $"The environment variable {environmentVariable} (the {what}) is not set.");
            }
            return value.ToCharArray();
        }
        if (Console.IsInputRedirected)
        {
            throw new SigningException(
                ErrorCodes.PinRequired,
                $"No {what} given: pass the name of an environment variable that holds it, or run in a terminal to be asked.");
        }
        return AnsiConsole.Prompt(new TextPrompt<string>($"{what}:").Secret()).ToCharArray();
    }

    public static void Wipe(char[] secret) => Array.Clear(secret);
}
