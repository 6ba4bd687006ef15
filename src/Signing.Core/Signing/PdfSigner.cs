using System.Buffers;
using System.Security.Cryptography;
using Signing.Abstractions;
using Signing.Cms;
using Signing.Cms.Tsp;
using Signing.Core.Ltv;
using Signing.Pdf;

namespace Signing.Core.Signing;

/// <summary>
/// PAdES baseline signing in explicit phases (EU DSS getDataToSign → sign → signDocument):
/// <see cref="Prepare"/> lays out the incremental update and the data to be signed,
/// <see cref="IRawSigner.SignAsync"/> signs it wherever the key lives, <see cref="Embed"/> writes the
/// signed PDF. Between phases only the serialisable <see cref="PreparedSignature"/> is kept.
/// </summary>
public sealed class PdfSigner(TimeProvider? clock = null, PdfReadLimits? limits = null)
{
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;
    private readonly PdfReadLimits _limits = limits ?? PdfReadLimits.Default;

    /// <summary>Phase 1. <paramref name="input"/> must be seekable; it is read, never modified.</summary>
    public PreparedSignature Prepare(Stream input, SignerIdentity signer, SignRequest request)
    {
        var signingTime = TruncateToSeconds(request.SigningTime ?? _clock.GetUtcNow());
        CertificateInfo.EnsureUsableForSigning(signer.Certificate, signingTime);
        var scheme = request.Scheme ?? CryptoDefaults.DefaultScheme(signer.KeyAlgorithm);
        EnsureSchemeFitsKey(scheme, signer.KeyAlgorithm);

        using var source = PdfDocumentSource.Open(input, _limits);
        var fieldName = request.FieldName ?? SignatureFieldNames.NextFree(source.SignatureFields);
        var subject = CertificateInfo.Describe(signer.Certificate);
        var widget = request.Visual is null
            ? null
            : StampPlanner.Plan(source, request.Visual, subject, signingTime);

        var dictionary = new SignatureDictionaryValues
        {
            SigningTime = signingTime,
            Name = request.Visual?.SignerName ?? subject.CommonName,
            Reason = request.Reason,
            Location = request.Location,
            ContactInfo = request.ContactInfo,
            ContentsCapacity = CadesSignedDataBuilder.EstimateSize(
                signer.Certificate, signer.Chain, MaxSignatureValueBytes,
                reserveForTimestamp: request.Level >= SignatureLevel.BT),
        };
        var update = PdfSignatureAppender.Prepare(
            source, input, new SignatureUpdateRequest(fieldName, widget, dictionary));

        var (documentDigest, originalSha256) = ByteRangeHasher.Hash(
            input, update.OriginalLength, update.UpdateBytes, update.ByteRange, request.Digest);

        return new PreparedSignature
        {
            FieldName = fieldName,
            SigningTime = signingTime,
            OriginalLength = update.OriginalLength,
            OriginalSha256 = originalSha256,
            UpdateBytes = update.UpdateBytes,
            ByteRange = update.ByteRange,
            ContentsOffset = update.ContentsOffset,
            ContentsCapacity = update.ContentsCapacity,
            Digest = request.Digest,
            Scheme = scheme,
            DocumentDigest = documentDigest,
            SignedAttributes = CadesSignedAttributes.Build(documentDigest, request.Digest, signer.Certificate),
            Level = request.Level,
            SignerCertificate = signer.Certificate.ToArray(),
            Chain = signer.Chain.Select(c => c.ToArray()).ToArray(),
        };
    }

    /// <summary>Phase 2: the key holder signs the CMS signed attributes.</summary>
    public static ValueTask<byte[]> SignAsync(
        PreparedSignature prepared, IRawSigner signer, CancellationToken cancellationToken = default) =>
        signer.SignAsync(prepared.SignedAttributes, prepared.Digest, prepared.Scheme, cancellationToken);

    /// <summary>
    /// Phase 3: wraps the signature value in CMS and writes original ‖ update to <paramref name="output"/>.
    /// Refuses an original that is not the prepared one, and a signature value that does not verify
    /// against the certificate (a token key that does not belong to the certificate). For B-T and above
    /// the TSA is asked first (EN 319 122-1 §5.3): if it fails, nothing has been written.
    /// </summary>
    public static async Task<SignedDocument> EmbedAsync(
        PreparedSignature prepared, byte[] signatureValue, Stream original, Stream output,
        LtvServices? services = null, CancellationToken cancellationToken = default)
    {
        var cms = BuildCms(prepared, signatureValue);
        if (prepared.Level >= SignatureLevel.BT)
        {
            var timestamps = (services ?? LtvServices.None).Timestamps;
            var imprint = SHA256.HashData(CadesTimestamps.SignatureValueOf(cms));
            var token = await timestamps.RequestAsync(imprint, DigestAlgorithm.Sha256, cancellationToken).ConfigureAwait(false);
            cms = CadesTimestamps.AddSignatureTimestamp(cms, token);
        }
        return Write(prepared, cms, original, output);
    }

    /// <summary>Phase 3 for B-B, where no outside service is involved.</summary>
    public static SignedDocument Embed(PreparedSignature prepared, byte[] signatureValue, Stream original, Stream output)
    {
        if (prepared.Level != SignatureLevel.BB)
        {
            throw new SigningException(ErrorCodes.PreparedStateMismatch,
                $"This signature was prepared for {prepared.Level.Name()}: finish it with EmbedAsync and a TSA.");
        }
        return Write(prepared, BuildCms(prepared, signatureValue), original, output);
    }

    private static byte[] BuildCms(PreparedSignature prepared, byte[] signatureValue)
    {
        SignatureValueCheck.EnsureMatchesCertificate(prepared, signatureValue);
        var cms = CadesSignedDataBuilder.Build(
            prepared.SignedAttributes, signatureValue, prepared.Digest, prepared.Scheme,
            prepared.SignerCertificate, prepared.Chain.Select(c => (ReadOnlyMemory<byte>)c).ToArray());
        return cms;
    }

    private static SignedDocument Write(PreparedSignature prepared, byte[] cms, Stream original, Stream output)
    {
        var update = new PreparedPdfUpdate
        {
            OriginalLength = prepared.OriginalLength,
            UpdateBytes = prepared.UpdateBytes,
            ByteRange = prepared.ByteRange,
            ContentsOffset = prepared.ContentsOffset,
            ContentsCapacity = prepared.ContentsCapacity,
        }.WithContents(cms);

        var (originalSha256, outputSha256) = StreamCopier.CopyAndHash(original, prepared.OriginalLength, update, output);
        if (!string.Equals(originalSha256, prepared.OriginalSha256, StringComparison.Ordinal))
        {
            throw new SigningException(
                ErrorCodes.PreparedStateMismatch,
                "The PDF given to finish the signature is not the one it was prepared for (its SHA-256 differs).");
        }
        return new SignedDocument(
            prepared.FieldName, prepared.OriginalLength + update.Length, outputSha256, prepared.SigningTime, cms.Length);
    }

    /// <summary>
    /// All phases in one call, for a key at hand (e-seal, CLI, batch): <see cref="Prepare"/> then
    /// <see cref="CompleteAsync"/>.
    /// </summary>
    public async Task<SignedDocument> SignAsync(
        Stream input, Stream output, IRawSigner signer, SignRequest request,
        LtvServices? services = null, CancellationToken cancellationToken = default)
    {
        var prepared = Prepare(input, SignerIdentity.Of(signer), request);
        return await CompleteAsync(prepared, input, output, signer, services, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Phases 2 and 3 and the LTV extension for a prepared signature whose key is at hand (an e-seal
    /// prepared when its document was accepted). Above B-T the signer's chain is checked for revocation
    /// first (a revoked certificate is refused before anything is written), and B-LT / B-LTA are reached
    /// by appending to <paramref name="output"/>, which must then be readable and seekable.
    /// </summary>
    public static async Task<SignedDocument> CompleteAsync(
        PreparedSignature prepared, Stream input, Stream output, IRawSigner signer,
        LtvServices? services = null, CancellationToken cancellationToken = default)
    {
        if (!signer.Certificate.Span.SequenceEqual(prepared.SignerCertificate))
        {
            throw new SigningException(ErrorCodes.PreparedStateMismatch,
                "The signature was prepared for another certificate than the key's: prepare it again.");
        }
        if (prepared.Level >= SignatureLevel.BLT)
        {
            var chain = new List<ReadOnlyMemory<byte>> { signer.Certificate };
            chain.AddRange(signer.Chain);
            await (services ?? LtvServices.None).Revocation.EnsureNotRevokedAsync(chain, cancellationToken).ConfigureAwait(false);
        }
        var signatureValue = await SignAsync(prepared, signer, cancellationToken).ConfigureAwait(false);
        var signed = await EmbedAsync(prepared, signatureValue, input, output, services, cancellationToken).ConfigureAwait(false);
        if (prepared.Level < SignatureLevel.BLT)
        {
            return signed;
        }
        await new LtvExtender(services!).ExtendAsync(output, prepared.Level, cancellationToken).ConfigureAwait(false);
        output.Position = 0;
        var sha = Convert.ToHexStringLower(await SHA256.HashDataAsync(output, cancellationToken).ConfigureAwait(false));
        return signed with { Length = output.Length, Sha256 = sha };
    }

    // RSA-4096 signature values are 512 bytes; ECDSA P-384 DER at most 104.
    private const int MaxSignatureValueBytes = 512;

    private static DateTimeOffset TruncateToSeconds(DateTimeOffset t) =>
        new(t.Ticks - (t.Ticks % TimeSpan.TicksPerSecond), t.Offset);

    private static void EnsureSchemeFitsKey(SignatureScheme scheme, KeyAlgorithm key)
    {
        bool fits = key == KeyAlgorithm.Rsa ? scheme != SignatureScheme.Ecdsa : scheme == SignatureScheme.Ecdsa;
        if (!fits)
        {
            throw new SigningException(
                ErrorCodes.MechanismNotSupported, $"A {key} key cannot sign with {scheme}.");
        }
    }
}

/// <summary>The public half of a signer: what Prepare needs without touching the key.</summary>
public sealed record SignerIdentity(
    ReadOnlyMemory<byte> Certificate, IReadOnlyList<ReadOnlyMemory<byte>> Chain, KeyAlgorithm KeyAlgorithm)
{
    public static SignerIdentity Of(IRawSigner signer) => new(signer.Certificate, signer.Chain, signer.KeyAlgorithm);
}

internal static class StreamCopier
{
    public static (string OriginalSha256, string OutputSha256) CopyAndHash(
        Stream original, long originalLength, byte[] update, Stream output)
    {
        using var originalHash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using var outputHash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        // Pooled: a batch signs thousands of small files, and an 80 KB block per copy was most of the
        // garbage a signature made.
        var buffer = ArrayPool<byte>.Shared.Rent(81920);
        try
        {
            original.Position = 0;
            long remaining = originalLength;
            while (remaining > 0)
            {
                int read = original.Read(buffer, 0, (int)Math.Min(81920, remaining));
                if (read == 0)
                {
                    break;
                }
                originalHash.AppendData(buffer, 0, read);
                outputHash.AppendData(buffer, 0, read);
                output.Write(buffer, 0, read);
                remaining -= read;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        outputHash.AppendData(update);
        output.Write(update);
        return (Convert.ToHexStringLower(originalHash.GetHashAndReset()),
                Convert.ToHexStringLower(outputHash.GetHashAndReset()));
    }
}
