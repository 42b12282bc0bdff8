using System.CommandLine;
using System.Text.Json;
using Cordon.Application.Documents;
using Cordon.Cli.Infrastructure;
using Cordon.Domain.Documents;

namespace Cordon.Cli.Commands;

/// <summary>
/// `cordon verify FILE` / `cordon verify --id ID --url URL`: checks a signed document (permit, certificate, authorization), either
/// its signed PDF or its signed JSON. Offline, the signature is checked against the key it carries (PDF: the key's certificate;
/// JSON: the embedded key, whose fingerprint must match). Whether that key belongs to the issuing authority and is not revoked
/// is checked against the register of signing keys: downloaded (<c>--keys</c>, from /Verify?handler=Keys) or online (<c>--url</c>).
/// Prints "genuine …" (exit 0) or "altered …" / "not genuine …" (exit 2).
/// </summary>
public static class VerifyCommands
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static Command Build(CliContext cli)
    {
        var file = new Argument<FileInfo?>("file") { Description = "A signed PDF (Download PDF) or signed document JSON (/Verify/{id}?handler=Json).", Arity = ArgumentArity.ZeroOrOne };
        var id = new Option<Guid?>("--id") { Description = "The document identifier (from the QR code); the signed JSON is fetched from --url." };
        var url = new Option<string?>("--url") { Description = "The platform's address, e.g. https://cordon.example: checks the key and the document's status online." };
        var keys = new Option<FileInfo?>("--keys") { Description = "The register of signing keys (JSON from /Verify?handler=Keys), to check the key offline." };
        var verify = new Command("verify", "Check a signed document: genuine (exit 0) or altered / not genuine (exit 2).");
        verify.Arguments.Add(file);
        verify.Options.Add(id);
        verify.Options.Add(url);
        verify.Options.Add(keys);
        verify.SetGuardedAction(cli, (parse, ct) => VerifyAsync(cli, parse.GetValue(file), parse.GetValue(id), parse.GetValue(url), parse.GetValue(keys), ct));
        return verify;
    }

    private sealed record Signed(Guid? DocumentId, string? Kind, string? Authority, string Fingerprint);

    private static async Task<int> VerifyAsync(CliContext cli, FileInfo? file, Guid? id, string? url, FileInfo? keysFile, CancellationToken ct)
    {
        Uri? platform = null;
        if (!string.IsNullOrWhiteSpace(url) && (!Uri.TryCreate(url.TrimEnd('/'), UriKind.Absolute, out platform) || platform.Scheme is not ("http" or "https")))
            throw new UserErrorException($"Not a platform address: {url}.");
        List<SigningKeyView>? register = null;
        if (keysFile is not null)
        {
            if (!keysFile.Exists) throw new UserErrorException($"No such file: {keysFile.FullName}.");
            try { register = JsonSerializer.Deserialize<List<SigningKeyView>>(await File.ReadAllTextAsync(keysFile.FullName, ct), Json); }
            catch (JsonException) { register = null; }
            if (register is null) throw new UserErrorException($"{keysFile.FullName} is not a register of signing keys (download it from /Verify?handler=Keys).");
        }
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };

        byte[] bytes;
        if (file is not null)
        {
            if (!file.Exists) throw new UserErrorException($"No such file: {file.FullName}.");
            bytes = await File.ReadAllBytesAsync(file.FullName, ct);
        }
        else if (id is { } documentId && platform is not null)
        {
            var address = new Uri(platform.AbsoluteUri.TrimEnd('/') + "/Verify/" + documentId + "?handler=Json");
            using var response = await http.GetAsync(address, ct);
            if (!response.IsSuccessStatusCode) throw new UserErrorException($"{address} answered {(int)response.StatusCode}.");
            bytes = await response.Content.ReadAsByteArrayAsync(ct);
        }
        else throw new UserErrorException("Give a FILE, or --id ID and --url URL.");

        var signed = bytes.AsSpan().StartsWith("%PDF-"u8) ? await CheckPdfAsync(cli, bytes) : await CheckJsonAsync(cli, bytes);
        if (signed is null) return ExitCodes.VerificationFailed;
        var what = $"document {signed.DocumentId?.ToString() ?? "(no identifier)"} ({signed.Kind ?? "?"}) signed by {signed.Authority ?? "?"} with key {signed.Fingerprint[..Math.Min(16, signed.Fingerprint.Length)]}";

        if (register is not null)
        {
            var key = register.FirstOrDefault(k => k.Fingerprint == signed.Fingerprint);
            if (key is null || (signed.Authority is not null && key.Authority != signed.Authority))
            {
                await cli.Out.WriteLineAsync($"not genuine: the key of {what} is not in the register of {signed.Authority ?? "the authority"}");
                return ExitCodes.VerificationFailed;
            }
            if (key.RevokedAt is { } revokedAt)
            {
                await cli.Out.WriteLineAsync($"not genuine: the key of {what} was revoked on {revokedAt.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'} ({key.RevocationReason})");
                return ExitCodes.VerificationFailed;
            }
        }
        string? status = null;
        if (platform is not null)
        {
            if (signed.DocumentId is not { } onlineId) throw new UserErrorException("The document carries no identifier to look up online.");
            var address = new Uri(platform.AbsoluteUri.TrimEnd('/') + "/Verify/" + onlineId + "?handler=Status");
            using var response = await http.GetAsync(address, ct);
            if (response.StatusCode == System.Net.HttpStatusCode.NotFound)
            {
                await cli.Out.WriteLineAsync($"not genuine: {platform} knows no {what}");
                return ExitCodes.VerificationFailed;
            }
            if (!response.IsSuccessStatusCode) throw new UserErrorException($"{address} answered {(int)response.StatusCode}.");
            OnlineStatus? online;
            try { online = JsonSerializer.Deserialize<OnlineStatus>(await response.Content.ReadAsStringAsync(ct), Json); }
            catch (JsonException) { throw new UserErrorException($"{address} did not answer a verification result: is {platform} a Cordon platform?"); }
            if (online is null || online.KeyFingerprint != signed.Fingerprint || !online.KeyRegistered || online.Authority != signed.Authority)
            {
                await cli.Out.WriteLineAsync($"not genuine: {what} was not signed with the key registered for it");
                return ExitCodes.VerificationFailed;
            }
            if (online.KeyRevoked)
            {
                await cli.Out.WriteLineAsync($"not genuine: the key of {what} has been revoked");
                return ExitCodes.VerificationFailed;
            }
            status = online.Status;
        }
        var checkedAgainst = register is not null ? "key in the register" : platform is not null ? "key registered" : "key not checked against the register: add --keys or --url";
        await cli.Out.WriteLineAsync($"genuine: {what}; {checkedAgainst}{(status is null ? "" : "; status " + status)}");
        return ExitCodes.Ok;
    }

    private sealed record OnlineStatus(string? Authority, bool KeyRegistered, bool KeyRevoked, string? Status, string? KeyFingerprint);

    private static async Task<Signed?> CheckPdfAsync(CliContext cli, byte[] bytes)
    {
        var check = PdfDocumentSignature.Verify(bytes);
        if (!check.Intact)
        {
            await cli.Out.WriteLineAsync($"altered: {check.Problem}");
            return null;
        }
        return new Signed(check.DocumentId, check.Kind, check.Authority, check.KeyFingerprint!);
    }

    private static async Task<Signed?> CheckJsonAsync(CliContext cli, byte[] bytes)
    {
        SignedDocument? doc;
        try { doc = JsonSerializer.Deserialize<SignedDocument>(bytes, Json); }
        catch (JsonException) { doc = null; }
        if (doc is null || doc.Payload is null || doc.Signature is null || doc.PublicKey is null || doc.KeyFingerprint is null)
        {
            await cli.Out.WriteLineAsync("altered: not a signed document");
            return null;
        }
        if (!doc.IsIntact())
        {
            await cli.Out.WriteLineAsync($"altered: the signature does not match document {doc.DocumentId}");
            return null;
        }
        return new Signed(doc.DocumentId, doc.Kind, doc.Authority, doc.KeyFingerprint);
    }
}
