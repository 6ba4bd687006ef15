namespace SigningService.Storage;

/// <summary>Where PDFs live; metadata and hashes are in the database.</summary>
public interface IBlobStore
{
    /// <summary>Writes <paramref name="content"/> under <paramref name="key"/>, replacing any earlier blob atomically.</summary>
    Task WriteAsync(string key, Stream content, CancellationToken ct);

    /// <summary>The blob, or null when there is none.</summary>
    Stream? OpenRead(string key);

    bool Exists(string key);
}

public static class BlobKeys
{
    public static string Original(Guid documentId) => $"original/{documentId:N}.pdf";

    public static string Signed(Guid documentId, int attempt) => $"signed/{documentId:N}-{attempt}.pdf";

    /// <summary>An official's signature: named per approval, so two approvals racing for one document never share a file.</summary>
    public static string SignedOnApproval(Guid documentId, Guid approvalId) => $"signed/{documentId:N}-a{approvalId:N}.pdf";

    /// <summary>The signed PDF grown by a renewed archive time-stamp; the earlier file stays as it was.</summary>
    public static string ArchiveRenewal(Guid documentId, Guid renewalId) => $"signed/{documentId:N}-r{renewalId:N}.pdf";
}

/// <summary>
/// Blobs as files under a root folder. A write goes to a temporary file in the same folder, is flushed
/// to disk, then renamed over the target: readers see the old file or the new one, never half of one,
/// and a crash mid-write leaves only a stray temporary file.
/// </summary>
public sealed class FileSystemBlobStore(string root) : IBlobStore
{
    public string Root { get; } = Path.GetFullPath(root);

    public async Task WriteAsync(string key, Stream content, CancellationToken ct)
    {
        var target = PathOf(key);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var temporary = $"{target}.{Guid.NewGuid():N}.tmp";
        try
        {
            await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous))
            {
                await content.CopyToAsync(file, ct).ConfigureAwait(false);
                await file.FlushAsync(ct).ConfigureAwait(false);
                file.Flush(flushToDisk: true);
            }
            File.Move(temporary, target, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    public Stream? OpenRead(string key)
    {
        var path = PathOf(key);
        return File.Exists(path)
            ? new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 81920, FileOptions.Asynchronous)
            : null;
    }

    public bool Exists(string key) => File.Exists(PathOf(key));

    private string PathOf(string key)
    {
        var path = Path.GetFullPath(Path.Combine(Root, key));
        if (!path.StartsWith(Root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new ArgumentException($"Blob key '{key}' leaves the store.", nameof(key));
        }
        return path;
    }
}
