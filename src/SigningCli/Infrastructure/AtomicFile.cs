namespace SigningCli.Infrastructure;

/// <summary>
/// Writes a file so that it either appears complete or not at all: a temp file in the same folder,
/// flushed, then renamed over the target. A failed signature leaves no partial output.
/// </summary>
internal static class AtomicFile
{
    public static T Write<T>(string path, Func<Stream, T> write) =>
        // A console process has no synchronization context, so waiting here cannot deadlock.
        WriteAsync(path, stream => Task.FromResult(write(stream))).GetAwaiter().GetResult();

    /// <summary>The stream is readable and seekable too, so later updates (DSS, time-stamps) can be appended.</summary>
    public static async Task<T> WriteAsync<T>(string path, Func<FileStream, Task<T>> write)
    {
        var fullPath = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(fullPath)!;
        Directory.CreateDirectory(directory);
        var temp = Path.Combine(directory, $".{Path.GetFileName(fullPath)}.{Guid.NewGuid():N}.tmp");
        try
        {
            T result;
            await using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 81920))
            {
                result = await write(stream).ConfigureAwait(false);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, fullPath, overwrite: true);
            return result;
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }
}
