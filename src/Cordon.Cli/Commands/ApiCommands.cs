using System.CommandLine;
using System.Text.Json;
using Cordon.Cli.Infrastructure;
using Cordon.Client;
using Cordon.Client.Feed;
using Cordon.Client.Models;

namespace Cordon.Cli.Commands;

/// <summary>`cordon api ...`: the platform's HTTP API through the typed client, as a national system uses it.</summary>
public static class ApiCommands
{
    private static readonly JsonSerializerOptions Indented = new(CordonJson.Options) { WriteIndented = true };

    public static Command Build(CliContext cli)
    {
        var url = new Option<string?>("--url")
        {
            Description = "The Cordon site, e.g. https://cordon.example (default: $CORDON_URL).",
            HelpName = "URL",
            Recursive = true,
        };
        var token = new Option<string?>("--token")
        {
            Description = "The API token, cdn_... (default: $CORDON_TOKEN, which keeps it out of process lists).",
            HelpName = "TOKEN",
            Recursive = true,
        };

        var me = new Command("me", "Show whom the token belongs to: Party, authority, roles and rights.");
        me.SetGuardedAction(cli, async (parse, ct) =>
        {
            using var client = Connect(parse, url, token);
            var who = await client.GetMeAsync(ct);
            await cli.Out.WriteLineAsync(JsonSerializer.Serialize(who, Indented));
            return ExitCodes.Ok;
        });

        var cursorFile = new Option<FileInfo?>("--cursor-file")
        {
            Description = "Where the position in the feed is kept between runs (without it, the feed is read from the start and nothing is saved).",
            HelpName = "FILE",
        };
        var limit = new Option<int>("--limit") { Description = "Items per page, 1 to 500.", DefaultValueFactory = _ => 100 };
        var follow = new Option<bool>("--follow", "-f") { Description = "Keep polling for new items until interrupted (Ctrl+C)." };
        var pollSeconds = new Option<int>("--poll-seconds") { Description = "With --follow: seconds between polls once caught up.", DefaultValueFactory = _ => 30 };
        var feed = new Command("feed", "Print the Party's change feed after the saved cursor, one JSON object per line, saving the cursor after each page.");
        feed.Options.Add(cursorFile);
        feed.Options.Add(limit);
        feed.Options.Add(follow);
        feed.Options.Add(pollSeconds);
        feed.SetGuardedAction(cli, async (parse, ct) =>
        {
            var pageSize = parse.GetValue(limit);
            if (pageSize is < 1 or > 500) throw new UserErrorException("--limit must be between 1 and 500.");
            var poll = parse.GetValue(pollSeconds);
            if (poll < 1) throw new UserErrorException("--poll-seconds must be at least 1.");
            using var client = Connect(parse, url, token);
            var file = parse.GetValue(cursorFile);
            ICursorStore cursors = file is null ? new InMemoryCursorStore() : new FileCursorStore(file.FullName);
            var follower = new FeedFollower(client, cursors, new FeedFollowerOptions { PageSize = pageSize, PollInterval = TimeSpan.FromSeconds(poll) });

            async Task PrintAsync(FeedItemDto item, CancellationToken token)
            {
                await cli.Out.WriteLineAsync(JsonSerializer.Serialize(item, CordonJson.Options));
                // Out before the cursor is saved: an item is never marked done while still in a buffer.
                await cli.Out.FlushAsync(token);
            }

            if (parse.GetValue(follow))
            {
                try
                {
                    await follower.FollowAsync(PrintAsync, ct);
                }
                catch (OperationCanceledException) when (ct.IsCancellationRequested)
                {
                    // Ctrl+C is how following ends: not an error.
                }
                return ExitCodes.Ok;
            }
            var progress = await follower.CatchUpAsync(PrintAsync, ct);
            await cli.Error.WriteLineAsync($"{progress.Items} item(s) in {progress.Pages} page(s); cursor now {progress.Cursor}" + (file is null ? " (not saved)." : $" ({file.FullName})."));
            return ExitCodes.Ok;
        });

        var api = new Command("api", "Call the Cordon API with an API token, as a national system does.");
        api.Options.Add(url);
        api.Options.Add(token);
        api.Subcommands.Add(me);
        api.Subcommands.Add(feed);
        return api;
    }

    private static CordonClient Connect(ParseResult parse, Option<string?> urlOption, Option<string?> tokenOption)
    {
        var url = parse.GetValue(urlOption) is { Length: > 0 } u ? u : Environment.GetEnvironmentVariable("CORDON_URL");
        if (string.IsNullOrWhiteSpace(url)) throw new UserErrorException("Say which Cordon: --url URL or the CORDON_URL variable.");
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
            throw new UserErrorException($"'{url}' is not an http(s) URL.");
        var token = parse.GetValue(tokenOption) is { Length: > 0 } t ? t : Environment.GetEnvironmentVariable("CORDON_TOKEN");
        if (string.IsNullOrWhiteSpace(token)) throw new UserErrorException("An API token is needed: --token TOKEN or the CORDON_TOKEN variable.");
        if (!token.StartsWith(CordonClient.TokenPrefix, StringComparison.Ordinal))
            throw new UserErrorException($"That is not a Cordon API token: they start with '{CordonClient.TokenPrefix}'.");
        return CordonClient.Create(uri, token.Trim());
    }
}
