using QRCoder;

namespace Cordon.Web.Features.Documents;

/// <summary>The QR code printed on signed documents: it points to the public verification page /Verify/{documentId}.</summary>
public static class DocumentQr
{
    public static string Svg(string url)
    {
        using var data = QRCodeGenerator.GenerateQrCode(url, QRCodeGenerator.ECCLevel.M);
        return new SvgQRCode(data).GetGraphic(4);
    }
}
