using System.Security.Cryptography;
using System.Text;
using Cordon.Domain.Traceability.Crypto;

namespace Cordon.Domain.Tests.Traceability;

public class TraceabilityCryptoTests
{
    private sealed record Request(string Subject, string[] Uims, string[] Wanted);

    [Fact]
    public void User_keys_unlock_with_the_passphrase_only_and_keep_their_fingerprint()
    {
        var generated = TraceabilityCrypto.GenerateUserKeys("Tr0ub4dor & 3 — äöü");
        Assert.Matches("^([0-9A-F]{4} ){9}[0-9A-F]{4}$", generated.Fingerprint);
        Assert.Equal(generated.Fingerprint, TraceabilityCrypto.Fingerprint(generated.EncryptionPublicKey, generated.SigningPublicKey));
        Assert.Contains("\"iterations\":600000", generated.WrappedPrivateKeys, StringComparison.Ordinal);

        using var unlocked = TraceabilityCrypto.UnlockUserKeys(generated.WrappedPrivateKeys, "Tr0ub4dor & 3 — äöü");
        Assert.Equal(generated.EncryptionPublicKey, unlocked.EncryptionPublicKey);
        Assert.Equal(generated.SigningPublicKey, unlocked.SigningPublicKey);
        Assert.Equal(generated.Fingerprint, unlocked.Fingerprint);
        Assert.ThrowsAny<CryptographicException>(() => TraceabilityCrypto.UnlockUserKeys(generated.WrappedPrivateKeys, "Tr0ub4dor & 3 — aou"));
        // Decomposed umlauts are the same passphrase (NFC on both sides, as in the browser).
        using var decomposed = TraceabilityCrypto.UnlockUserKeys(generated.WrappedPrivateKeys, "Tr0ub4dor & 3 — äöü".Normalize(NormalizationForm.FormD));
        Assert.Equal(generated.Fingerprint, decomposed.Fingerprint);
    }

    [Fact]
    public void A_wrap_with_too_few_iterations_is_refused()
    {
        using var keys = TraceabilityCrypto.GenerateUserKeys("passphrase").Keys;
        var weak = TraceabilityCrypto.WrapUserKeys(keys, "passphrase", iterations: 1000);
        Assert.ThrowsAny<CryptographicException>(() => TraceabilityCrypto.UnlockUserKeys(weak, "passphrase"));
        Assert.ThrowsAny<CryptographicException>(() => TraceabilityCrypto.UnlockUserKeys("{not json", "passphrase"));
    }

    [Fact]
    public void A_Party_key_reaches_the_member_it_was_wrapped_for_and_nobody_else()
    {
        using var member = TraceabilityCrypto.GenerateUserKeys("member").Keys;
        using var outsider = TraceabilityCrypto.GenerateUserKeys("outsider").Keys;
        using var party = TraceabilityCrypto.GeneratePartyKey();
        var blob = TraceabilityCrypto.WrapPartyKeyForMember(party.PrivateKey, member.EncryptionPublicKey);
        using var unwrapped = TraceabilityCrypto.UnwrapPartyKey(blob, member);
        Assert.Equal(party.PublicKey, TraceabilityCrypto.PublicKeyOf(unwrapped));
        Assert.ThrowsAny<CryptographicException>(() => TraceabilityCrypto.UnwrapPartyKey(blob, outsider));
        // A Party-key blob is not a content-key blob: the labels keep the two apart.
        Assert.ThrowsAny<CryptographicException>(() => TraceabilityCrypto.UnwrapContentKey(blob, member.Encryption));
    }

    [Fact]
    public void Content_keys_open_with_the_Party_key_of_the_generation_they_were_wrapped_to()
    {
        using var generation1 = TraceabilityCrypto.GeneratePartyKey();
        using var generation2 = TraceabilityCrypto.GeneratePartyKey();
        var contentKey = TraceabilityCrypto.NewContentKey();
        Assert.Equal(32, contentKey.Length);
        var wrapped = TraceabilityCrypto.WrapContentKey(contentKey, generation2.PublicKey);
        Assert.Equal(contentKey, TraceabilityCrypto.UnwrapContentKey(wrapped, generation2.PrivateKey));
        // A member removed before generation 2 holds only generation 1: the new key version stays closed to them.
        Assert.ThrowsAny<CryptographicException>(() => TraceabilityCrypto.UnwrapContentKey(wrapped, generation1.PrivateKey));
    }

    [Fact]
    public void A_signed_request_with_10000_UIMs_decrypts_for_the_other_Party_and_proves_its_sender()
    {
        using var sender = TraceabilityCrypto.GenerateUserKeys("sender").Keys;
        using var someoneElse = TraceabilityCrypto.GenerateUserKeys("else").Keys;
        var contentKey = TraceabilityCrypto.NewContentKey();
        var context = TraceabilityCrypto.MessageContext(Guid.NewGuid(), Guid.NewGuid(), 1);
        var request = new Request("Seizure at Graz", [.. Enumerable.Range(0, 10_000).Select(i => $"LEAT1{i:D8}P01M0226112307")], ["manufacture", "firstCustomer"]);

        var encrypted = TraceabilityCrypto.EncryptMessage(contentKey, request, sender, context);
        Assert.DoesNotContain("LEAT1", Encoding.UTF8.GetString(Convert.FromBase64String(encrypted.Ciphertext)), StringComparison.Ordinal);
        Assert.Equal(64, Convert.FromBase64String(encrypted.Signature).Length); // IEEE P1363 r||s, as Web Crypto

        var decrypted = TraceabilityCrypto.DecryptMessage(contentKey, encrypted.Ciphertext, encrypted.Signature, sender.SigningPublicKey, context);
        Assert.True(decrypted.SignatureValid);
        var read = decrypted.As<Request>()!;
        Assert.Equal(request.Uims, read.Uims);
        Assert.Equal("Seizure at Graz", decrypted.Content.GetProperty("subject").GetString());

        // Claimed by someone else: readable, but the signature says it is not theirs.
        Assert.False(TraceabilityCrypto.DecryptMessage(contentKey, encrypted.Ciphertext, encrypted.Signature, someoneElse.SigningPublicKey, context).SignatureValid);
        // Moved to another chain, message or key version: does not decrypt at all.
        var otherContext = TraceabilityCrypto.MessageContext(Guid.NewGuid(), Guid.NewGuid(), 1);
        Assert.ThrowsAny<CryptographicException>(() => TraceabilityCrypto.DecryptMessage(contentKey, encrypted.Ciphertext, encrypted.Signature, sender.SigningPublicKey, otherContext));
        // One flipped bit: does not decrypt.
        var tampered = Convert.FromBase64String(encrypted.Ciphertext);
        tampered[40] ^= 1;
        Assert.ThrowsAny<CryptographicException>(() => TraceabilityCrypto.DecryptMessage(contentKey, Convert.ToBase64String(tampered), encrypted.Signature, sender.SigningPublicKey, context));
    }

    [Fact]
    public void Attachments_round_trip_as_bytes_bound_to_their_context()
    {
        var contentKey = TraceabilityCrypto.NewContentKey();
        var data = RandomNumberGenerator.GetBytes(100_000);
        var encrypted = TraceabilityCrypto.EncryptBytes(contentKey, data, "chain:1|attachment:2|key:1");
        Assert.Equal(data, TraceabilityCrypto.DecryptBytes(contentKey, encrypted, "chain:1|attachment:2|key:1"));
        Assert.ThrowsAny<CryptographicException>(() => TraceabilityCrypto.DecryptBytes(contentKey, encrypted, "chain:1|attachment:3|key:1"));
        Assert.ThrowsAny<CryptographicException>(() => TraceabilityCrypto.DecryptBytes(TraceabilityCrypto.NewContentKey(), encrypted, "chain:1|attachment:2|key:1"));
        Assert.ThrowsAny<CryptographicException>(() => TraceabilityCrypto.DecryptBytes(contentKey, "not base64!", "x"));
    }

    [Fact]
    public void A_Party_key_endorsement_holds_for_that_Party_generation_and_key_only()
    {
        using var administrator = TraceabilityCrypto.GenerateUserKeys("admin").Keys;
        using var server = TraceabilityCrypto.GenerateUserKeys("server").Keys;
        using var generation2 = TraceabilityCrypto.GeneratePartyKey();
        using var substitute = TraceabilityCrypto.GeneratePartyKey();
        var endorsement = TraceabilityCrypto.EndorsePartyKey("AT", 2, generation2.PublicKey, administrator);
        Assert.True(TraceabilityCrypto.VerifyPartyKeyEndorsement("AT", 2, generation2.PublicKey, endorsement, administrator.SigningPublicKey));
        Assert.False(TraceabilityCrypto.VerifyPartyKeyEndorsement("AT", 2, substitute.PublicKey, endorsement, administrator.SigningPublicKey));
        Assert.False(TraceabilityCrypto.VerifyPartyKeyEndorsement("AT", 3, generation2.PublicKey, endorsement, administrator.SigningPublicKey));
        Assert.False(TraceabilityCrypto.VerifyPartyKeyEndorsement("DE", 2, generation2.PublicKey, endorsement, administrator.SigningPublicKey));
        // A key the server made and endorsed itself does not pass as the administrator's.
        var forged = TraceabilityCrypto.EndorsePartyKey("AT", 2, substitute.PublicKey, server);
        Assert.False(TraceabilityCrypto.VerifyPartyKeyEndorsement("AT", 2, substitute.PublicKey, forged, administrator.SigningPublicKey));
    }

    [Fact]
    public void Keys_on_other_curves_are_refused()
    {
        using var p384 = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP384);
        var spki = Convert.ToBase64String(p384.ExportSubjectPublicKeyInfo());
        Assert.ThrowsAny<CryptographicException>(() => TraceabilityCrypto.WrapContentKey(TraceabilityCrypto.NewContentKey(), spki));
    }

    [Fact]
    public void The_message_context_names_chain_message_and_key_version()
    {
        var chain = Guid.Parse("6f1c2d3e-0000-4000-8000-000000000001");
        var message = Guid.Parse("6f1c2d3e-0000-4000-8000-000000000002");
        Assert.Equal("chain:6f1c2d3e-0000-4000-8000-000000000001|message:6f1c2d3e-0000-4000-8000-000000000002|key:3", TraceabilityCrypto.MessageContext(chain, message, 3));
    }
}
