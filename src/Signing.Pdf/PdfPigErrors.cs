using Signing.Abstractions;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Exceptions;

namespace Signing.Pdf;

/// <summary>
/// Turns whatever PdfPig throws into our typed <see cref="PdfFormatException"/>, with the context of what we
/// were reading, so callers only ever see stable error codes.
/// </summary>
internal static class PdfPigErrors
{
    public static T Guard<T>(string context, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw Wrap(e, context);
        }
    }

    public static PdfFormatException Wrap(Exception error, string context)
    {
        // Our own decode budget throws from inside PdfPig's filters; PdfPig may wrap it on the way out.
        for (var inner = error; inner is not null; inner = inner.InnerException)
        {
            if (inner is PdfFormatException ours)
            {
                return ours;
            }
        }

        return error switch
        {
            PdfDocumentEncryptedException => new PdfFormatException(
                ErrorCodes.PdfEncrypted, "The PDF is encrypted; encrypted documents cannot be signed.", error),
            PdfDocumentStackDepthException or InsufficientExecutionStackException => new PdfFormatException(
                ErrorCodes.PdfTooComplex, $"{context}: objects are nested deeper than allowed.", error),
            _ => new PdfFormatException(ErrorCodes.PdfMalformed, $"{context}: {error.Message}", error),
        };
    }

    public static PdfFormatException Malformed(string message) => new(ErrorCodes.PdfMalformed, message);

    public static PdfFormatException TooComplex(string message) => new(ErrorCodes.PdfTooComplex, message);
}
