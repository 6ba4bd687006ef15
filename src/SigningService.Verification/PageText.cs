namespace SigningService.Verification;

/// <summary>Texts of the public pages: Bahasa Indonesia first, English on ?lang=en.</summary>
public sealed record PageText(
    string Lang, string Title, string Valid, string ValidDetail, string Revoked, string RevokedDetail, string InProcess,
    string InProcessDetail, string NotFound, string NotFoundDetail, string Number, string DocTitle, string Issuer,
    string Holder, string Nik, string Issued, string Expires, string Signer, string Position, string SignedAt, string Level,
    string Sha256, string Download, string CompareHeading, string CompareHint, string CompareButton, string Identical,
    string IdenticalDetail, string Different, string DifferentDetail, string Reason, string RevokedOn, string OtherLanguage,
    string OtherLanguageCode, string Dev, string Superseded, string SupersededDetail, string SupersededLink, string Tsa, string Delegation)
{
    public static readonly PageText Indonesian = new(
        "id", "Verifikasi Dokumen", "SAH", "Dokumen ini ditandatangani secara elektronik dan tercatat sah.",
        "DICABUT", "Dokumen ini telah dicabut oleh penerbitnya dan tidak berlaku lagi.",
        "DALAM PROSES", "Dokumen ini tercatat tetapi belum selesai ditandatangani.",
        "TIDAK DITEMUKAN", "Tidak ada dokumen dengan kode ini. Periksa kembali kode QR atau tautan Anda.",
        "Nomor", "Perihal", "Penerbit", "Nama pemegang", "NIK", "Tanggal terbit", "Berlaku sampai", "Penanda tangan",
        "Jabatan", "Waktu tanda tangan", "Tingkat tanda tangan", "SHA-256 berkas bertanda tangan", "Unduh PDF bertanda tangan",
        "Bandingkan berkas Anda", "Unggah PDF yang Anda terima untuk memeriksa apakah sama persis dengan dokumen yang diterbitkan.",
        "Periksa", "IDENTIK", "Berkas Anda sama persis, byte demi byte, dengan dokumen yang diterbitkan.",
        "BERBEDA", "Berkas Anda tidak sama dengan dokumen yang diterbitkan. Jangan mengandalkan isinya.",
        "Alasan", "Dicabut pada", "English", "en", "MODE PENGEMBANGAN — bukan layanan resmi",
        "DIGANTI", "Dokumen ini telah diganti dengan dokumen yang lebih baru dan tidak berlaku lagi.", "Buka dokumen pengganti", "Otoritas cap waktu (TSA)",
        "Penugasan (Plh/Plt), Surat Perintah");

    public static readonly PageText English = new(
        "en", "Document verification", "VALID", "This document was signed electronically and is on record as valid.",
        "REVOKED", "The issuer has revoked this document; it is no longer in force.",
        "IN PROCESS", "This document is on record but has not been signed yet.",
        "NOT FOUND", "There is no document with this code. Check the QR code or link.",
        "Number", "Subject", "Issued by", "Holder", "NIK", "Issued on", "Valid until", "Signed by", "Position",
        "Signed at", "Signature level", "SHA-256 of the signed file", "Download the signed PDF",
        "Compare your file", "Upload the PDF you received to check that it is exactly the issued document.",
        "Check", "IDENTICAL", "Your file is byte for byte the issued document.",
        "DIFFERENT", "Your file is not the issued document. Do not rely on its content.",
        "Reason", "Revoked on", "Bahasa Indonesia", "id", "DEVELOPMENT MODE — not an official service",
        "SUPERSEDED", "A newer document replaces this one; it is no longer in force.", "Open the newer document", "Time-stamping authority",
        "Acting appointment (Plh/Plt), order");

    public static PageText For(string? lang) => string.Equals(lang, "en", StringComparison.OrdinalIgnoreCase) ? English : Indonesian;
}
