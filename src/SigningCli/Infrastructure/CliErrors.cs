using Signing.Abstractions;

namespace SigningCli.Infrastructure;

/// <summary>Turns failures into one clear line on stderr and an exit code; never a stack trace.</summary>
internal static class CliErrors
{
    public const int Failed = 1;
    public const int InputError = 2;
    public const int Internal = 70;

    public static async Task<int> Run(Func<Task<int>> action)
    {
        try
        {
            return await action().ConfigureAwait(false);
        }
        catch (SigningException e)
        {
            Console.Error.WriteLine($"error [{e.Code}]: {e.Message}");
            return InputError;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"error [io]: {e.Message}");
            return InputError;
        }
        catch (Exception e)
        {
            Console.Error.WriteLine($"error [internal]: {e.GetType().Name}: {e.Message}");
            return Internal;
        }
    }

    public static string Describe(Exception e) => e switch
    {
        SigningException s => $"[{s.Code}] {s.Message}",
        IOException io => $"[io] {io.Message}",
        _ => $"[internal] {e.GetType().Name}: {e.Message}",
    };
}
