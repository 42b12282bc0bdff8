using BenchmarkDotNet.Running;

// Run: dotnet run -c Release --project bench/Cordon.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);

/// <summary>Entry point.</summary>
public partial class Program
{
}
