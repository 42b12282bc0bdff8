using Cordon.Load;

// A load driver for a running Cordon (see bench/README.md). It starts nothing: run-load.sh starts the servers.
//   dotnet Cordon.Load.dll setup --provider Postgres --connection "Host=...;Database=..." --out tokens.json
//   dotnet Cordon.Load.dll run --url http://127.0.0.1:5080 --tokens tokens.json --scenario authorization --concurrency 32 --duration 20
var options = Options.Parse(args.Skip(1));
try
{
    return args.FirstOrDefault() switch
    {
        "setup" => await Setup.RunAsync(options),
        "run" => await Runner.RunAsync(options),
        _ => Usage(),
    };
}
catch (ArgumentException e)
{
    await Console.Error.WriteLineAsync(e.Message);
    return 2;
}

static int Usage()
{
    Console.Error.WriteLine("usage: Cordon.Load setup --provider Sqlite|Postgres --connection CS [--out tokens.json] [--tokens-per-party 8] [--followers 50]");
    Console.Error.WriteLine("       Cordon.Load run --url URL --tokens tokens.json --scenario authorization|notification|incident|verify|verify-page|mixed[,...]");
    Console.Error.WriteLine("                       [--concurrency 32] [--duration 20] [--warmup 3] [--label text] [--results results.jsonl]");
    return 2;
}

namespace Cordon.Load
{
    /// <summary>--name value pairs.</summary>
    internal sealed class Options
    {
        private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

        public static Options Parse(IEnumerable<string> args)
        {
            var o = new Options();
            string? name = null;
            foreach (var a in args)
            {
                if (a.StartsWith("--", StringComparison.Ordinal)) name = a[2..];
                else if (name is not null) { o._values[name] = a; name = null; }
            }
            return o;
        }

        public string Get(string name, string fallback) => _values.TryGetValue(name, out var v) ? v : fallback;
        public string Require(string name) => _values.TryGetValue(name, out var v) ? v : throw new ArgumentException($"--{name} is required.");
        public int Int(string name, int fallback) => _values.TryGetValue(name, out var v) ? int.Parse(v, System.Globalization.CultureInfo.InvariantCulture) : fallback;
    }
}
