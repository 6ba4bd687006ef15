using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Quartz;
using Signing.Abstractions;
using Signing.Core.Ltv;
using Signing.Core.Validation;
using SigningService.Data;
using SigningService.Domain;
using SigningService.Storage;

namespace SigningService.Signing;

/// <summary>Section "Archive": when the B-LTA archive time-stamps of stored documents are renewed.</summary>
public sealed class ArchiveOptions
{
    /// <summary>Renew this long before the TSA certificate of the newest document time-stamp expires.</summary>
    [Range(1, 3650)]
    public double RenewDaysBeforeExpiry { get; set; } = 180;

    [Range(1, 86_400 * 7)]
    public double IntervalSeconds { get; set; } = 6 * 3600;

    /// <summary>Documents renewed per run at most (each costs two TSA round trips and a rewrite of its blob).</summary>
    [Range(1, 100_000)]
    public int BatchSize { get; set; } = 200;
}

/// <summary>
/// Keeps B-LTA documents verifiable for the long term (EN 319 142-1 §5.5; issue 7): a stored document whose
/// newest archive time-stamp's TSA certificate expires within <see cref="ArchiveOptions.RenewDaysBeforeExpiry"/>
/// gets the validation data of that time-stamp and a new document time-stamp over everything, appended to
/// its signed PDF (earlier revisions and signatures stay byte for byte). A document is renewed at most once a
/// day: when the TSA still signs with the same certificate, a renewal cannot push the date further, and the
/// job says so in the log instead of time-stamping in circles.
/// </summary>
[DisallowConcurrentExecution]
public sealed partial class ArchiveRenewalJob(
    AuditedSave save, IBlobStore blobs, LtvServiceFactory ltv, IOptions<ArchiveOptions> options, TimeProvider clock,
    Verification.PublicDocumentCache publicCache, ILogger<ArchiveRenewalJob> log) : IJob
{
    public static readonly JobKey Key = new("archive-renewal", "signing");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var horizon = now.AddDays(options.Value.RenewDaysBeforeExpiry);
        var dayAgo = now.AddDays(-1);
        var due = await save.Db.Documents
            .Where(d => d.ArchiveExpiresAt != null && d.ArchiveExpiresAt < horizon && d.SignedBlobKey != null)
            .Where(d => d.ArchiveRenewedAt == null || d.ArchiveRenewedAt < dayAgo)
            .OrderBy(d => d.ArchiveExpiresAt)
            .Take(options.Value.BatchSize)
            .ToListAsync(ct);
        foreach (var document in due)
        {
            try
            {
                await RenewAsync(document, ct);
            }
            catch (Exception e) when (e is SigningException or DbUpdateConcurrencyException)
            {
                // Left for the next run: nothing was referenced yet, the old file still stands.
                save.Db.ChangeTracker.Clear();
                save.DiscardPending();
                LogFailed(document.Id, e.Message);
            }
        }
    }

    private async Task RenewAsync(Document document, CancellationToken ct)
    {
        var previous = (Sha256: document.SignedSha256, Expiry: document.ArchiveExpiresAt);
        using var pdf = new MemoryStream();
        await using (var signed = blobs.OpenRead(document.SignedBlobKey!)
                                  ?? throw new SigningException("signed-pdf-missing", $"The signed PDF of document {document.Id} is missing from the blob store."))
        {
            await signed.CopyToAsync(pdf, ct);
        }
        pdf.Position = 0;
        if (!string.Equals(Convert.ToHexStringLower(await SHA256.HashDataAsync(pdf, ct)), previous.Sha256, StringComparison.Ordinal))
            throw new SigningException("signed-pdf-mismatch", $"The stored signed PDF of document {document.Id} is not the one on record; it is not renewed.");

        await new LtvExtender(ltv.Services).ArchiveAsync(pdf, ct);
        pdf.Position = 0;
        var expiry = SignatureFacts.ArchiveTimestampExpiry(pdf);
        pdf.Position = 0;
        var sha256 = Convert.ToHexStringLower(await SHA256.HashDataAsync(pdf, ct));
        var now = clock.GetUtcNow();
        var blobKey = BlobKeys.ArchiveRenewal(document.Id, Guid.CreateVersion7(now));
        pdf.Position = 0;
        await blobs.WriteAsync(blobKey, pdf, ct);

        document.RenewArchive(blobKey, sha256, pdf.Length, expiry, now);
        save.Record("archive-renewal", "document.archive-renewed", document.Id, new
        {
            previousSha256 = previous.Sha256, sha256, blob = blobKey, previousExpiry = previous.Expiry, expiry,
        });
        await save.SaveAsync(ct);
        publicCache.Invalidate(document.PublicId);
        if (expiry is null || expiry <= previous.Expiry)
            LogNoGain(document.Id, expiry);
        else
            LogRenewed(document.Id, expiry.Value);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Document {Id}: archive time-stamp renewed, protected until {Expiry:O}")]
    private partial void LogRenewed(Guid id, DateTimeOffset expiry);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Document {Id}: archive time-stamp renewed, but the TSA certificate still expires {Expiry:O}: renew the TSA's certificate")]
    private partial void LogNoGain(Guid id, DateTimeOffset? expiry);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Document {Id}: archive renewal failed, retried next run: {Error}")]
    private partial void LogFailed(Guid id, string error);
}
