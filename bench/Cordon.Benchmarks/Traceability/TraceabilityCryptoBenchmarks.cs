using BenchmarkDotNet.Attributes;
using Cordon.Domain.Traceability.Crypto;

namespace Cordon.Benchmarks.Traceability;

/// <summary>
/// Encrypting and decrypting a request with 10,000 UIMs, as a sender and a reader do: JSON, AES-256-GCM,
/// ECDSA P-256 signature and its check. Target: under 200 ms for both together.
/// Run: dotnet run -c Release --project bench/Cordon.Benchmarks -- --filter '*TraceabilityCrypto*' --job short
/// </summary>
[MemoryDiagnoser]
public class TraceabilityCryptoBenchmarks
{
    private sealed record Request(string Subject, string[] Uims, string[] Wanted, string Questions);

    private UserKeys _sender = null!;
    private byte[] _contentKey = [];
    private Request _request = null!;
    private string _context = "";
    private EncryptedMessage _encrypted = null!;

    [GlobalSetup]
    public void Setup()
    {
        _sender = TraceabilityCrypto.GenerateUserKeys("benchmark passphrase").Keys;
        _contentKey = TraceabilityCrypto.NewContentKey();
        _context = TraceabilityCrypto.MessageContext(Guid.NewGuid(), Guid.NewGuid(), 1);
        var uims = Cordon.Domain.Traceability.Recognition.UimSampleLibrary.SampleCodes(
            Cordon.Domain.Traceability.Recognition.UimSampleLibrary.Generate(), 10_000, unrecognizedShare: 0);
        _request = new Request("Seizure of 10,000 packs at the border", [.. uims], ["a", "b", "c", "e", "h", "j"], "Where and when were these manufactured, and who was the first customer?");
        _encrypted = TraceabilityCrypto.EncryptMessage(_contentKey, _request, _sender, _context);
    }

    [GlobalCleanup]
    public void Cleanup() => _sender.Dispose();

    [Benchmark]
    public EncryptedMessage Encrypt10000Uims() => TraceabilityCrypto.EncryptMessage(_contentKey, _request, _sender, _context);

    [Benchmark]
    public int Decrypt10000Uims()
    {
        var message = TraceabilityCrypto.DecryptMessage(_contentKey, _encrypted.Ciphertext, _encrypted.Signature, _sender.SigningPublicKey, _context);
        return message.SignatureValid ? message.As<Request>()!.Uims.Length : -1;
    }

    [Benchmark]
    public int EncryptAndDecrypt10000Uims()
    {
        var encrypted = TraceabilityCrypto.EncryptMessage(_contentKey, _request, _sender, _context);
        var message = TraceabilityCrypto.DecryptMessage(_contentKey, encrypted.Ciphertext, encrypted.Signature, _sender.SigningPublicKey, _context);
        return message.SignatureValid ? message.As<Request>()!.Uims.Length : -1;
    }
}
