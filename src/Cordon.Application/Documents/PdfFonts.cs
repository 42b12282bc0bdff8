using PdfSharp;
using PdfSharp.Fonts;

namespace Cordon.Application.Documents;

/// <summary>
/// PDFsharp's process-wide settings, set once before the first document: the licence PDFsharp 6.5 asks every program to
/// choose (see ADR 16) and the DejaVu fonts, which cover Latin, Cyrillic and Greek so that every UI language renders.
/// </summary>
public static class PdfSetup
{
    private static readonly Lock Gate = new();
    private static bool done;

    /// <summary>Where the DejaVu fonts are looked for, first match wins (Debian's fonts-dejavu-core first).</summary>
    public static readonly string[] FontDirectories =
    [
        "/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/dejavu", "/usr/share/fonts/TTF", "/usr/local/share/fonts/dejavu",
    ];

    /// <summary>The family every Cordon document uses.</summary>
    public const string Family = "DejaVu Sans";

    /// <summary>A PDFsharp commercial licence key (configuration <c>Documents:PdfSharpLicence</c>); without one PDFsharp is used under the AGPL.</summary>
    public static string? CommercialLicence { get; set; }

    /// <summary>A folder holding DejaVuSans.ttf and DejaVuSans-Bold.ttf (configuration <c>Documents:FontDirectory</c>); else the standard folders.</summary>
    public static string? FontDirectory { get; set; }

    /// <summary>
    /// Chooses the licence and installs the font resolver, once per process.
    /// Throws <see cref="DocumentFontsMissingException"/> when the fonts are not installed.
    /// </summary>
    public static void EnsureInitialized()
    {
        lock (Gate)
        {
            if (done) return;
            var resolver = DejaVuFontResolver.Locate(FontDirectory);
            if (!string.IsNullOrWhiteSpace(CommercialLicence)) PdfSharpLicense.LoadLicense(CommercialLicence);
            else PdfSharpLicense.SetAgplLicense();
            // Another component may have installed a resolver first: PDFsharp allows one per process.
            if (GlobalFontSettings.FontResolver is null) GlobalFontSettings.FontResolver = resolver;
            done = true;
        }
    }
}

/// <summary>The fonts are missing: the message says what to install.</summary>
public sealed class DocumentFontsMissingException(string message) : InvalidOperationException(message);

/// <summary>Resolves every family to DejaVu Sans (regular, bold, oblique) read from the system's font folder.</summary>
public sealed class DejaVuFontResolver : IFontResolver
{
    private static readonly string[] Faces = ["DejaVuSans", "DejaVuSans-Bold", "DejaVuSans-Oblique", "DejaVuSans-BoldOblique"];
    private readonly Dictionary<string, byte[]> fonts;

    private DejaVuFontResolver(Dictionary<string, byte[]> fonts) => this.fonts = fonts;

    /// <summary>Reads the four faces from <paramref name="directory"/> or the first standard folder that has them.</summary>
    public static DejaVuFontResolver Locate(string? directory = null)
    {
        var candidates = directory is { Length: > 0 } ? [directory] : PdfSetup.FontDirectories;
        foreach (var dir in candidates)
        {
            if (!File.Exists(Path.Combine(dir, "DejaVuSans.ttf")) || !File.Exists(Path.Combine(dir, "DejaVuSans-Bold.ttf"))) continue;
            var loaded = new Dictionary<string, byte[]>(StringComparer.Ordinal);
            foreach (var face in Faces)
            {
                var path = Path.Combine(dir, face + ".ttf");
                // Oblique faces are optional (fonts-dejavu-core has them; other packagings may not): fall back to upright.
                loaded[face] = File.ReadAllBytes(File.Exists(path) ? path : Path.Combine(dir, face.Contains("Bold", StringComparison.Ordinal) ? "DejaVuSans-Bold.ttf" : "DejaVuSans.ttf"));
            }
            return new DejaVuFontResolver(loaded);
        }
        throw new DocumentFontsMissingException(
            "The DejaVu fonts needed to print documents were not found in " + string.Join(", ", candidates) +
            ". Install the Debian package fonts-dejavu-core (apt-get install fonts-dejavu-core) or set Documents:FontDirectory.");
    }

    public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) =>
        new((bold, italic) switch { (true, true) => Faces[3], (true, false) => Faces[1], (false, true) => Faces[2], _ => Faces[0] });

    public byte[]? GetFont(string faceName) => fonts.GetValueOrDefault(faceName);
}
