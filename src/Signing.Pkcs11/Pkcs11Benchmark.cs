using System.Diagnostics;
using System.Runtime.ExceptionServices;
using System.Security.Cryptography;
using Net.Pkcs11Interop.HighLevelAPI;
using Signing.Abstractions;

namespace Signing.Pkcs11;

/// <summary>Raw token throughput, for the bench command; not used on the signing path.</summary>
public static class Pkcs11Benchmark
{
    /// <summary>
    /// Signatures per second from <paramref name="sessions"/> threads, each with its own session kept
    /// open for the run, calling C_Sign back to back with the signer's default scheme and SHA-256 over
    /// a typical signed-attributes size. Measures the token, not session set-up.
    /// </summary>
    public static double MeasureRawSignRate(Pkcs11RawSigner s, int sessions, TimeSpan duration)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentOutOfRangeException.ThrowIfLessThan(sessions, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(duration, TimeSpan.Zero);

        var data = RandomNumberGenerator.GetBytes(300);
        var scheme = CryptoDefaults.DefaultScheme(s.KeyAlgorithm);
        var openSessions = Enumerable.Range(0, sessions).Select(_ => s.OpenSession()).ToList();
        try
        {
            long count = 0;
            long deadline = 0;
            Exception? failure = null;
            // Everyone starts together, after the sessions are open, so set-up is not in the rate.
            using var start = new Barrier(sessions + 1);

            void Run(ISession session)
            {
                start.SignalAndWait();
                try
                {
                    while (Stopwatch.GetTimestamp() < Volatile.Read(ref deadline) && Volatile.Read(ref failure) is null)
                    {
                        s.Sign(session, data, DigestAlgorithm.Sha256, scheme);
                        Interlocked.Increment(ref count);
                    }
                }
                catch (Exception ex)
                {
                    Interlocked.CompareExchange(ref failure, ex, null);
                }
            }

            var threads = openSessions
                .Select(session => new Thread(() => Run(session)) { IsBackground = true, Name = "pkcs11-bench" })
                .ToList();
            threads.ForEach(t => t.Start());
            var begin = Stopwatch.GetTimestamp();
            Volatile.Write(ref deadline, begin + (long)(duration.TotalSeconds * Stopwatch.Frequency));
            start.SignalAndWait();
            threads.ForEach(t => t.Join());
            var elapsed = Stopwatch.GetElapsedTime(begin);

            if (failure is not null)
            {
                ExceptionDispatchInfo.Throw(failure);
            }

            return Interlocked.Read(ref count) / elapsed.TotalSeconds;
        }
        finally
        {
            openSessions.ForEach(session => session.Dispose());
        }
    }
}
