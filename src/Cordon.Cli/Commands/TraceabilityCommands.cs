using System.CommandLine;
using System.Net.Http.Headers;
using System.Text;
using ClosedXML.Excel;
using Cordon.Cli.Infrastructure;
using Cordon.Domain.Traceability.Recognition;

namespace Cordon.Cli.Commands;

/// <summary>
/// `cordon traceability ...`: the user's side of traceability queries. `recognize` sorts a list of seized UIMs
/// by issuing Party against the published pattern library, locally: the codes never leave the machine.
/// </summary>
public static class TraceabilityCommands
{
    public const string PatternsPath = "api/v1/traceability/patterns";
    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    public static Command Build(CliContext cli)
    {
        var library = new Option<FileInfo?>("--library") { Description = "The pattern library as published (JSON), e.g. saved from /api/v1/traceability/patterns.", HelpName = "FILE" };
        var url = new Option<string?>("--url") { Description = "A Cordon site to fetch the library from, e.g. https://cordon.example (instead of --library).", HelpName = "BASEURL" };
        var token = new Option<string?>("--token") { Description = "API token for --url, if the site asks for one (default: $CORDON_TOKEN).", HelpName = "TOKEN" };
        var input = new Option<FileInfo>("--in") { Description = "The codes: .csv, .txt (one per line or field) or .xlsx (first worksheet). A column headed UIM or Code is read alone.", HelpName = "FILE", Required = true };
        var output = new Option<DirectoryInfo?>("--out", "-o") { Description = "Also write one file of codes per Party (AT.txt, ...), ambiguous.csv and unrecognized.txt into this folder.", HelpName = "DIR" };

        var recognize = new Command("recognize", "Recognise the issuing Party of each UIM and group the codes per Party, flagging unrecognised and ambiguous ones.");
        recognize.Options.Add(library);
        recognize.Options.Add(url);
        recognize.Options.Add(token);
        recognize.Options.Add(input);
        recognize.Options.Add(output);
        recognize.SetGuardedAction(cli, async (parse, ct) =>
        {
            var patterns = await LoadLibraryAsync(parse.GetValue(library), parse.GetValue(url), parse.GetValue(token), ct);
            var codes = await ReadCodesAsync(parse.GetRequiredValue(input), ct);
            var grouping = new UimRecognizer(patterns.Patterns).Group(codes);
            await PrintAsync(cli.Out, grouping, patterns);
            if (parse.GetValue(output) is { } folder)
            {
                await WriteAsync(folder, grouping, ct);
                await cli.Error.WriteLineAsync($"Wrote the codes per Party to {folder.FullName}.");
            }
            return ExitCodes.Ok;
        });

        var traceability = new Command("traceability", "Traceability queries, on the user's side: UIM recognition against the published pattern library.");
        traceability.Subcommands.Add(recognize);
        return traceability;
    }

    private static async Task<UimLibrary> LoadLibraryAsync(FileInfo? file, string? baseUrl, string? token, CancellationToken ct)
    {
        if ((file is null) == string.IsNullOrWhiteSpace(baseUrl))
            throw new UserErrorException("Say where the pattern library is: --library FILE or --url BASEURL (one of the two).");
        string json;
        if (file is not null)
        {
            if (!file.Exists) throw new UserErrorException($"The file {file.FullName} does not exist.");
            json = await File.ReadAllTextAsync(file.FullName, ct);
        }
        else
        {
            if (!Uri.TryCreate(baseUrl!.TrimEnd('/') + "/", UriKind.Absolute, out var site) || (site.Scheme != Uri.UriSchemeHttps && site.Scheme != Uri.UriSchemeHttp))
                throw new UserErrorException($"'{baseUrl}' is not an http(s) URL.");
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(site, PatternsPath));
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            var apiToken = token is { Length: > 0 } ? token : Environment.GetEnvironmentVariable("CORDON_TOKEN");
            if (!string.IsNullOrWhiteSpace(apiToken)) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiToken.Trim());
            using var response = await http.SendAsync(request, ct);
            if (!response.IsSuccessStatusCode)
                throw new UserErrorException($"{request.RequestUri} answered {(int)response.StatusCode} {response.ReasonPhrase}.");
            json = await response.Content.ReadAsStringAsync(ct);
        }
        return UimLibraryJson.Parse(json); // InvalidDataException: reported as one line by the guarded action
    }

    private static async Task<IReadOnlyList<string>> ReadCodesAsync(FileInfo file, CancellationToken ct)
    {
        if (!file.Exists) throw new UserErrorException($"The file {file.FullName} does not exist.");
        var extension = file.Extension.ToLowerInvariant();
        if (extension is ".xlsx" or ".xlsm")
        {
            try
            {
                using var workbook = new XLWorkbook(file.FullName);
                var sheet = workbook.Worksheets.First();
                var used = sheet.RangeUsed();
                if (used is null) return [];
                var rows = new List<string[]>();
                var firstColumn = used.FirstColumn().ColumnNumber();
                var lastColumn = used.LastColumn().ColumnNumber();
                for (var r = used.FirstRow().RowNumber(); r <= used.LastRow().RowNumber(); r++)
                {
                    var cells = new string[lastColumn - firstColumn + 1];
                    for (var c = firstColumn; c <= lastColumn; c++) cells[c - firstColumn] = sheet.Cell(r, c).GetFormattedString();
                    if (cells.Any(x => !string.IsNullOrWhiteSpace(x))) rows.Add(cells);
                }
                return UimCodeText.FromRows(rows);
            }
            catch (Exception ex) when (ex is not UserErrorException and not OperationCanceledException)
            {
                throw new UserErrorException($"{file.Name} could not be read as an Excel workbook: {ex.Message}", ex);
            }
        }
        if (extension is not (".csv" or ".txt" or ".tsv" or ""))
            throw new UserErrorException($"{file.Name}: give a .csv, .txt or .xlsx file.");
        return UimCodeText.Parse(await File.ReadAllTextAsync(file.FullName, ct));
    }

    private static async Task PrintAsync(TextWriter output, UimGrouping grouping, UimLibrary library)
    {
        foreach (var (party, codes) in grouping.ByParty)
        {
            await output.WriteLineAsync($"{party}: {codes.Count} code(s)");
            foreach (var code in codes) await output.WriteLineAsync("  " + code);
        }
        if (grouping.Ambiguous.Count > 0)
        {
            await output.WriteLineAsync($"AMBIGUOUS (matches more than one Party, choose one): {grouping.Ambiguous.Count} code(s)");
            foreach (var a in grouping.Ambiguous) await output.WriteLineAsync($"  {a.Code}  [{string.Join(", ", a.Parties)}]");
        }
        if (grouping.Unrecognized.Count > 0)
        {
            await output.WriteLineAsync($"UNRECOGNISED (matches no pattern): {grouping.Unrecognized.Count} code(s)");
            foreach (var code in grouping.Unrecognized) await output.WriteLineAsync("  " + code);
        }
        var recognised = grouping.ByParty.Values.Sum(c => c.Count);
        await output.WriteLineAsync($"{grouping.Total} code(s): {recognised} recognised for {grouping.ByParty.Count} Party(ies), {grouping.Ambiguous.Count} ambiguous, {grouping.Unrecognized.Count} unrecognised " +
            $"(library of {library.Patterns.Count} patterns, {library.GeneratedAt.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'}).");
    }

    private static async Task WriteAsync(DirectoryInfo folder, UimGrouping grouping, CancellationToken ct)
    {
        folder.Create();
        foreach (var (party, codes) in grouping.ByParty)
            await File.WriteAllLinesAsync(Path.Combine(folder.FullName, party + ".txt"), codes, Utf8NoBom, ct);
        await File.WriteAllLinesAsync(Path.Combine(folder.FullName, "unrecognized.txt"), grouping.Unrecognized, Utf8NoBom, ct);
        await File.WriteAllLinesAsync(Path.Combine(folder.FullName, "ambiguous.csv"),
            ["code,parties", .. grouping.Ambiguous.Select(a => $"{a.Code},{string.Join(' ', a.Parties)}")], Utf8NoBom, ct);
    }
}
