using System.Security.Cryptography;
using System.Text.Json;
using Cordon.Domain.Traceability.Crypto;

namespace Cordon.Client.Traceability;

/// <summary>
/// The user's side of traceability chains in .NET (the connector, the CLI, national systems): unlocks the caller's keys
/// with their secret, encrypts, signs, decrypts and verifies with <see cref="TraceabilityCrypto"/> (byte-compatible with
/// the browser). Before wrapping anything to a Party key it verifies the generation's endorsement by that Party's
/// administrator and, when pins are given, that the endorsing key is the pinned one: a key the server slipped in is
/// refused with a <see cref="TraceabilityTrustException"/>.
/// </summary>
public sealed class TraceabilityClient : IDisposable
{
    private const string Root = "traceability/";
    private readonly CordonClient _api;
    private readonly Dictionary<int, ECDiffieHellman> _partyKeys = [];
    private readonly IDictionary<string, string>? _pins;
    private MyKeysDto _mine;

    private TraceabilityClient(CordonClient api, MyKeysDto mine, UserKeys keys, IDictionary<string, string>? pins)
    {
        _api = api;
        _mine = mine;
        Keys = keys;
        _pins = pins;
    }

    public UserKeys Keys { get; }

    public string Party => _mine.Party.Party;

    public string Fingerprint => Keys.Fingerprint;

    /// <summary>
    /// Unlocks the caller's registered keys with their secret. <paramref name="endorserPins"/> (Party → administrator
    /// fingerprint): trust on first use; a Party not yet pinned is pinned to the endorser seen now.
    /// </summary>
    public static async Task<TraceabilityClient> UnlockAsync(CordonClient api, string secret, IDictionary<string, string>? endorserPins = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(api);
        var mine = await api.GetAsync<MyKeysDto>(Root + "keys/me", ct);
        if (mine.Key is null || mine.WrappedPrivateKeys is null) throw new InvalidOperationException("No keys are registered for this user yet.");
        var keys = TraceabilityCrypto.UnlockUserKeys(mine.WrappedPrivateKeys, secret);
        if (keys.Fingerprint != mine.Key.Fingerprint)
        {
            keys.Dispose();
            throw new TraceabilityTrustException("The unlocked keys do not match the registered fingerprint.");
        }
        return new TraceabilityClient(api, mine, keys, endorserPins);
    }

    /// <summary>Generates keys on this side, wraps them with <paramref name="secret"/> and registers the public parts; returns the fingerprint to compare.</summary>
    public static async Task<string> RegisterKeysAsync(CordonClient api, string secret, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(api);
        var generated = TraceabilityCrypto.GenerateUserKeys(secret);
        using (generated.Keys)
        {
            await api.PostAsync<object, UserKeyDto>(Root + "keys", new
            {
                encryptionPublicKey = generated.EncryptionPublicKey, signingPublicKey = generated.SigningPublicKey,
                fingerprint = generated.Fingerprint, wrappedPrivateKeys = generated.WrappedPrivateKeys,
            }, ct: ct);
        }
        return generated.Fingerprint;
    }

    /// <summary>Whether the national administrator has given this user the Party's current generation.</summary>
    public async Task<bool> IsConfirmedAsync(CancellationToken ct = default)
    {
        _mine = await _api.GetAsync<MyKeysDto>(Root + "keys/me", ct);
        return _mine.Confirmed;
    }

    /// <summary>The own Party's private key of a generation, checked against the published public key.</summary>
    public ECDiffieHellman PartyKey(int generation)
    {
        if (_partyKeys.TryGetValue(generation, out var known)) return known;
        var share = _mine.Shares.FirstOrDefault(s => s.Generation == generation) ?? throw new TraceabilityTrustException($"This user does not hold the Party key of generation {generation}.");
        var key = TraceabilityCrypto.UnwrapPartyKey(share.WrappedPrivateKey, Keys);
        var published = _mine.Party.Generations.FirstOrDefault(g => g.Number == generation);
        if (published is null || TraceabilityCrypto.PublicKeyOf(key) != published.PublicKey)
        {
            key.Dispose();
            throw new TraceabilityTrustException("The unwrapped Party key does not match the published key.");
        }
        _partyKeys[generation] = key;
        return key;
    }

    /// <summary>A Party's current generation, refused unless its administrator's endorsement holds (and matches the pin, if any).</summary>
    public async Task<GenerationDto> VerifiedCurrentKeyAsync(string party, CancellationToken ct = default)
    {
        var status = await _api.GetAsync<PartyKeyStatusDto>(Root + "parties/" + Uri.EscapeDataString(party) + "/key", ct);
        var current = status.Generations.FirstOrDefault(g => g.Number == status.CurrentGeneration)
            ?? throw new TraceabilityTrustException($"{party} has no Party key yet.");
        Verify(party, current);
        return current;
    }

    /// <summary>Checks a generation's endorsement; public so that other callers (the CLI's checks, tests) use the same rule.</summary>
    public void Verify(string party, GenerationDto generation)
    {
        ArgumentNullException.ThrowIfNull(generation);
        if (!TraceabilityCrypto.IsEndorsed(party, generation.Number, generation.PublicKey, generation.Endorsement, generation.EndorserSigningPublicKey))
            throw new TraceabilityTrustException($"The key of {party} (generation {generation.Number}) is not endorsed by its national administrator: refused.");
        var fingerprint = generation.EndorserFingerprint ?? "";
        if (_pins is null) return;
        if (_pins.TryGetValue(party, out var pinned))
        {
            if (!string.Equals(pinned, fingerprint, StringComparison.OrdinalIgnoreCase))
                throw new TraceabilityTrustException($"The key of {party} is endorsed by {fingerprint}, not by the administrator key pinned for {party} ({pinned}): refused.");
        }
        else
        {
            _pins[party] = fingerprint;
        }
    }

    // ---- chains ----

    public async Task<IReadOnlyList<ChainSummaryDto>> ListChainsAsync(string? state = null, CancellationToken ct = default) =>
        await _api.GetAsync<List<ChainSummaryDto>>(Root + "chains" + (state is null ? "" : "?state=" + Uri.EscapeDataString(state)), ct);

    public Task<ChainDto> GetChainAsync(Guid chainId, CancellationToken ct = default) => _api.GetAsync<ChainDto>(Root + "chains/" + chainId, ct);

    /// <summary>Opens a chain to <paramref name="respondingParty"/>: a fresh content key wrapped to both Parties' verified current keys, the request signed.</summary>
    public async Task<Guid> SendRequestAsync(string respondingParty, TraceabilityRequest request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var mine = await VerifiedCurrentKeyAsync(Party, ct);
        var other = await VerifiedCurrentKeyAsync(respondingParty, ct);
        var chainId = Guid.NewGuid();
        var messageId = Guid.NewGuid();
        var contentKey = TraceabilityCrypto.NewContentKey();
        try
        {
            var encrypted = TraceabilityCrypto.EncryptMessage(contentKey, request, Keys, TraceabilityCrypto.MessageContext(chainId, messageId, 1));
            await _api.PostAsync<object, ChainDto>(Root + "chains", new
            {
                id = chainId, respondingParty,
                keys = new
                {
                    number = 1, requestingGeneration = mine.Number, requestingWrappedKey = TraceabilityCrypto.WrapContentKey(contentKey, mine.PublicKey),
                    respondingGeneration = other.Number, respondingWrappedKey = TraceabilityCrypto.WrapContentKey(contentKey, other.PublicKey),
                },
                message = new { id = messageId, kind = "request", keyVersion = 1, encrypted.Ciphertext, encrypted.Signature, uimCount = request.Uims.Count },
            }, ct: ct);
            return chainId;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(contentKey);
        }
    }

    /// <summary>The content key of a chain's key version, unwrapped with this Party's key of the generation it was wrapped to.</summary>
    public byte[] ContentKey(ChainDto chain, int version)
    {
        ArgumentNullException.ThrowIfNull(chain);
        var v = chain.KeyVersions.FirstOrDefault(k => k.Number == version) ?? throw new InvalidOperationException($"The chain has no key version {version}.");
        return TraceabilityCrypto.UnwrapContentKey(v.WrappedKey, PartyKey(v.Generation));
    }

    /// <summary>Decrypts every message of the chain and checks each signature against the sender's registered key.</summary>
    public IReadOnlyList<DecryptedChainMessage> Decrypt(ChainDto chain)
    {
        ArgumentNullException.ThrowIfNull(chain);
        var keys = new Dictionary<int, byte[]>();
        var list = new List<DecryptedChainMessage>();
        foreach (var m in chain.Messages)
        {
            if (!keys.TryGetValue(m.KeyVersion, out var key)) keys[m.KeyVersion] = key = ContentKey(chain, m.KeyVersion);
            var d = TraceabilityCrypto.DecryptMessage(key, m.Ciphertext, m.Signature, m.SenderSigningPublicKey, TraceabilityCrypto.MessageContext(chain.Id, m.Id, m.KeyVersion));
            list.Add(new DecryptedChainMessage(m, d.Content, d.SignatureValid));
        }
        foreach (var k in keys.Values) CryptographicOperations.ZeroMemory(k);
        return list;
    }

    /// <summary>
    /// Sends a reply or follow-up encrypted under the chain's current key version; if either Party has a newer
    /// generation since, first creates a new key version wrapped to both verified current keys. Returns the message id.
    /// </summary>
    public async Task<Guid> SendMessageAsync(Guid chainId, string kind, object content, int uimCount, CancellationToken ct = default)
    {
        var chain = await GetChainAsync(chainId, ct);
        var requesting = chain.RequestingParty == chain.MyParty;
        var other = requesting ? chain.RespondingParty : chain.RequestingParty;
        var mine = await VerifiedCurrentKeyAsync(Party, ct);
        var theirs = await VerifiedCurrentKeyAsync(other, ct);
        var last = chain.KeyVersions.First(k => k.Number == chain.CurrentKeyVersion);
        var version = last.Number;
        if (last.Generation != mine.Number || last.OtherGeneration != theirs.Number)
        {
            var fresh = TraceabilityCrypto.NewContentKey();
            var wrappedMine = TraceabilityCrypto.WrapContentKey(fresh, mine.PublicKey);
            var wrappedTheirs = TraceabilityCrypto.WrapContentKey(fresh, theirs.PublicKey);
            CryptographicOperations.ZeroMemory(fresh);
            chain = await _api.PostAsync<object, ChainDto>(Root + $"chains/{chainId}/key-versions", new
            {
                number = last.Number + 1,
                requestingGeneration = requesting ? mine.Number : theirs.Number, requestingWrappedKey = requesting ? wrappedMine : wrappedTheirs,
                respondingGeneration = requesting ? theirs.Number : mine.Number, respondingWrappedKey = requesting ? wrappedTheirs : wrappedMine,
            }, ct: ct);
            version = chain.CurrentKeyVersion;
        }
        var key = ContentKey(chain, version);
        try
        {
            var id = Guid.NewGuid();
            var encrypted = TraceabilityCrypto.EncryptMessage(key, content, Keys, TraceabilityCrypto.MessageContext(chainId, id, version));
            await _api.PostAsync<object, ChainDto>(Root + $"chains/{chainId}/messages", new { id, kind, keyVersion = version, encrypted.Ciphertext, encrypted.Signature, uimCount }, ct: ct);
            return id;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    public Task MarkAsync(Guid messageId, bool actioned, CancellationToken ct = default) =>
        _api.PostAsync<object, MessageDto>(Root + $"messages/{messageId}/{(actioned ? "actioned" : "read")}", new { }, ct: ct);

    // ---- connector transfers (ADR 26) ----

    public async Task<IReadOnlyList<TransferDto>> ListTransfersAsync(string? state = null, Guid? messageId = null, CancellationToken ct = default)
    {
        var query = new List<string>();
        if (state is not null) query.Add("state=" + Uri.EscapeDataString(state));
        if (messageId is { } m) query.Add("messageId=" + m);
        return await _api.GetAsync<List<TransferDto>>(Root + "transfers" + (query.Count > 0 ? "?" + string.Join('&', query) : ""), ct);
    }

    public Task<TransferDto> GetTransferAsync(Guid id, CancellationToken ct = default) => _api.GetAsync<TransferDto>(Root + "transfers/" + id, ct);

    /// <summary>
    /// Proposes a transfer: <paramref name="preview"/> is exactly what will be sent, encrypted under a fresh key that is
    /// sealed to this Party's own verified current key (never to the other Party), and signed by this user.
    /// </summary>
    public async Task<TransferDto> ProposeTransferAsync(Guid chainId, Guid requestMessageId, string direction, object preview, int uimCount, CancellationToken ct = default)
    {
        var mine = await VerifiedCurrentKeyAsync(Party, ct);
        var id = Guid.NewGuid();
        var key = TraceabilityCrypto.NewContentKey();
        try
        {
            var encrypted = TraceabilityCrypto.EncryptMessage(key, preview, Keys, TraceabilityCrypto.TransferContext(id));
            return await _api.PostAsync<object, TransferDto>(Root + "transfers", new
            {
                id, chainId, requestMessageId, direction, generation = mine.Number, wrappedKey = TraceabilityCrypto.WrapContentKey(key, mine.PublicKey),
                preview = encrypted.Ciphertext, previewSignature = encrypted.Signature, uimCount,
            }, ct: ct);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    /// <summary>Decrypts a transfer's preview with this Party's key and checks the proposer's signature over it.</summary>
    public OpenedTransfer Open(TransferDto transfer)
    {
        ArgumentNullException.ThrowIfNull(transfer);
        var key = TraceabilityCrypto.UnwrapContentKey(transfer.WrappedKey, PartyKey(transfer.Generation));
        try
        {
            var d = TraceabilityCrypto.DecryptMessage(key, transfer.Preview, transfer.PreviewSignature, transfer.ProposerSigningPublicKey, TraceabilityCrypto.TransferContext(transfer.Id));
            return new OpenedTransfer(transfer, d.Content, d.SignatureValid);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    /// <summary>Approves the preview as read: the digest is computed here from the ciphertext that was decrypted, and signed.</summary>
    public Task<TransferDto> ApproveTransferAsync(TransferDto transfer, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(transfer);
        var digest = TraceabilityCrypto.PreviewDigest(transfer.Preview);
        var signature = TraceabilityCrypto.SignApproval(transfer.Id, transfer.Direction, digest, Keys);
        return _api.PostAsync<object, TransferDto>(Root + $"transfers/{transfer.Id}/approve", new { previewDigest = digest, signature }, ct: ct);
    }

    public Task<TransferDto> RejectTransferAsync(Guid id, CancellationToken ct = default) =>
        _api.PostAsync<object, TransferDto>(Root + $"transfers/{id}/reject", new { }, ct: ct);

    /// <summary>
    /// True when the transfer is approved by a signature over the digest of the very ciphertext this side proposed
    /// (recomputed here, not taken from the server), made by the approver key the server names — and, if
    /// <paramref name="trustedApprovers"/> is given, one of those fingerprints.
    /// </summary>
    public static bool IsApproved(TransferDto transfer, IReadOnlyCollection<string>? trustedApprovers = null)
    {
        ArgumentNullException.ThrowIfNull(transfer);
        if (transfer.State != "approved") return false;
        var digest = TraceabilityCrypto.PreviewDigest(transfer.Preview);
        if (!string.Equals(digest, transfer.PreviewDigest, StringComparison.OrdinalIgnoreCase)) return false;
        if (trustedApprovers is { Count: > 0 } && !trustedApprovers.Contains(transfer.ApproverFingerprint ?? "", StringComparer.OrdinalIgnoreCase)) return false;
        return TraceabilityCrypto.VerifyApproval(transfer.Id, transfer.Direction, digest, transfer.ApprovalSignature, transfer.ApproverSigningPublicKey);
    }

    public Task<TransferDto> TransferDoneAsync(Guid id, Guid? resultMessageId, CancellationToken ct = default) =>
        _api.PostAsync<object, TransferDto>(Root + $"transfers/{id}/done", new { resultMessageId }, ct: ct);

    public static JsonElement ToJson(object value) => JsonSerializer.SerializeToElement(value, JsonSerializerOptions.Web);

    public void Dispose()
    {
        foreach (var k in _partyKeys.Values) k.Dispose();
        Keys.Dispose();
    }
}
