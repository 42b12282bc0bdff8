using System.Globalization;
using System.Text.RegularExpressions;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using Cordon.Domain.Traceability;
using Cordon.Domain.Traceability.Recognition;

namespace Cordon.Benchmarks.Traceability;

/// <summary>
/// UIM recognition against a 200-pattern library (UimSampleLibrary: EU 2018/574 pack and aggregated codes,
/// tax stamps, regex patterns), one code per operation, on one core; the baseline checks each code against
/// each pattern as a compiled .NET Regex, in the same run. Targets: ≥ 10 million codes/s and ≥ 50× the
/// baseline (Ratio ≤ 0.02). Codes are a seizure list: 95% recognisable, some typed lower-case or spaced.
/// Run: dotnet run -c Release --project bench/Cordon.Benchmarks -- --filter '*UimRecognition*' --job short
/// </summary>
[MemoryDiagnoser]
[Config(typeof(CodesPerSecondConfig))]
public class UimRecognitionBenchmarks
{
    public const int Codes = 100_000;
    public const int BaselineCodes = 5_000;

    private string[] _codes = [];
    private UimRecognizer _recognizer = null!;
    private Regex[] _regexes = [];
    private string[] _parties = [];

    [GlobalSetup]
    public void Setup()
    {
        var patterns = UimSampleLibrary.Generate(200);
        _recognizer = new UimRecognizer(patterns);
        _regexes = [.. patterns.Select(p => new Regex(UimPatternRules.ToRegex(p), RegexOptions.ECMAScript | RegexOptions.Compiled))];
        _parties = [.. patterns.Select(p => p.PartyCode)];
        var random = new Random(3);
        _codes = [.. UimSampleLibrary.SampleCodes(patterns, Codes, seed: 21).Select(c => random.Next(20) switch
        {
            0 => c.ToLowerInvariant(),
            1 => string.Join(' ', c.Chunk(5).Select(x => new string(x))),
            _ => c,
        })];
    }

    [Benchmark(OperationsPerInvoke = Codes, Description = "UimRecognizer (index)")]
    public int Recognizer()
    {
        var recognized = 0;
        foreach (var code in _codes)
            if (_recognizer.Recognize(code.AsSpan()).Status == UimRecognitionStatus.Recognized) recognized++;
        return recognized;
    }

    /// <summary>The obvious way: normalise, then try every pattern's Regex (all of them: ambiguity needs every match).</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = BaselineCodes, Description = "Regex per pattern (baseline)")]
    public int RegexPerPattern()
    {
        var recognized = 0;
        for (var i = 0; i < BaselineCodes; i++)
        {
            var code = UimNormalizer.Normalize(_codes[i]);
            string? party = null;
            var ambiguous = false;
            for (var p = 0; p < _regexes.Length; p++)
            {
                if (!_regexes[p].IsMatch(code)) continue;
                if (party is null) party = _parties[p];
                else if (party != _parties[p]) ambiguous = true;
            }
            if (party is not null && !ambiguous) recognized++;
        }
        return recognized;
    }

    private sealed class CodesPerSecondConfig : ManualConfig
    {
        public CodesPerSecondConfig() => AddColumn(new CodesPerSecondColumn());
    }

    /// <summary>Operations are single codes, so codes per second is 1e9 / mean nanoseconds.</summary>
    private sealed class CodesPerSecondColumn : IColumn
    {
        public string Id => nameof(CodesPerSecondColumn);
        public string ColumnName => "Codes/s";
        public bool AlwaysShow => true;
        public ColumnCategory Category => ColumnCategory.Custom;
        public int PriorityInCategory => 0;
        public bool IsNumeric => true;
        public UnitType UnitType => UnitType.Dimensionless;
        public string Legend => "Codes recognised per second on one core (1e9 / mean ns per code)";

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
        {
            var mean = summary[benchmarkCase]?.ResultStatistics?.Mean;
            return mean is > 0 ? (1e9 / mean.Value).ToString("N0", CultureInfo.InvariantCulture) : "-";
        }

        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

        public bool IsAvailable(Summary summary) => true;
    }
}
