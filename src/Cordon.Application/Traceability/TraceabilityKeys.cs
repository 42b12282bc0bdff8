using Cordon.Application.Audit;
using Cordon.Application.Common;
using Cordon.Application.Data;
using Cordon.Application.Identity;
using Cordon.Application.Notifications;
using Cordon.Domain.Identity;
using Cordon.Domain.Traceability;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Application.Traceability;

/// <summary>
/// Keys for end-to-end encryption, as opaque strings: users register public keys and their passphrase-wrapped private
/// keys; the national administrator, after comparing a member's fingerprint, writes the Party's private key of every
/// generation wrapped to that member; when a member holding the current generation leaves the module, the Party needs a
/// new generation before any chain key version may be created (the departed member is never given it).
/// </summary>
public sealed class TraceabilityKeys(CordonDbContext db, ICurrentActor actor, AuditLog audit, Notifier notifier, TimeProvider clock)
{
    public const string UserKeyRecord = "TraceabilityUserKey";
    public const string PartyKeyRecord = "PartyKey";

    /// <summary>Users of the Party who may use the module now: not removed and holding Traceability.View.</summary>
    public IQueryable<Guid> ActiveMembers(string party) =>
        db.Users.Where(u => u.PartyCode == party && u.RemovedAt == null
                && db.ModuleGrants.Any(g => g.UserId == u.Id && g.Module == CordonModule.Traceability && g.Right == ModuleRight.View && g.RevokedAt == null))
            .Select(u => u.Id);

    /// <summary>
    /// System users of the Party (ADR 26): API clients of its authorities that hold Traceability.View and are usable now,
    /// e.g. the `cordon connector`. They register keys and are confirmed by fingerprint exactly like people; revoking or
    /// letting the token expire makes them departed holders, so the Party key must rotate.
    /// </summary>
    public IQueryable<Guid> ActiveSystemUsers(string party)
    {
        var now = clock.GetUtcNow();
        return db.ApiClients.Where(c => c.PartyCode == party && c.RevokedAt == null && (c.ExpiresAt == null || c.ExpiresAt > now) && c.Scopes.Contains(TraceabilityViewScope))
            .Select(c => c.Id);
    }

    private const string TraceabilityViewScope = "Traceability.View";

    private async Task<bool> IsMemberAsync(string party, Guid id, CancellationToken ct) =>
        await ActiveMembers(party).ContainsAsync(id, ct) || await ActiveSystemUsers(party).ContainsAsync(id, ct);

    public async Task<PartyKeyGeneration?> CurrentGenerationAsync(string party, CancellationToken ct) =>
        await db.PartyKeyGenerations.AsNoTracking().Where(g => g.PartyCode == party).OrderByDescending(g => g.Number).FirstOrDefaultAsync(ct);

    /// <summary>True when someone who holds the generation is no longer a member: content wrapped to it could reach them.</summary>
    public async Task<bool> RotationRequiredAsync(string party, int generation, CancellationToken ct) =>
        await db.PartyKeyShares.Where(s => s.PartyCode == party && s.Generation == generation).Select(s => s.UserId)
            .AnyAsync(id => !ActiveMembers(party).Contains(id) && !ActiveSystemUsers(party).Contains(id), ct);

    public async Task<PartyKeyStatus> StatusAsync(string party, CancellationToken ct = default)
    {
        var generations = await db.PartyKeyGenerations.AsNoTracking().Where(g => g.PartyCode == party).OrderBy(g => g.Number).ToListAsync(ct);
        var current = generations.Count > 0 ? generations[^1] : null;
        var rotation = current is not null && await RotationRequiredAsync(party, current.Number, ct);
        var endorserIds = generations.Where(g => g.EndorsedByKeyId != null).Select(g => g.EndorsedByKeyId!.Value).Distinct().ToList();
        var endorsers = endorserIds.Count == 0 ? [] : await db.TraceabilityUserKeys.AsNoTracking().Where(k => endorserIds.Contains(k.Id)).ToDictionaryAsync(k => k.Id, ct);
        return new PartyKeyStatus(party, current?.Number, current?.PublicKey, rotation,
            generations.Select(g =>
            {
                var endorser = g.EndorsedByKeyId is { } e ? endorsers.GetValueOrDefault(e) : null;
                return new GenerationView(g.Number, g.PublicKey, g.CreatedAt, g.CreatedByName, g.Reason, g.Endorsement, endorser?.SigningPublicKey, endorser?.Fingerprint);
            }).ToList());
    }

    public async Task<TraceabilityUserKey?> CurrentKeyAsync(Guid userId, CancellationToken ct) =>
        await db.TraceabilityUserKeys.AsNoTracking().FirstOrDefaultAsync(k => k.UserId == userId && k.ReplacedAt == null, ct);

    public async Task<Outcome<MyKeysView>> MineAsync(CancellationToken ct = default)
    {
        if (actor.UserId is not { } userId || actor.PartyCode is not { } party) return Outcome<MyKeysView>.Forbidden("Keys belong to users of a Party.");
        var key = await CurrentKeyAsync(userId, ct);
        var status = await StatusAsync(party, ct);
        var shares = key is null ? [] : await db.PartyKeyShares.AsNoTracking().Where(s => s.UserKeyId == key.Id).OrderBy(s => s.Generation)
            .Select(s => new ShareView(s.Generation, s.WrappedPrivateKey)).ToListAsync(ct);
        var confirmed = status.CurrentGeneration is { } cur && shares.Any(s => s.Generation == cur);
        return Outcome<MyKeysView>.Ok(new MyKeysView(key is null ? null : View(key), key?.WrappedPrivateKeys, confirmed, shares, status));
    }

    public async Task<Outcome<UserKeyView>> RegisterAsync(UserKeyInput input, CancellationToken ct = default)
    {
        if (actor.UserId is not { } userId || actor.PartyCode is not { } party) return Outcome<UserKeyView>.Forbidden("Keys belong to users of a Party.");
        var errors = new Dictionary<string, string[]>();
        if (!IsPublicKey(input.EncryptionPublicKey)) errors["encryptionPublicKey"] = ["A P-256 public key, base64 SubjectPublicKeyInfo."];
        if (!IsPublicKey(input.SigningPublicKey)) errors["signingPublicKey"] = ["A P-256 public key, base64 SubjectPublicKeyInfo."];
        if (input.Fingerprint is not { Length: >= 8 and <= 200 } f || f.Any(char.IsControl)) errors["fingerprint"] = ["The key fingerprint (8 to 200 characters)."];
        if (!IsBlob(input.WrappedPrivateKeys, 4000)) errors["wrappedPrivateKeys"] = ["The passphrase-wrapped private keys (at most 4000 characters)."];
        if (errors.Count > 0) return Outcome<UserKeyView>.Invalid("The keys are not valid.", errors);
        var now = clock.GetUtcNow();
        await using var tx = await db.BeginWriteAsync(ct);
        foreach (var old in await db.TraceabilityUserKeys.Where(k => k.UserId == userId && k.ReplacedAt == null).ToListAsync(ct)) old.ReplacedAt = now;
        var key = new TraceabilityUserKey
        {
            Id = Guid.CreateVersion7(now), UserId = userId, PartyCode = party, EncryptionPublicKey = input.EncryptionPublicKey!, SigningPublicKey = input.SigningPublicKey!,
            Fingerprint = input.Fingerprint!.Trim(), WrappedPrivateKeys = input.WrappedPrivateKeys!, RegisteredAt = now,
        };
        db.TraceabilityUserKeys.Add(key);
        await db.SaveChangesAsync(ct);
        await audit.RecordAsync("traceability.keys-registered", UserKeyRecord, key.Id.ToString(), new { key.Id, key.UserId, key.EncryptionPublicKey, key.SigningPublicKey, key.Fingerprint },
            $"{actor.UserName} registered keys, fingerprint {key.Fingerprint}", [party], ct);
        var admins = await db.Users.Where(u => u.PartyCode == party && u.RemovedAt == null && u.Id != userId)
            .Where(u => db.UserRoles.Any(r => r.UserId == u.Id && db.Roles.Any(x => x.Id == r.RoleId && x.Name == CordonRoles.NationalAdministrator)))
            .Select(u => u.Id).ToListAsync(ct);
        await notifier.NotifyUsersAsync(admins, "Notification.TraceabilityKeyToConfirm", [actor.UserName ?? ""], "/Traceability/Members", email: false, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return Outcome<UserKeyView>.Ok(View(key));
    }

    /// <summary>The national administrator's list: members, their fingerprints, the generations each still lacks.</summary>
    public async Task<Outcome<PartyKeysAdminView>> AdminViewAsync(CancellationToken ct = default)
    {
        if (AdministeredParty() is not { } party) return Outcome<PartyKeysAdminView>.Forbidden("Only the Party's national administrator manages its keys.");
        var status = await StatusAsync(party, ct);
        var members = await db.Users.AsNoTracking().Where(u => ActiveMembers(party).Contains(u.Id)).OrderBy(u => u.Email)
            .Select(u => new { u.Id, u.DisplayName, u.Email, System = false }).ToListAsync(ct);
        members.AddRange(await db.ApiClients.AsNoTracking().Where(c => ActiveSystemUsers(party).Contains(c.Id)).OrderBy(c => c.Name)
            .Select(c => new { c.Id, DisplayName = c.Name, Email = (string?)("api:" + c.Name), System = true }).ToListAsync(ct));
        var ids = members.Select(m => m.Id).ToList();
        var keys = await db.TraceabilityUserKeys.AsNoTracking().Where(k => ids.Contains(k.UserId) && k.ReplacedAt == null).ToListAsync(ct);
        var keyIds = keys.Select(k => k.Id).ToList();
        var shares = await db.PartyKeyShares.AsNoTracking().Where(s => keyIds.Contains(s.UserKeyId)).Select(s => new { s.UserKeyId, s.Generation }).ToListAsync(ct);
        var all = status.Generations.Select(g => g.Number).ToList();
        var list = members.Select(m =>
        {
            var k = keys.FirstOrDefault(x => x.UserId == m.Id);
            var have = k is null ? [] : shares.Where(s => s.UserKeyId == k.Id).Select(s => s.Generation).ToHashSet();
            var missing = k is null ? [] : all.Where(n => !have.Contains(n)).ToList();
            var confirmed = k is not null && status.CurrentGeneration is { } cur && have.Contains(cur);
            return new MemberKeyView(m.Id, m.DisplayName, m.Email ?? "", k?.Id, k?.Fingerprint, k?.EncryptionPublicKey, k?.SigningPublicKey, k?.RegisteredAt, missing, confirmed, m.System);
        }).ToList();
        var departed = new List<string>();
        if (status.CurrentGeneration is { } current)
        {
            departed = await db.Users.AsNoTracking()
                .Where(u => db.PartyKeyShares.Any(s => s.PartyCode == party && s.Generation == current && s.UserId == u.Id) && !ActiveMembers(party).Contains(u.Id))
                .Select(u => u.Email ?? u.DisplayName).ToListAsync(ct);
            departed.AddRange(await db.ApiClients.AsNoTracking()
                .Where(c => db.PartyKeyShares.Any(s => s.PartyCode == party && s.Generation == current && s.UserId == c.Id) && !ActiveSystemUsers(party).Contains(c.Id))
                .Select(c => "api:" + c.Name).ToListAsync(ct));
        }
        return Outcome<PartyKeysAdminView>.Ok(new PartyKeysAdminView(status, list, departed));
    }

    /// <summary>A new generation of the Party key: its public key and the private key wrapped to each member it is given to.</summary>
    public async Task<Outcome<PartyKeyStatus>> CreateGenerationAsync(GenerationInput input, CancellationToken ct = default)
    {
        if (AdministeredParty() is not { } party) return Outcome<PartyKeyStatus>.Forbidden("Only the Party's national administrator manages its keys.");
        var errors = new Dictionary<string, string[]>();
        if (!IsPublicKey(input.PublicKey)) errors["publicKey"] = ["A P-256 public key, base64 SubjectPublicKeyInfo."];
        if (input.Shares is not { Count: > 0 and <= 1000 } || input.Shares.Any(s => s?.UserKeyId is null || !IsBlob(s.WrappedKey, 4000)))
            errors["shares"] = ["Give the new private key wrapped to at least one member's key: [{userKeyId, wrappedKey}]."];
        else if (input.Shares.Select(s => s!.UserKeyId).Distinct().Count() != input.Shares.Count) errors["shares"] = ["One share per member key."];
        if (input.Reason is { Length: > 500 }) errors["reason"] = ["At most 500 characters."];
        if (!IsBlob(input.Endorsement, 400)) errors["endorsement"] = ["Your signature on the new public key (endorsePartyKey), so that senders can check it is yours."];
        if (errors.Count > 0) return Outcome<PartyKeyStatus>.Invalid("The key generation is not valid.", errors);
        var now = clock.GetUtcNow();
        await using var tx = await db.BeginWriteAsync(ct);
        await db.AcquireLedgerLockAsync(ct);
        var current = await CurrentGenerationAsync(party, ct);
        var number = (current?.Number ?? 0) + 1;
        if (input.Number is { } n && n != number) return Outcome<PartyKeyStatus>.Conflict($"The next generation is number {number}.");
        // The endorsement is checked by the senders' side against this key: the administrator's current one.
        if (await CurrentKeyAsync(actor.UserId!.Value, ct) is not { } endorser)
            return Outcome<PartyKeyStatus>.Conflict("Register your own keys first: your signature endorses the Party key.");
        var keyIds = input.Shares!.Select(s => s!.UserKeyId!.Value).ToList();
        var keys = await db.TraceabilityUserKeys.Where(k => keyIds.Contains(k.Id) && k.ReplacedAt == null && k.PartyCode == party && (ActiveMembers(party).Contains(k.UserId) || ActiveSystemUsers(party).Contains(k.UserId))).ToListAsync(ct);
        if (keys.Count != keyIds.Count)
            return Outcome<PartyKeyStatus>.Invalid("A share is for a key that is not the current key of a member of the Party in the module.",
                new Dictionary<string, string[]> { ["shares"] = ["Only current keys of members of the module."] });
        var generation = new PartyKeyGeneration
        {
            Id = Guid.CreateVersion7(now), PartyCode = party, Number = number, PublicKey = input.PublicKey!, CreatedAt = now, CreatedBy = actor.UserId,
            CreatedByName = actor.UserName ?? "system", Reason = input.Reason?.Trim() is { Length: > 0 } r ? r : number == 1 ? "first generation" : "rotation",
            Endorsement = input.Endorsement, EndorsedByKeyId = endorser.Id,
        };
        db.PartyKeyGenerations.Add(generation);
        foreach (var s in input.Shares!)
        {
            var k = keys.First(x => x.Id == s!.UserKeyId);
            db.PartyKeyShares.Add(new PartyKeyShare
            {
                GenerationId = generation.Id, PartyCode = party, Generation = number, UserId = k.UserId, UserKeyId = k.Id, WrappedPrivateKey = s!.WrappedKey!,
                CreatedAt = now, CreatedBy = actor.UserId,
            });
        }
        await db.SaveChangesAsync(ct);
        await audit.RecordAsync("traceability.party-key-generation", PartyKeyRecord, $"{party}/{number}", new { party, number, generation.PublicKey, generation.Endorsement, generation.EndorsedByKeyId, members = keys.Select(k => k.UserId).Order() },
            $"{party} key generation {number} ({generation.Reason}), given to {keys.Count} member(s)", [party], ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return Outcome<PartyKeyStatus>.Ok(await StatusAsync(party, ct));
    }

    /// <summary>Confirms a member: after comparing fingerprints, the administrator gives them the Party key of the listed generations.</summary>
    public async Task<Outcome<MemberKeyView>> ConfirmMemberAsync(ConfirmMemberInput input, CancellationToken ct = default)
    {
        if (AdministeredParty() is not { } party) return Outcome<MemberKeyView>.Forbidden("Only the Party's national administrator manages its keys.");
        if (input.UserKeyId is not { } keyId) return Outcome<MemberKeyView>.Invalid("Name the member's key.", new Dictionary<string, string[]> { ["userKeyId"] = ["This field is required."] });
        if (input.Shares is not { Count: > 0 and <= 1000 } || input.Shares.Any(s => s?.Generation is null || !IsBlob(s.WrappedKey, 4000)))
            return Outcome<MemberKeyView>.Invalid("Give the Party key wrapped for the member.", new Dictionary<string, string[]> { ["shares"] = ["[{generation, wrappedKey}], one per generation."] });
        if (input.Shares.Select(s => s!.Generation).Distinct().Count() != input.Shares.Count)
            return Outcome<MemberKeyView>.Invalid("One share per generation.", new Dictionary<string, string[]> { ["shares"] = ["One share per generation."] });
        var now = clock.GetUtcNow();
        await using var tx = await db.BeginWriteAsync(ct);
        var key = await db.TraceabilityUserKeys.FirstOrDefaultAsync(k => k.Id == keyId && k.PartyCode == party, ct);
        if (key is null) return Outcome<MemberKeyView>.NotFound("No such key of your Party.");
        if (key.ReplacedAt is not null) return Outcome<MemberKeyView>.Conflict("The member has registered newer keys; confirm those.");
        if (!await IsMemberAsync(party, key.UserId, ct)) return Outcome<MemberKeyView>.Conflict("The user is not a member of the module.");
        var generations = await db.PartyKeyGenerations.Where(g => g.PartyCode == party).ToListAsync(ct);
        var existing = await db.PartyKeyShares.Where(s => s.UserKeyId == key.Id).Select(s => s.Generation).ToListAsync(ct);
        foreach (var s in input.Shares)
        {
            var g = generations.FirstOrDefault(x => x.Number == s!.Generation);
            if (g is null) return Outcome<MemberKeyView>.Invalid($"No generation {s!.Generation}.", new Dictionary<string, string[]> { ["shares"] = ["Unknown generation."] });
            if (existing.Contains(g.Number)) return Outcome<MemberKeyView>.Conflict($"The member already holds generation {g.Number}.");
            db.PartyKeyShares.Add(new PartyKeyShare
            {
                GenerationId = g.Id, PartyCode = party, Generation = g.Number, UserId = key.UserId, UserKeyId = key.Id, WrappedPrivateKey = s!.WrappedKey!,
                CreatedAt = now, CreatedBy = actor.UserId,
            });
        }
        await db.SaveChangesAsync(ct);
        var numbers = string.Join(", ", input.Shares.Select(s => s!.Generation).Order());
        await audit.RecordAsync("traceability.member-confirmed", UserKeyRecord, key.Id.ToString(), new { key.Id, key.UserId, key.Fingerprint, generations = numbers },
            $"Fingerprint {key.Fingerprint} compared; Party key generation(s) {numbers} given", [party], ct);
        await notifier.NotifyUsersAsync([key.UserId], "Notification.TraceabilityKeyConfirmed", [party], "/Traceability/Keys", email: false, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        var view = (await AdminViewAsync(ct)).Value!.Members.FirstOrDefault(m => m.UserId == key.UserId);
        return Outcome<MemberKeyView>.Ok(view!);
    }

    private string? AdministeredParty() =>
        actor.PartyCode is { } p && actor.IsInRole(CordonRoles.NationalAdministrator) ? p : null;

    public static UserKeyView View(TraceabilityUserKey k) => new(k.Id, k.UserId, k.PartyCode, k.EncryptionPublicKey, k.SigningPublicKey, k.Fingerprint, k.RegisteredAt);

    /// <summary>Base64 of a SubjectPublicKeyInfo: P-256 keys are 91 bytes; allow some slack, refuse anything that is not base64.</summary>
    public static bool IsPublicKey(string? s)
    {
        if (s is not { Length: >= 40 and <= 400 }) return false;
        var buffer = new byte[s.Length];
        return Convert.TryFromBase64String(s, buffer, out var n) && n >= 26;
    }

    /// <summary>An opaque blob crossing the API as text (JSON or base64): printable, bounded.</summary>
    public static bool IsBlob(string? s, int max) => s is { Length: > 0 } && s.Length <= max && !s.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t'));
}
