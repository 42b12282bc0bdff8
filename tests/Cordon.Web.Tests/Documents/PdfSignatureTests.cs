using System.Security.Cryptography;
using System.Text;
using Cordon.Application.Documents;
using Cordon.Domain.Documents;
using Cordon.Web.Features.Documents;

namespace Cordon.Web.Tests.Documents;

/// <summary>Unit tests of the shared PDF mechanism: layout in every language, signature accepted when genuine, refused after any one-byte change.</summary>
public class PdfSignatureTests
{
    private static readonly Guid DocumentId = Guid.Parse("0193a0b4-1111-7000-8000-00000000abcd");

    internal static OfficialDocument Sample(string language = "ru") => new()
    {
        DocumentId = DocumentId, Kind = "i2es-authorization", AuthorityCode = "KZ", Language = language,
        Party = "Казахстан (KZ)", Authority = "Комитет фармации Министерства здравоохранения", Title = "Разрешение на импорт", Subtitle = "KZ-IMP-2026-17",
        Fields =
        [
            new("Номер", "KZ-IMP-2026-17"), new("Дата выдачи", "2026-11-23"), new("Импортер", "ТОО «Алматы Фарм», пр. Абая 150, Алматы"),
            new("Адрес без пробелов", new string('Ж', 300)), new("Вещество", "Кодеин (N-CODEINE)"),
        ],
        Lines = new DocumentTable("Партии", ["Номер", "Дата", "г"], Enumerable.Range(1, 60).Select(i => (IReadOnlyList<string>)[$"IN-EA-{i:000}", "2026-11-23", "1 000"]).ToList()),
        Notes = ["Количества в граммах безводного основания."],
        VerifyLabel = "Проверить:", VerifyUrl = "https://cordon.example/Verify/" + DocumentId, QrModules = DocumentPdfs.QrModules("https://cordon.example/Verify/" + DocumentId),
        SignatureTitle = "Цифровая подпись", SignatureDetails = [new("Подписано", "KZ"), new("Отпечаток ключа", new string('a', 64))], PageFormat = "Страница {0} из {1}",
    };

    internal static async Task<(byte[] Pdf, ECDsa Key)> SignedSampleAsync()
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var pdf = OfficialDocumentPdf.Render(Sample());
        return (await PdfDocumentSignature.SignAsync(pdf, key, "KZ", DateTimeOffset.UnixEpoch.AddYears(56), "Разрешение KZ-IMP-2026-17", "KZ", DateTimeOffset.UnixEpoch.AddYears(56)), key);
    }

    [Fact]
    public async Task A_signed_PDF_in_Russian_is_laid_out_on_several_pages_and_verifies_with_its_key_and_metadata()
    {
        var (pdf, key) = await SignedSampleAsync();
        var dump = Environment.GetEnvironmentVariable("CORDON_PDF_SAMPLE");
        if (!string.IsNullOrEmpty(dump)) await File.WriteAllBytesAsync(dump, pdf);
        var text = Encoding.Latin1.GetString(pdf);
        Assert.StartsWith("%PDF-", text, StringComparison.Ordinal);
        Assert.Contains("+DejaVu", text, StringComparison.Ordinal); // the embedded subset of DejaVu Sans (Cyrillic glyphs)
        Assert.Contains("/Type/Page", text, StringComparison.Ordinal);
        Assert.True(CountPages(text) >= 2, "60 lines need a second page");

        var check = PdfDocumentSignature.Verify(pdf);
        Assert.True(check.Intact, check.Problem);
        Assert.Equal(DocumentSignature.Fingerprint(key.ExportSubjectPublicKeyInfo()), check.KeyFingerprint);
        Assert.Equal(DocumentId, check.DocumentId);
        Assert.Equal("i2es-authorization", check.Kind);
        Assert.Equal("KZ", check.Authority);
        Assert.Equal(DateTimeOffset.UnixEpoch.AddYears(56), check.SignedAt);
        key.Dispose();
    }

    private static int CountPages(string pdf) => System.Text.RegularExpressions.Regex.Count(pdf, @"/Type\s*/Page[^s]");

    [Fact]
    public async Task Any_one_byte_change_is_refused()
    {
        var (pdf, key) = await SignedSampleAsync();
        key.Dispose();
        var text = Encoding.Latin1.GetString(pdf);
        var signatureAt = text.IndexOf("/ByteRange", StringComparison.Ordinal);
        var contents = text.IndexOf("/Contents<", StringComparison.Ordinal) + 9;
        var contentsEnd = text.IndexOf('>', contents);
        Assert.True(signatureAt > 0 && contents > 9 && contentsEnd > contents);
        // Every byte of the signature (its dictionary and the whole CMS value, padding included), and bytes all over the rest.
        var positions = Enumerable.Range(Math.Max(0, Math.Min(signatureAt, contents) - 300), contentsEnd - Math.Min(signatureAt, contents) + 600)
            .Concat(Enumerable.Range(0, pdf.Length).Where(i => i % 61 == 0)).Concat(Enumerable.Range(pdf.Length - 40, 40))
            .Where(i => i >= 0 && i < pdf.Length).Distinct().ToList();
        Assert.True(positions.Count > 3000);
        foreach (var i in positions)
        {
            var copy = (byte[])pdf.Clone();
            copy[i] ^= 0x01;
            var check = PdfDocumentSignature.Verify(copy);
            Assert.False(check.Intact, $"a change at byte {i} ('{(char)pdf[i]}') was accepted");
        }
        // The hexadecimal of the signature in another case decodes to the same bytes: refused too.
        for (var i = contents + 1; i < contentsEnd; i++)
        {
            if (pdf[i] is < (byte)'A' or > (byte)'F') continue;
            var copy = (byte[])pdf.Clone();
            copy[i] = (byte)char.ToLowerInvariant((char)pdf[i]);
            Assert.False(PdfDocumentSignature.Verify(copy).Intact, $"lower case at byte {i} was accepted");
        }
        // Appending (an incremental update) is refused: the signature no longer covers the whole file.
        Assert.False(PdfDocumentSignature.Verify([.. pdf, .. "\n%%EOF\n"u8.ToArray()]).Intact);
        Assert.False(PdfDocumentSignature.Verify(pdf[..^1]).Intact);
        Assert.False(PdfDocumentSignature.Verify("not a pdf"u8.ToArray()).Intact);
    }

    [Fact]
    public async Task The_signing_certificate_is_the_authority_key_and_the_same_for_every_document()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var created = DateTimeOffset.UnixEpoch.AddYears(56);
        using var first = PdfDocumentSignature.Certificate(key, "AT", created);
        using var second = PdfDocumentSignature.Certificate(key, "AT", created);
        Assert.Equal(first.SubjectName.RawData, second.SubjectName.RawData);
        Assert.Equal(first.SerialNumber, second.SerialNumber);
        Assert.Equal(first.NotBefore, second.NotBefore);
        Assert.Equal(key.ExportSubjectPublicKeyInfo(), first.PublicKey.ExportSubjectPublicKeyInfo());
        Assert.Contains("C=AT", first.Subject, StringComparison.Ordinal);

        // A PDF signed by another key is intact but names that other key: the register decides whether it is genuine.
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var pdf = await PdfDocumentSignature.SignAsync(OfficialDocumentPdf.Render(Sample("en")), other, "AT", created, "test", "AT", created);
        var check = PdfDocumentSignature.Verify(pdf);
        Assert.True(check.Intact, check.Problem);
        Assert.NotEqual(DocumentSignature.Fingerprint(key.ExportSubjectPublicKeyInfo()), check.KeyFingerprint);
    }

    [Fact]
    public void Missing_fonts_are_reported_with_the_package_to_install()
    {
        var e = Assert.Throws<DocumentFontsMissingException>(() => DejaVuFontResolver.Locate(Path.Combine(Path.GetTempPath(), "no-fonts-" + Guid.NewGuid().ToString("N"))));
        Assert.Contains("fonts-dejavu-core", e.Message, StringComparison.Ordinal);
    }
}
