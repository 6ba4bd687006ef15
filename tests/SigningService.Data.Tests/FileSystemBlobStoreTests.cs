using SigningService.Storage;

namespace SigningService.Data.Tests;

/// <summary>Blobs as files: atomic replacement, unflushed batches made durable by one flush, no escape from the root.</summary>
public sealed class FileSystemBlobStoreTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "blobs-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root))
            Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public async Task A_written_blob_reads_back_and_a_second_write_replaces_it_without_leaving_temporary_files()
    {
        var store = new FileSystemBlobStore(_root);
        await store.WriteAsync("original/a.pdf", new MemoryStream("%PDF-1 first"u8.ToArray()), CancellationToken.None);
        await store.WriteAsync("original/a.pdf", new MemoryStream("%PDF-1 second"u8.ToArray()), CancellationToken.None);

        Assert.Equal("%PDF-1 second", await ReadAsync(store, "original/a.pdf"));
        Assert.Equal(["a.pdf"], Directory.GetFiles(Path.Combine(_root, "original")).Select(Path.GetFileName));
    }

    [Fact]
    public async Task Unflushed_writes_of_a_batch_are_readable_at_once_and_one_flush_covers_them_all()
    {
        var store = new FileSystemBlobStore(_root);
        await Task.WhenAll(Enumerable.Range(0, 16).Select(i =>
            store.WriteUnflushedAsync($"signed/{i}-1.pdf", new MemoryStream(System.Text.Encoding.ASCII.GetBytes($"blob {i}")), CancellationToken.None)));
        Assert.Equal("blob 7", await ReadAsync(store, "signed/7-1.pdf"));

        await store.FlushAsync(CancellationToken.None);
        await store.FlushAsync(CancellationToken.None); // nothing left to flush: returns at once

        Assert.Equal(16, Directory.GetFiles(Path.Combine(_root, "signed")).Length);
        Assert.All(Enumerable.Range(0, 16), i => Assert.True(store.Exists($"signed/{i}-1.pdf")));
    }

    [Fact]
    public async Task An_unflushed_write_never_replaces_an_existing_blob()
    {
        var store = new FileSystemBlobStore(_root);
        await store.WriteAsync("signed/a-1.pdf", new MemoryStream("%PDF-1 kept"u8.ToArray()), CancellationToken.None);

        await Assert.ThrowsAsync<IOException>(() =>
            store.WriteUnflushedAsync("signed/a-1.pdf", new MemoryStream("%PDF-1 other"u8.ToArray()), CancellationToken.None));

        Assert.Equal("%PDF-1 kept", await ReadAsync(store, "signed/a-1.pdf"));
        Assert.Equal(["a-1.pdf"], Directory.GetFiles(Path.Combine(_root, "signed")).Select(Path.GetFileName));
    }

    [Fact]
    public async Task A_stream_is_written_from_its_position_whether_its_buffer_is_exposed_or_not()
    {
        var store = new FileSystemBlobStore(_root);
        var exposed = new MemoryStream();
        exposed.Write("skip|%PDF-1 exposed"u8);
        exposed.Position = 5;
        var hidden = new MemoryStream("skip|%PDF-1 hidden"u8.ToArray()) { Position = 5 };

        await store.WriteAsync("original/exposed.pdf", exposed, CancellationToken.None);
        await store.WriteUnflushedAsync("original/hidden.pdf", hidden, CancellationToken.None);

        Assert.Equal("%PDF-1 exposed", await ReadAsync(store, "original/exposed.pdf"));
        Assert.Equal("%PDF-1 hidden", await ReadAsync(store, "original/hidden.pdf"));
    }

    [Fact]
    public async Task A_new_unflushed_blob_is_an_ordinary_file_readable_as_any_other_and_leaves_no_temporary_file()
    {
        var store = new FileSystemBlobStore(_root);
        await store.WriteAsync("original/flushed.pdf", new MemoryStream("%PDF-1 flushed"u8.ToArray()), CancellationToken.None);
        var exposed = new MemoryStream();
        exposed.Write("%PDF-1 unflushed"u8);
        exposed.Position = 0;
        await store.WriteUnflushedAsync("original/unflushed.pdf", exposed, CancellationToken.None);
        await store.FlushAsync(CancellationToken.None);

        Assert.Equal("%PDF-1 unflushed", await ReadAsync(store, "original/unflushed.pdf"));
        Assert.Equal(["flushed.pdf", "unflushed.pdf"], Directory.GetFiles(Path.Combine(_root, "original")).Select(Path.GetFileName).Order());
        if (!OperatingSystem.IsWindows())
        {
            // Named from an unnamed file on Linux: it must still get the usual mode (0666 less the umask), or
            // the Verifier, running as another user, could not read it.
            Assert.Equal(File.GetUnixFileMode(Path.Combine(_root, "original/flushed.pdf")),
                File.GetUnixFileMode(Path.Combine(_root, "original/unflushed.pdf")));
        }
    }

    [Fact]
    public async Task A_key_that_leaves_the_store_is_refused()
    {
        var store = new FileSystemBlobStore(_root);
        await Assert.ThrowsAsync<ArgumentException>(() => store.WriteAsync("../escape.pdf", new MemoryStream([1]), CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(() => store.WriteUnflushedAsync("../escape.pdf", new MemoryStream([1]), CancellationToken.None));
    }

    private static async Task<string> ReadAsync(IBlobStore store, string key)
    {
        await using var stream = store.OpenRead(key) ?? throw new FileNotFoundException(key);
        using var reader = new StreamReader(stream);
        return await reader.ReadToEndAsync();
    }
}
