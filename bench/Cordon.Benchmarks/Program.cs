using BenchmarkDotNet.Running;

// Run: dotnet run -c Release --project bench/Cordon.Benchmarks -- --filter '*'
// Data sets too large to build inside a benchmark's setup are built first with their own switch.
if (args is ["--prepare-preexport"])
{
    await Cordon.Benchmarks.PreExport.PreExportData.EnsureAsync();
    return;
}
if (args is ["--seed-incidents"])
{
    await Cordon.Benchmarks.Incidents.IncidentData.EnsureAsync();
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);

/// <summary>Entry point.</summary>
public partial class Program
{
}
