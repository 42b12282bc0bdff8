using System.CommandLine;
using System.Text.Json;
using Cordon.Cli.Connector;
using Cordon.Cli.Infrastructure;
using Cordon.Client;
using Cordon.Client.Feed;
using Cordon.Client.Traceability;

namespace Cordon.Cli.Commands;

/// <summary>
/// `cordon connector …`: the Party's link between Cordon's encrypted traceability requests and its national
/// track-and-trace system (ADR 26). It runs as a system user (an API token of the Party with Traceability.View and
/// Submit) whose keys are wrapped by a secret kept on the connector's machine; the national administrator confirms
/// its fingerprint like a person's. Every transfer waits for a person's approval in Cordon (/Traceability/Approvals).
/// </summary>
public static class ConnectorCommands
{
    public const string SecretVariable = "CORDON_CONNECTOR_SECRET";

    public static Command Build(CliContext cli)
    {
        var url = new Option<string>("--url") { Description = "The Cordon site, e.g. https://cordon.example.", HelpName = "BASEURL", Required = true };
        var token = new Option<string?>("--token") { Description = "The connector's API token (default: $CORDON_TOKEN).", HelpName = "TOKEN" };
        var secretFile = new Option<FileInfo?>("--secret-file") { Description = $"File holding the secret that wraps the connector's private keys (default: ${SecretVariable}).", HelpName = "FILE" };

        var init = new Command("init", "Generate the connector's keys on this machine, wrap them with the secret and register them; prints the fingerprint your national administrator compares.");
        init.Options.Add(url);
        init.Options.Add(token);
        init.Options.Add(secretFile);
        init.SetGuardedAction(cli, async (parse, ct) =>
        {
            using var api = Api(parse.GetValue(url)!, parse.GetValue(token));
            var fingerprint = await TraceabilityClient.RegisterKeysAsync(api, Secret(parse.GetValue(secretFile)), ct);
            await cli.Out.WriteLineAsync($"Registered. Fingerprint: {fingerprint}");
            await cli.Out.WriteLineAsync("Ask your national administrator to compare it on Traceability › Members' keys and confirm the connector.");
            return ExitCodes.Ok;
        });

        var adapter = new Option<string>("--adapter") { Description = "epcis (GS1 EPCIS 2.0 REST query interface) or csv (a file export).", HelpName = "epcis|csv", Required = true };
        var epcisUrl = new Option<string?>("--epcis-url") { Description = "The EPCIS 2.0 repository's base URL (GET {url}/events).", HelpName = "URL" };
        var epcTemplate = new Option<string?>("--epc-template") { Description = "How the repository names a pack, with {uim}, e.g. https://tt.example.gov/uim/{uim}.", HelpName = "TEMPLATE" };
        var epcisToken = new Option<string?>("--epcis-token") { Description = "Bearer token for the EPCIS repository (default: $EPCIS_TOKEN).", HelpName = "TOKEN" };
        var csv = new Option<FileInfo?>("--csv") { Description = "For --adapter csv: the file with columns uim, valid, a..j, text.", HelpName = "FILE" };
        var state = new Option<DirectoryInfo?>("--state") { Description = "Folder for the feed cursor and the pinned administrator fingerprints (default: ./connector-state).", HelpName = "DIR" };
        var approvers = new Option<FileInfo?>("--approvers") { Description = "Optional: fingerprints (one a line) of the people whose approvals are accepted.", HelpName = "FILE" };
        var once = new Option<bool>("--once") { Description = "One pass, then exit (e.g. from cron)." };
        var interval = new Option<int>("--interval") { Description = "Seconds between passes.", DefaultValueFactory = _ => 30 };

        var run = new Command("run", "Pick up requests for your Party, query the national system and reply — each transfer only after a person's approval.");
        foreach (var o in new Option[] { url, token, secretFile, adapter, epcisUrl, epcTemplate, epcisToken, csv, state, approvers, once, interval }) run.Options.Add(o);
        run.SetGuardedAction(cli, async (parse, ct) =>
        {
            using var api = Api(parse.GetValue(url)!, parse.GetValue(token));
            var folder = parse.GetValue(state) ?? new DirectoryInfo("connector-state");
            folder.Create();
            var pinsPath = Path.Combine(folder.FullName, "pins.json");
            var pins = File.Exists(pinsPath) ? JsonSerializer.Deserialize<Dictionary<string, string>>(await File.ReadAllTextAsync(pinsPath, ct)) ?? [] : [];
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(100) };
            var system = BuildAdapter(parse.GetValue(adapter)!, parse.GetValue(epcisUrl), parse.GetValue(epcTemplate),
                parse.GetValue(epcisToken) ?? Environment.GetEnvironmentVariable("EPCIS_TOKEN"), parse.GetValue(csv), http);
            IReadOnlyCollection<string>? trusted = parse.GetValue(approvers) is { } f
                ? (await File.ReadAllLinesAsync(f.FullName, ct)).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList()
                : null;
            using var client = await TraceabilityClient.UnlockAsync(api, Secret(parse.GetValue(secretFile)), pins, ct);
            if (!await client.IsConfirmedAsync(ct)) throw new UserErrorException($"The connector's keys ({client.Fingerprint}) are not confirmed yet by your national administrator.");
            var connector = new TraceabilityConnector(client, system, new FeedFollower(api, new FileCursorStore(Path.Combine(folder.FullName, "feed.cursor"))), trusted, cli.Out);
            try
            {
                if (parse.GetValue(once))
                {
                    var pass = await connector.RunOnceAsync(ct);
                    await cli.Out.WriteLineAsync($"{pass.QueriesProposed} query(ies) proposed, {pass.QueriesRun} run, {pass.RepliesProposed} reply(ies) proposed, {pass.RepliesSent} sent, {pass.Waiting} waiting for approval.");
                }
                else
                {
                    await connector.RunAsync(TimeSpan.FromSeconds(Math.Max(5, parse.GetValue(interval))), ct);
                }
            }
            finally
            {
                await File.WriteAllTextAsync(pinsPath, JsonSerializer.Serialize(pins), CancellationToken.None);
            }
            return ExitCodes.Ok;
        });

        var connector = new Command("connector", "Connect your Party's national track-and-trace system to traceability requests (version 3), with approval before each transfer.");
        connector.Subcommands.Add(init);
        connector.Subcommands.Add(run);
        return connector;
    }

    public static ITraceSystemAdapter BuildAdapter(string name, string? epcisUrl, string? epcTemplate, string? epcisToken, FileInfo? csv, HttpClient http) =>
        name.ToLowerInvariant() switch
        {
            "epcis" => Uri.TryCreate(epcisUrl, UriKind.Absolute, out var u) && (u.Scheme == Uri.UriSchemeHttps || u.Scheme == Uri.UriSchemeHttp)
                ? new EpcisAdapter(http, u, epcTemplate is { Length: > 0 } t && t.Contains("{uim}", StringComparison.Ordinal) ? t
                    : throw new UserErrorException("--epc-template with {uim} says how the repository names a pack."), epcisToken)
                : throw new UserErrorException("--epcis-url is the repository's http(s) base URL."),
            "csv" => csv is { Exists: true } ? new CsvFileAdapter(csv.FullName) : throw new UserErrorException("--csv names an existing file."),
            _ => throw new UserErrorException("--adapter is epcis or csv."),
        };

    private static CordonClient Api(string baseUrl, string? token)
    {
        if (!Uri.TryCreate(baseUrl.TrimEnd('/') + "/", UriKind.Absolute, out var site)) throw new UserErrorException($"'{baseUrl}' is not a URL.");
        var apiToken = token ?? Environment.GetEnvironmentVariable("CORDON_TOKEN") ?? throw new UserErrorException("Give the connector's API token: --token or $CORDON_TOKEN.");
        return CordonClient.Create(site, apiToken.Trim());
    }

    private static string Secret(FileInfo? file)
    {
        var secret = file is not null
            ? (file.Exists ? File.ReadAllText(file.FullName).Trim() : throw new UserErrorException($"The file {file.FullName} does not exist."))
            : Environment.GetEnvironmentVariable(SecretVariable)?.Trim();
        if (secret is not { Length: >= 16 }) throw new UserErrorException($"The connector's secret (--secret-file or ${SecretVariable}) has at least 16 characters.");
        return secret;
    }
}
