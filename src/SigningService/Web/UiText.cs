using System.Globalization;
using Signing.Abstractions;
using Signing.Cms;
using SigningService.Approval;
using SigningService.Domain.Approval;
using SigningService.Domain.Sla;

namespace SigningService.Web;

/// <summary>
/// The UI's words, in Bahasa Indonesia: names of states, actions and roles, and what each stable code of the
/// services means to the person at the screen. The services keep their English details for the API and the
/// logs; the UI shows these instead and the detail only as "rincian teknis" where an admin may need it.
/// </summary>
public static class UiText
{
    public static string Status(string status) => status switch
    {
        "pending_paraf" => "Menunggu paraf",
        "pending_approval" => "Menunggu persetujuan",
        "signed" => "Ditandatangani",
        "rejected" => "Ditolak",
        "revoked" => "Dicabut",
        "queued" or "signing" => "Dalam proses",
        "failed" => "Gagal diproses",
        _ => status,
    };

    public static string Action(string? action) => action switch
    {
        "sign" => "Tanda tangan",
        "paraf" => "Paraf",
        _ => "—",
    };

    public static string HistoryKind(string kind) => kind switch
    {
        "paraf" => "Paraf",
        "signature" => "Tanda tangan",
        "rejection" => "Penolakan",
        _ => kind,
    };

    public static string Sla(string sla) => sla switch
    {
        "overdue" => "Terlambat",
        "at_risk" => "Hampir terlambat",
        _ => "Sesuai jadwal",
    };

    public static string Role(string role) => role switch
    {
        AccountRoles.Admin => "Admin",
        AccountRoles.Signer => "Penanda tangan",
        AccountRoles.Paraf => "Staf paraf",
        AccountRoles.Viewer => "Peninjau",
        _ => role,
    };

    public static string Outcome(ApprovalResult result) => result.Outcome switch
    {
        "signed" => "Ditandatangani",
        "paraf" => result.Status == "pending_approval" ? "Diparaf — diteruskan ke penanda tangan" : "Diparaf — diteruskan ke paraf berikutnya",
        _ => Failure(result.Code),
    };

    /// <summary>Why one document of an approval was not done (the others go on).</summary>
    public static string Failure(string? code) => code switch
    {
        InboxCodes.NotYourDocument => "Dokumen tidak ada di kotak masuk Anda.",
        InboxCodes.ParafIncomplete => "Paraf belum lengkap: dokumen baru dapat ditandatangani setelah semua paraf selesai.",
        InboxCodes.AlreadyDecided => "Dokumen sudah diputuskan (oleh Anda atau pihak lain).",
        Signing.DocumentSigning.OriginalMismatch => "Berkas asli tidak cocok dengan sidik SHA-256 yang tercatat; hubungi admin.",
        ErrorCodes.CertificateExpired => "Sertifikat elektronik Anda sudah kedaluwarsa; hubungi admin.",
        ErrorCodes.CertificateRevoked => "Sertifikat elektronik Anda sudah dicabut; hubungi admin.",
        LtvErrorCodes.TsaUnavailable => "Layanan cap waktu (TSA) tidak dapat dihubungi; coba lagi nanti.",
        LtvErrorCodes.RevocationUnavailable => "Status pencabutan sertifikat tidak dapat diperiksa; coba lagi nanti.",
        _ => $"Gagal diproses (kode {code}).",
    };

    /// <summary>
    /// A key the official could not open: the whole request was refused before anything changed. Says so, with
    /// the tries left where the token tells them, and for a locked PIN what to do about it.
    /// </summary>
    public static string KeyAccess(KeyAccessException e) => e.Code switch
    {
        ErrorCodes.PinIncorrect => "PIN salah." + (e.TriesLeft is { } left ? $" Sisa percobaan: {left}." : "")
                                   + " Tidak ada dokumen yang ditandatangani; semua tetap menunggu persetujuan.",
        ErrorCodes.PinLocked => "PIN terkunci. Tidak ada dokumen yang ditandatangani; semua tetap menunggu persetujuan. " +
                                "Hubungi admin/security officer untuk membuka blokir PIN token Anda, lalu coba lagi.",
        ErrorCodes.PinRequired => "Masukkan PIN token Anda untuk menandatangani.",
        ErrorCodes.TokenNotPresent => "Token Anda tidak terdeteksi. Pastikan token terpasang, lalu coba lagi.",
        ErrorCodes.KeyNotFound or ErrorCodes.CertificateNotFound => "Kunci atau sertifikat tidak ditemukan di token Anda; hubungi admin.",
        _ => $"Token tidak dapat digunakan saat ini (kode {e.Code}); hubungi admin.",
    };

    /// <summary>A request a service refused as a whole (bad input, wrong state, unknown item).</summary>
    public static string Refused(RequestRefusedException e) => e.Code switch
    {
        ErrorCodes.PinRequired => "Masukkan PIN token Anda untuk menandatangani.",
        InboxCodes.InvalidRequest => "Isian tidak valid.",
        InboxCodes.NotFound => "Data tidak ditemukan.",
        InboxCodes.InvalidState => "Tidak dapat dilakukan pada keadaan data saat ini.",
        InboxCodes.LoginFailed => LoginFailed,
        _ => $"Permintaan ditolak (kode {e.Code}).",
    };

    public const string LoginFailed =
        "Nama pengguna, kata sandi, atau kode autentikator salah, atau akun dikunci sementara setelah terlalu banyak percobaan.";
}

/// <summary>Dates and times as the Pemda reads them: its own offset (WIB, WITA, WIT), Indonesian month names.</summary>
public sealed class UiFormat(WorkingCalendar calendar)
{
    private static readonly CultureInfo Id = CultureInfo.GetCultureInfo("id-ID");

    public TimeSpan Offset => calendar.UtcOffset;

    public string Zone => calendar.UtcOffset.TotalHours switch
    {
        7 => "WIB",
        8 => "WITA",
        9 => "WIT",
        var h => string.Create(CultureInfo.InvariantCulture, $"UTC{h:+0;-0}"),
    };

    public string Time(DateTimeOffset? at) => at is { } t ? $"{t.ToOffset(Offset).ToString("d MMM yyyy HH:mm", Id)} {Zone}" : "—";

    public string Date(DateTimeOffset? at) => at is { } t ? t.ToOffset(Offset).ToString("d MMMM yyyy", Id) : "—";

    /// <summary>The value of an &lt;input type="datetime-local"&gt; in Pemda time.</summary>
    public string Input(DateTimeOffset at) => at.ToOffset(Offset).ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);

    /// <summary>Reads an &lt;input type="datetime-local"&gt; value as Pemda time; null when empty or not a date.</summary>
    public DateTimeOffset? ParseInput(string? value) =>
        DateTime.TryParseExact(value, ["yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var local)
            ? new DateTimeOffset(local, Offset)
            : null;

    /// <summary>"3573********0001": enough to tell holders apart on screen without showing the whole NIK.</summary>
    public static string? MaskNik(string? nik) =>
        nik is { Length: > 8 } ? nik[..4] + new string('*', nik.Length - 8) + nik[^4..] : nik;
}
