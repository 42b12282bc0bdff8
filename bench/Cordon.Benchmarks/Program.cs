using BenchmarkDotNet.Running;

// Run: dotnet run -c Release --project bench/Cordon.Benchmarks -- --filter '*'
// The pre-export world-scale data takes longer to load than an in-process benchmark may take: load it first.
if (args is ["--prepare-preexport"])
{
    await Cordon.Benchmarks.PreExport.PreExportData.EnsureAsync();
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);

/// <summary>Entry point.</summary>
public partial class Program
{
}
