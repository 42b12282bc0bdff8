using BenchmarkDotNet.Attributes;
using Cordon.Domain.Authorizations;

namespace Cordon.Benchmarks.Authorizations;

/// <summary>
/// The estimate check against the running total costs the same whether the Party has 100 or 1,000,000
/// authorizations for the year: the total is kept up to date as each authorization is issued, never re-summed.
/// Run: dotnet run -c Release --project bench/Cordon.Benchmarks -- --filter '*EstimateCheck*'
/// </summary>
[MemoryDiagnoser]
public class EstimateCheckBenchmarks
{
    private AuthorizedTotal _total = null!;

    [Params(100, 1_000_000)]
    public int Authorizations { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _total = new AuthorizedTotal { CountryCode = "IN", SubstanceCode = "N-MORPHINE", Year = 2026 };
        for (var i = 0; i < Authorizations; i++)
        {
            _total.AuthorizedGrams += 12.5m; // what issuing does in its transaction
            _total.Count++;
        }
    }

    [Benchmark]
    public EstimateCheckResult Check() => EstimateCheck.Evaluate(EstimateKind.Estimate, 20_000_000m, _total.AuthorizedGrams, 250m);
}
