using System.CommandLine;
using System.Text.Json;
using Cordon.Cli.Infrastructure;
using Cordon.Domain.Documents;

namespace Cordon.Cli.Commands;

/// <summary>
/// `cordon verify FILE` / `cordon verify --id ID --url URL`: checks a signed document (permit, certificate, authorization)
/// offline against the public key embedded in it, whose fingerprint must match. Prints "genuine" (exit 0) or "altered" (exit 2).
/// Whether the key is still registered and unrevoked is shown by the public page /Verify/{id}.
/// </summary>
public static class VerifyCommands
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static Command Build(CliContext cli)
    {
        var file = new Argument<FileInfo?>("file") { Description = "A signed document JSON downloaded from /Verify/{id}?handler=Json or /api/v1/permits/{id}/document.", Arity = ArgumentArity.ZeroOrOne };
        var id = new Option<Guid?>("--id") { Description = "The document identifier (from the QR code)." };
        var url = new Option<string?>("--url") { Description = "The platform's address, e.g. https://cordon.example; the document is fetched from its public verification page." };
        var verify = new Command("verify", "Check a signed document's signature offline: genuine (exit 0) or altered (exit 2).");
        verify.Arguments.Add(file);
        verify.Options.Add(id);
        verify.Options.Add(url);
        verify.SetGuardedAction(cli, (parse, ct) => VerifyAsync(cli, parse.GetValue(file), parse.GetValue(id), parse.GetValue(url), ct));
        return verify;
    }

    private static async Task<int> VerifyAsync(CliContext cli, FileInfo? file, Guid? id, string? url, CancellationToken ct)
    {
        string text;
        if (file is not null)
        {
            if (!file.Exists) throw new UserErrorException($"No such file: {file.FullName}.");
            text = await File.ReadAllTextAsync(file.FullName, ct);
        }
        else if (id is { } documentId && !string.IsNullOrWhiteSpace(url) && Uri.TryCreate(url.TrimEnd('/') + "/Verify/" + documentId + "?handler=Json", UriKind.Absolute, out var address))
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
            using var response = await http.GetAsync(address, ct);
            if (!response.IsSuccessStatusCode) throw new UserErrorException($"{address} answered {(int)response.StatusCode}.");
            text = await response.Content.ReadAsStringAsync(ct);
        }
        else throw new UserErrorException("Give a FILE, or --id ID and --url URL.");

        SignedDocument? doc;
        try { doc = JsonSerializer.Deserialize<SignedDocument>(text, Json); }
        catch (JsonException) { doc = null; }
        if (doc is null || doc.Payload is null || doc.Signature is null || doc.PublicKey is null || doc.KeyFingerprint is null)
        {
            await cli.Out.WriteLineAsync("altered: not a signed document");
            return ExitCodes.VerificationFailed;
        }
        if (!doc.IsIntact())
        {
            await cli.Out.WriteLineAsync($"altered: the signature does not match document {doc.DocumentId}");
            return ExitCodes.VerificationFailed;
        }
        await cli.Out.WriteLineAsync($"genuine: document {doc.DocumentId} ({doc.Kind}) signed by {doc.Authority} with key {doc.KeyFingerprint[..Math.Min(16, doc.KeyFingerprint.Length)]}");
        return ExitCodes.Ok;
    }
}
