namespace Signing.Core.Validation;

/// <summary>
/// The first <c>length</c> bytes of a seekable stream, read-only: an earlier revision of an incrementally
/// updated PDF is a complete PDF in its own right (ISO 32000-1 §7.5.6), so it can be opened as one.
/// </summary>
internal sealed class PrefixStream(Stream inner, long length) : Stream
{
    private long _position;

    public override bool CanRead => true;
    public override bool CanSeek => true;
    public override bool CanWrite => false;
    public override long Length => length;

    public override long Position
    {
        get => _position;
        set => _position = Math.Clamp(value, 0, length);
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        int allowed = (int)Math.Min(buffer.Length, length - _position);
        if (allowed <= 0)
        {
            return 0;
        }
        inner.Position = _position;
        int read = inner.Read(buffer[..allowed]);
        _position += read;
        return read;
    }

    public override long Seek(long offset, SeekOrigin origin) => Position = origin switch
    {
        SeekOrigin.Begin => offset,
        SeekOrigin.Current => _position + offset,
        _ => length + offset,
    };

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
