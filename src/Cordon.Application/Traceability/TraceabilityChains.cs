using Cordon.Application.Audit;
using Cordon.Application.Common;
using Cordon.Application.Data;
using Cordon.Application.Exchange;
using Cordon.Application.Identity;
using Cordon.Domain.Exchange;
using Cordon.Domain.Identity;
using Cordon.Domain.Traceability;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Application.Traceability;

/// <summary>
/// Request → reply → follow-ups between two Parties. The server routes ciphertext and keeps the metadata the statistics
/// need; it checks who may write what, and that every message is encrypted under a chain key version wrapped to both
/// Parties' current, untainted key generations. Only users of the two Parties see a chain (others get 404).
/// </summary>
public sealed class TraceabilityChains(CordonDbContext db, ICurrentActor actor, AuditLog audit, PartyExchange exchange, TraceabilityKeys keys, TimeProvider clock)
{
    public const string Module = "Traceability";
    public const string ChainRecord = "TraceabilityChain";
    public const string MessageRecord = "TraceabilityMessage";

    public const int MaxCiphertextChars = 8_000_000;
    public const int MaxAttachments = 5;
    public const int MaxAttachmentChars = 7_000_000;
    public const int MaxUimsPerMessage = 100_000;

    public IQueryable<TraceabilityChain> Visible() =>
        actor.PartyCode is { } party ? db.TraceabilityChains.Where(c => c.RequestingParty == party || c.RespondingParty == party) : db.TraceabilityChains.Where(_ => false);

    public static string Link(Guid id) => $"/Traceability/Chain?id={id}";

    public async Task<List<ChainSummary>> ListAsync(ChainState? state, int limit, CancellationToken ct = default)
    {
        var party = actor.PartyCode;
        var q = Visible().AsNoTracking();
        if (state is { } s) q = q.Where(c => c.State == s);
        var rows = await q.OrderByDescending(c => c.LastMessageAt).Take(Math.Clamp(limit, 1, 1000))
            .Select(c => new
            {
                Chain = c,
                Unread = db.TraceabilityMessages.Count(m => m.ChainId == c.Id && m.RecipientParty == party && m.ReadAt == null),
                NotActioned = db.TraceabilityMessages.Count(m => m.ChainId == c.Id && m.RecipientParty == party && m.ActionedAt == null),
            }).ToListAsync(ct);
        return rows.Select(r => new ChainSummary(r.Chain.Id, r.Chain.RequestingParty, r.Chain.RespondingParty, r.Chain.State, r.Chain.CreatedAt, r.Chain.LastMessageAt,
            r.Chain.UimCount, r.Chain.MessageCount, r.Unread, r.NotActioned)).ToList();
    }

    public async Task<ChainView?> GetAsync(Guid id, CancellationToken ct = default)
    {
        var chain = await Visible().AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, ct);
        if (chain is null) return null;
        var mine = actor.PartyCode!;
        var requesting = chain.RequestingParty == mine;
        var versions = await db.ChainKeyVersions.AsNoTracking().Where(k => k.ChainId == id).OrderBy(k => k.Number).ToListAsync(ct);
        var messages = await db.TraceabilityMessages.AsNoTracking().Where(m => m.ChainId == id).OrderBy(m => m.Sequence).ToListAsync(ct);
        var keyIds = messages.Select(m => m.SenderKeyId).Distinct().ToList();
        var senderKeys = await db.TraceabilityUserKeys.AsNoTracking().Where(k => keyIds.Contains(k.Id)).ToDictionaryAsync(k => k.Id, ct);
        var userIds = messages.Select(m => m.SenderUserId).Distinct().ToList();
        var names = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        // A Party's connector writes as its system user (an API client).
        foreach (var c in await db.ApiClients.AsNoTracking().Where(c => userIds.Contains(c.Id)).Select(c => new { c.Id, c.Name }).ToListAsync(ct)) names.TryAdd(c.Id, "api:" + c.Name);
        var attachments = (await db.TraceabilityAttachments.AsNoTracking().Where(a => a.ChainId == id).Select(a => new { a.Id, a.MessageId, a.Size, a.CreatedAt }).ToListAsync(ct))
            .OrderBy(a => a.CreatedAt).ThenBy(a => a.Id).ToList();
        return new ChainView(chain.Id, chain.RequestingParty, chain.RespondingParty, mine, chain.State, chain.CreatedAt, chain.LastMessageAt, chain.FirstReplyAt,
            chain.ClosedAt, chain.CurrentKeyVersion, chain.UimCount, chain.Version,
            versions.Select(v => requesting
                ? new KeyVersionView(v.Number, v.RequestingGeneration, v.RequestingWrappedKey, v.RespondingGeneration)
                : new KeyVersionView(v.Number, v.RespondingGeneration, v.RespondingWrappedKey, v.RequestingGeneration)).ToList(),
            messages.Select(m => new MessageView(m.Id, m.Sequence, m.Kind, m.SenderParty, m.RecipientParty, m.SenderUserId, names.GetValueOrDefault(m.SenderUserId, ""),
                m.SenderKeyId, senderKeys.TryGetValue(m.SenderKeyId, out var k) ? k.SigningPublicKey : "", senderKeys.TryGetValue(m.SenderKeyId, out var k2) ? k2.Fingerprint : "",
                m.KeyVersion, m.Ciphertext, m.Signature, m.UimCount, m.SentAt, m.ReadAt, m.ActionedAt,
                attachments.Where(a => a.MessageId == m.Id).Select(a => new AttachmentView(a.Id, a.Size)).ToList())).ToList());
    }

    public async Task<string?> AttachmentAsync(Guid id, CancellationToken ct = default)
    {
        var a = await db.TraceabilityAttachments.AsNoTracking().Where(x => x.Id == id).Select(x => new { x.ChainId, x.Ciphertext }).FirstOrDefaultAsync(ct);
        if (a is null || !await Visible().AnyAsync(c => c.Id == a.ChainId, ct)) return null;
        return a.Ciphertext;
    }

    /// <summary>Opens a chain: its first content key version and the request, both prepared on the sender's side.</summary>
    public async Task<Outcome<ChainView>> CreateAsync(ChainInput input, CancellationToken ct = default)
    {
        if (actor.UserId is null || actor.PartyCode is not { } party) return Outcome<ChainView>.Forbidden("Requests are sent by users of a Party.");
        var errors = new Dictionary<string, string[]>();
        if (input.Id is not { } id || id == Guid.Empty) { errors["id"] = ["The chain id chosen on your side (a GUID): it is bound into the encryption."]; id = Guid.Empty; }
        var responding = input.RespondingParty?.Trim().ToUpperInvariant();
        if (responding is not { Length: 2 }) errors["respondingParty"] = ["The Party that issued the UIMs (ISO 3166-1 alpha-2)."];
        else if (responding == party) errors["respondingParty"] = ["A request goes to another Party."];
        if (input.Keys is null) errors["keys"] = ["The chain's first content key version, wrapped for both Parties."];
        if (input.Message is null) errors["message"] = ["The request."];
        else if (input.Message.Kind is { } kind && !kind.Equals("request", StringComparison.OrdinalIgnoreCase)) errors["message.kind"] = ["A chain starts with a request."];
        if (errors.Count > 0) return Outcome<ChainView>.Invalid("The request is not complete.", errors);
        CheckKeyVersion(input.Keys!, 1, errors);
        var message = CheckMessage(input.Message!, errors);
        if (message.UimCount < 1) errors.TryAdd("message.uimCount", ["A request concerns at least one UIM."]);
        if (input.Message!.KeyVersion is { } kv && kv != 1) errors.TryAdd("message.keyVersion", ["The first message uses key version 1."]);
        if (errors.Count > 0) return Outcome<ChainView>.Invalid("The request is not valid.", errors);
        if (!await db.PartyModuleMemberships.AnyAsync(m => m.PartyCode == responding && m.Module == CordonModule.Traceability && m.LeftAt == null, ct))
            return Outcome<ChainView>.Invalid("That Party does not take part in traceability queries.", new Dictionary<string, string[]> { ["respondingParty"] = ["Not a member of the module."] });

        var now = clock.GetUtcNow();
        await using var tx = await db.BeginWriteAsync(ct);
        var sender = await SenderKeyAsync(party, ct);
        if (sender.Failure is { } f) return Outcome<ChainView>.Forbidden(f);
        if (await GenerationProblemAsync(party, responding!, input.Keys!.RequestingGeneration!.Value, input.Keys.RespondingGeneration!.Value, ct) is { } problem)
            return Outcome<ChainView>.Conflict(problem);
        if (await db.TraceabilityChains.AnyAsync(c => c.Id == id, ct) || await IdsTakenAsync(message, ct))
            return Outcome<ChainView>.Conflict("This id is already used; choose new ids and encrypt again.");
        var chain = new TraceabilityChain
        {
            Id = id, RequestingParty = party, RespondingParty = responding!, State = ChainState.Open, CreatedAt = now, CreatedBy = actor.UserId,
            LastMessageAt = now, CurrentKeyVersion = 1, UimCount = message.UimCount, MessageCount = 1, Version = 1,
        };
        db.TraceabilityChains.Add(chain);
        db.ChainKeyVersions.Add(KeyVersion(id, 1, input.Keys, now));
        var m = AddMessage(chain, message, TraceabilityMessageKind.Request, 1, sender.KeyId, now);
        await db.SaveChangesAsync(ct);
        await TraceabilityCounters.MessageSentAsync(db, m, ct);
        await audit.RecordAsync("traceability.chain-opened", ChainRecord, id.ToString(), new { chain.Id, chain.RequestingParty, chain.RespondingParty, MessageId = m.Id, m.UimCount, m.Ciphertext, m.Signature },
            $"{party} → {responding}: request with {m.UimCount} UIM(s)", [responding!], ct);
        await DeliverAsync(chain, m, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return Outcome<ChainView>.Ok((await GetAsync(id, ct))!);
    }

    /// <summary>A reply (responding Party) or follow-up (either Party), encrypted under the chain's current key version.</summary>
    public async Task<Outcome<ChainView>> SendAsync(Guid chainId, MessageInput input, long? expectedVersion, CancellationToken ct = default)
    {
        if (actor.UserId is null || actor.PartyCode is not { } party) return Outcome<ChainView>.Forbidden("Messages are sent by users of a Party.");
        var errors = new Dictionary<string, string[]>();
        var kind = input.Kind?.Trim().ToLowerInvariant() switch
        {
            "reply" => TraceabilityMessageKind.Reply, "follow-up" or "followup" => TraceabilityMessageKind.FollowUp, _ => (TraceabilityMessageKind?)null,
        };
        if (kind is null) errors["kind"] = ["reply or follow-up."];
        var message = CheckMessage(input, errors);
        if (input.KeyVersion is null) errors.TryAdd("keyVersion", ["The chain key version the message is encrypted with."]);
        if (errors.Count > 0) return Outcome<ChainView>.Invalid("The message is not valid.", errors);
        var now = clock.GetUtcNow();
        await using var tx = await db.BeginWriteAsync(ct);
        var chain = await Visible().FirstOrDefaultAsync(c => c.Id == chainId, ct);
        if (chain is null) return Outcome<ChainView>.NotFound("No such chain.");
        if (expectedVersion is { } v && v != chain.Version) return Outcome<ChainView>.PreconditionFailed("The chain changed since you read it.");
        if (chain.State == ChainState.Closed) return Outcome<ChainView>.Conflict("The chain is closed.");
        var responder = chain.RespondingParty == party;
        if (kind == TraceabilityMessageKind.Reply && !responder) return Outcome<ChainView>.Forbidden("Only the Party asked replies; the requesting Party adds follow-ups.");
        var sender = await SenderKeyAsync(party, ct);
        if (sender.Failure is { } f) return Outcome<ChainView>.Forbidden(f);
        if (input.KeyVersion != chain.CurrentKeyVersion) return Outcome<ChainView>.Conflict($"Encrypt with the chain's current key version {chain.CurrentKeyVersion}.");
        var version = await db.ChainKeyVersions.AsNoTracking().FirstAsync(k => k.ChainId == chainId && k.Number == chain.CurrentKeyVersion, ct);
        if (await GenerationProblemAsync(chain.RequestingParty, chain.RespondingParty, version.RequestingGeneration, version.RespondingGeneration, ct) is { } problem)
            return Outcome<ChainView>.Conflict(problem + " Create a new key version of the chain first.");
        if (await IdsTakenAsync(message, ct)) return Outcome<ChainView>.Conflict("This id is already used; choose new ids and encrypt again.");
        var m = AddMessage(chain, message, kind!.Value, chain.CurrentKeyVersion, sender.KeyId, now);
        chain.LastMessageAt = now;
        chain.MessageCount++;
        if (responder)
        {
            chain.State = ChainState.Answered;
            if (chain.FirstReplyAt is null)
            {
                chain.FirstReplyAt = now;
                chain.ReplySeconds = (long)(now - chain.CreatedAt).TotalSeconds;
                await TraceabilityCounters.FirstReplyAsync(db, chain, chain.ReplySeconds.Value, ct);
            }
        }
        else
        {
            chain.State = ChainState.Open;
            chain.UimCount += m.UimCount;
        }
        chain.Version++;
        await db.SaveChangesAsync(ct);
        await TraceabilityCounters.MessageSentAsync(db, m, ct);
        await audit.RecordAsync("traceability.message-sent", ChainRecord, chain.Id.ToString(), new { chain.Id, MessageId = m.Id, m.Kind, m.SenderParty, m.UimCount, m.Ciphertext, m.Signature },
            $"{party} → {m.RecipientParty}: {KindName(m.Kind)}", [m.RecipientParty], ct);
        await DeliverAsync(chain, m, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return Outcome<ChainView>.Ok((await GetAsync(chainId, ct))!);
    }

    /// <summary>A new version of the chain's content key, wrapped to both Parties' current generations (after a member left).</summary>
    public async Task<Outcome<ChainView>> AddKeyVersionAsync(Guid chainId, KeyVersionInput input, CancellationToken ct = default)
    {
        if (actor.UserId is null || actor.PartyCode is not { } party) return Outcome<ChainView>.Forbidden("Keys are created by users of a Party.");
        await using var tx = await db.BeginWriteAsync(ct);
        var chain = await Visible().FirstOrDefaultAsync(c => c.Id == chainId, ct);
        if (chain is null) return Outcome<ChainView>.NotFound("No such chain.");
        var errors = new Dictionary<string, string[]>();
        CheckKeyVersion(input, chain.CurrentKeyVersion + 1, errors);
        if (errors.Count > 0) return Outcome<ChainView>.Invalid("The key version is not valid.", errors);
        var sender = await SenderKeyAsync(party, ct);
        if (sender.Failure is { } f) return Outcome<ChainView>.Forbidden(f);
        if (await GenerationProblemAsync(chain.RequestingParty, chain.RespondingParty, input.RequestingGeneration!.Value, input.RespondingGeneration!.Value, ct) is { } problem)
            return Outcome<ChainView>.Conflict(problem);
        var now = clock.GetUtcNow();
        chain.CurrentKeyVersion++;
        chain.Version++;
        db.ChainKeyVersions.Add(KeyVersion(chainId, chain.CurrentKeyVersion, input, now));
        await db.SaveChangesAsync(ct);
        await audit.RecordAsync("traceability.chain-key-version", ChainRecord, chain.Id.ToString(),
            new { chain.Id, chain.CurrentKeyVersion, input.RequestingGeneration, input.RespondingGeneration },
            $"Key version {chain.CurrentKeyVersion}: {chain.RequestingParty} generation {input.RequestingGeneration}, {chain.RespondingParty} generation {input.RespondingGeneration}", [Other(chain, party)], ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return Outcome<ChainView>.Ok((await GetAsync(chainId, ct))!);
    }

    public async Task<Outcome<ChainView>> CloseAsync(Guid chainId, CancellationToken ct = default)
    {
        if (actor.PartyCode is not { } party) return Outcome<ChainView>.Forbidden("Chains are closed by users of a Party.");
        await using var tx = await db.BeginWriteAsync(ct);
        var chain = await Visible().FirstOrDefaultAsync(c => c.Id == chainId, ct);
        if (chain is null) return Outcome<ChainView>.NotFound("No such chain.");
        if (chain.State == ChainState.Closed) return Outcome<ChainView>.Conflict("The chain is already closed.");
        chain.State = ChainState.Closed;
        chain.ClosedAt = clock.GetUtcNow();
        chain.Version++;
        await db.SaveChangesAsync(ct);
        var other = Other(chain, party);
        await audit.RecordAsync("traceability.chain-closed", ChainRecord, chain.Id.ToString(), new { chain.Id, chain.State, chain.ClosedAt }, $"Closed by {party}", [other], ct);
        await exchange.SendAsync(new Dispatch(Module, ChainRecord, chain.Id.ToString(), party, [other], SecretariatCopy: false, "closed",
            "Notification.TraceabilityClosed", [party], Link(chain.Id)), ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return Outcome<ChainView>.Ok((await GetAsync(chainId, ct))!);
    }

    /// <summary>The receiving Party marks a message read, or actioned (which implies read). Never backwards.</summary>
    public async Task<Outcome<MessageView>> MarkAsync(Guid messageId, bool actioned, CancellationToken ct = default)
    {
        if (actor.PartyCode is not { } party) return Outcome<MessageView>.Forbidden("Messages are marked by users of a Party.");
        await using var tx = await db.BeginWriteAsync(ct);
        var m = await db.TraceabilityMessages.AsNoTracking().FirstOrDefaultAsync(x => x.Id == messageId, ct);
        if (m is null || !await Visible().AnyAsync(c => c.Id == m.ChainId, ct)) return Outcome<MessageView>.NotFound("No such message.");
        if (m.RecipientParty != party) return Outcome<MessageView>.Forbidden("Only the receiving Party marks a message.");
        var now = clock.GetUtcNow();
        var by = actor.UserId;
        // Conditional updates, so that two users marking at once count the message once (the statistics' counters).
        var nowRead = m.ReadAt is null && await db.TraceabilityMessages.Where(x => x.Id == m.Id && x.ReadAt == null)
            .ExecuteUpdateAsync(u => u.SetProperty(x => x.ReadAt, now).SetProperty(x => x.ReadBy, by), ct) > 0;
        var nowActioned = actioned && m.ActionedAt is null && await db.TraceabilityMessages.Where(x => x.Id == m.Id && x.ActionedAt == null)
            .ExecuteUpdateAsync(u => u.SetProperty(x => x.ActionedAt, now).SetProperty(x => x.ActionedBy, by), ct) > 0;
        if (nowRead || nowActioned)
        {
            await TraceabilityCounters.MarkedAsync(db, m, nowRead, nowActioned, ct);
            await exchange.MarkAsync(MessageRecord, m.Id.ToString(), party, actioned ? DeliveryState.Actioned : DeliveryState.Read, ct);
            if (nowActioned) await audit.RecordAsync("traceability.message-actioned", ChainRecord, m.ChainId.ToString(), new { m.Id, ActionedAt = now }, $"{party} actioned message {m.Sequence}", [m.SenderParty], ct);
            await db.SaveChangesAsync(ct);
        }
        await tx.CommitAsync(ct);
        var view = await GetAsync(m.ChainId, ct);
        return Outcome<MessageView>.Ok(view!.Messages.First(x => x.Id == messageId));
    }

    private static string Other(TraceabilityChain c, string party) => c.RequestingParty == party ? c.RespondingParty : c.RequestingParty;

    public static string KindName(TraceabilityMessageKind k) => k switch
    {
        TraceabilityMessageKind.Request => "request", TraceabilityMessageKind.Reply => "reply", _ => "follow-up",
    };

    private async Task DeliverAsync(TraceabilityChain chain, TraceabilityMessage m, CancellationToken ct)
    {
        // Metadata only: the Party that wrote and the kind of message. Never content.
        var key = m.Kind switch
        {
            TraceabilityMessageKind.Request => "Notification.TraceabilityRequest",
            TraceabilityMessageKind.Reply => "Notification.TraceabilityReply",
            _ => "Notification.TraceabilityFollowUp",
        };
        await exchange.SendAsync(new Dispatch(Module, MessageRecord, m.Id.ToString(), m.SenderParty, [m.RecipientParty], SecretariatCopy: false, KindName(m.Kind),
            key, [m.SenderParty], Link(chain.Id)) { NewRecord = true }, ct);
    }

    private sealed record CheckedMessage(Guid Id, string Ciphertext, string Signature, int UimCount, List<(Guid Id, string Ciphertext)> Attachments);

    private static CheckedMessage CheckMessage(MessageInput input, Dictionary<string, string[]> errors)
    {
        if (input.Id is not { } id || id == Guid.Empty) { errors.TryAdd("message.id", ["The message id chosen on your side (a GUID): it is bound into the encryption."]); id = Guid.Empty; }
        if (!TraceabilityKeys.IsBlob(input.Ciphertext, MaxCiphertextChars)) errors.TryAdd("message.ciphertext", [$"The encrypted message (at most {MaxCiphertextChars} characters)."]);
        if (!TraceabilityKeys.IsBlob(input.Signature, 400)) errors.TryAdd("message.signature", ["The sender's signature (at most 400 characters)."]);
        if (input.UimCount is not { } count || count < 0 || count > MaxUimsPerMessage) { errors.TryAdd("message.uimCount", [$"The number of UIMs, 0 to {MaxUimsPerMessage}."]); count = 0; }
        var attachments = new List<(Guid, string)>();
        if (input.Attachments is { } list)
        {
            if (list.Count > MaxAttachments) errors.TryAdd("message.attachments", [$"At most {MaxAttachments} attachments."]);
            else foreach (var a in list)
            {
                if (a?.Id is not { } aid || aid == Guid.Empty || !TraceabilityKeys.IsBlob(a.Ciphertext, MaxAttachmentChars))
                {
                    errors.TryAdd("message.attachments", [$"Each attachment has an id and its ciphertext (at most {MaxAttachmentChars} characters, about 5 MB)."]);
                    break;
                }
                attachments.Add((aid, a.Ciphertext!));
            }
            if (attachments.Select(a => a.Item1).Append(id).Distinct().Count() != attachments.Count + 1) errors.TryAdd("message.attachments", ["Ids must differ."]);
        }
        return new CheckedMessage(id, input.Ciphertext ?? "", input.Signature ?? "", count, attachments);
    }

    private static void CheckKeyVersion(KeyVersionInput k, int expectedNumber, Dictionary<string, string[]> errors)
    {
        if (k.Number is { } n && n != expectedNumber) errors.TryAdd("keys.number", [$"The next key version is {expectedNumber}."]);
        if (k.RequestingGeneration is not > 0) errors.TryAdd("keys.requestingGeneration", ["The requesting Party's key generation used."]);
        if (k.RespondingGeneration is not > 0) errors.TryAdd("keys.respondingGeneration", ["The responding Party's key generation used."]);
        if (!TraceabilityKeys.IsBlob(k.RequestingWrappedKey, 1000)) errors.TryAdd("keys.requestingWrappedKey", ["The content key wrapped to the requesting Party."]);
        if (!TraceabilityKeys.IsBlob(k.RespondingWrappedKey, 1000)) errors.TryAdd("keys.respondingWrappedKey", ["The content key wrapped to the responding Party."]);
    }

    private static ChainKeyVersion KeyVersion(Guid chainId, int number, KeyVersionInput k, DateTimeOffset now) => new()
    {
        ChainId = chainId, Number = number, RequestingGeneration = k.RequestingGeneration!.Value, RequestingWrappedKey = k.RequestingWrappedKey!,
        RespondingGeneration = k.RespondingGeneration!.Value, RespondingWrappedKey = k.RespondingWrappedKey!, CreatedAt = now,
    };

    private TraceabilityMessage AddMessage(TraceabilityChain chain, CheckedMessage c, TraceabilityMessageKind kind, int keyVersion, Guid senderKey, DateTimeOffset now)
    {
        var sender = actor.PartyCode!;
        var m = new TraceabilityMessage
        {
            Id = c.Id, ChainId = chain.Id, Sequence = chain.MessageCount + (kind == TraceabilityMessageKind.Request ? 0 : 1), Kind = kind, SenderParty = sender,
            RecipientParty = Other(chain, sender), SenderUserId = actor.UserId!.Value, SenderKeyId = senderKey, KeyVersion = keyVersion,
            Ciphertext = c.Ciphertext, Signature = c.Signature, UimCount = c.UimCount, SentAt = now,
            AttachmentCount = c.Attachments.Count, AttachmentBytes = c.Attachments.Sum(a => (long)a.Ciphertext.Length),
        };
        db.TraceabilityMessages.Add(m);
        foreach (var (id, text) in c.Attachments)
            db.TraceabilityAttachments.Add(new TraceabilityAttachment { Id = id, MessageId = m.Id, ChainId = chain.Id, Ciphertext = text, Size = text.Length, CreatedAt = now });
        return m;
    }

    private async Task<bool> IdsTakenAsync(CheckedMessage m, CancellationToken ct)
    {
        var ids = m.Attachments.Select(a => a.Id).ToList();
        return await db.TraceabilityMessages.AnyAsync(x => x.Id == m.Id, ct) || (ids.Count > 0 && await db.TraceabilityAttachments.AnyAsync(a => ids.Contains(a.Id), ct));
    }

    /// <summary>The sender must have registered keys and been confirmed (holds the Party's current generation).</summary>
    private async Task<(Guid KeyId, string? Failure)> SenderKeyAsync(string party, CancellationToken ct)
    {
        var key = await keys.CurrentKeyAsync(actor.UserId!.Value, ct);
        if (key is null) return (Guid.Empty, "Set up your keys first.");
        var current = await keys.CurrentGenerationAsync(party, ct);
        if (current is null || !await db.PartyKeyShares.AnyAsync(s => s.UserKeyId == key.Id && s.Generation == current.Number, ct))
            return (Guid.Empty, "Your national administrator has not confirmed your keys yet.");
        return (key.Id, null);
    }

    /// <summary>Content must be wrapped to each Party's current generation, and no generation may still be held by a departed member.</summary>
    private async Task<string?> GenerationProblemAsync(string requesting, string responding, int requestingGeneration, int respondingGeneration, CancellationToken ct)
    {
        foreach (var (party, used) in new[] { (requesting, requestingGeneration), (responding, respondingGeneration) })
        {
            var current = await keys.CurrentGenerationAsync(party, ct);
            if (current is null) return $"{party} has not set up its Party key yet.";
            if (used != current.Number) return $"Wrap the content key to {party}'s current key generation {current.Number}.";
            if (await keys.RotationRequiredAsync(party, current.Number, ct))
                return $"A member of {party} left the module: {party}'s national administrator must create a new key generation first.";
        }
        return null;
    }
}
