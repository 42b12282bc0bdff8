using System.Net;
using System.Net.Sockets;
using System.Text;
using ClosedXML.Excel;
using Cordon.Cli;
using Cordon.Domain.Traceability;
using Cordon.Domain.Traceability.Recognition;

namespace Cordon.Web.Tests.Cli;

/// <summary>`cordon traceability recognize`: offline recognition of a seizure list, from a library file or a site.</summary>
public sealed class TraceabilityCommandTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("cordon-tclient-");

    private static readonly UimPattern Austria = new(Guid.NewGuid(), "AT", "AT pack", "", UimLevel.Pack,
        [UimSegment.Fixed("LEAT1"), UimSegment.Run(UimAlphabet.Alphanumeric, 14), UimSegment.Run(UimAlphabet.Digits, 8)], null, [], new DateOnly(2019, 5, 20), null);
    private static readonly UimPattern Kazakhstan = new(Guid.NewGuid(), "KZ", "KZ stamp", "", UimLevel.Pack,
        [UimSegment.Run(UimAlphabet.Letters, 3), UimSegment.Run(UimAlphabet.Digits, 12)], null, [], new DateOnly(2020, 1, 1), null);
    private static readonly UimPattern Ukraine = new(Guid.NewGuid(), "UA", "UA stamp", "", UimLevel.Pack,
        [UimSegment.Run(UimAlphabet.Letters, 3), UimSegment.Run(UimAlphabet.Digits, 10, 12)], null, [], new DateOnly(2020, 1, 1), null);
    private static readonly UimPattern Moldova = new(Guid.NewGuid(), "MD", "MD excise", "", UimLevel.Pack,
        null, "MD[0-9]{2}(?:[A-Z]{3}|[0-9]{4})[0-9]{16}", [], new DateOnly(2022, 1, 1), null);

    private static string LibraryJson() => UimLibraryJson.Serialize(new UimLibrary(new DateTimeOffset(2026, 11, 23, 7, 0, 0, TimeSpan.Zero), [Austria, Kazakhstan, Ukraine, Moldova]));

    public void Dispose() => _folder.Delete(recursive: true);

    private string Write(string name, string content)
    {
        var path = Path.Combine(_folder.FullName, name);
        File.WriteAllText(path, content);
        return path;
    }

    private static async Task<(int Exit, string Output, string Error)> CordonAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await CordonCli.RunAsync(args, output, error);
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task A_csv_seizure_list_is_grouped_per_Party_with_ambiguous_and_unrecognised_codes_flagged_and_written_out()
    {
        var library = Write("patterns.json", LibraryJson());
        var input = Write("seizure.csv", "Seizure;UIM;Packs\n1;leat1 ab12cd34ef56gh 26112307;10\n2;ABC1234567890;4\n3;ABC123456789012;1\n4;NOT-A-CODE;2\n5;MD21ABC1234567890123456;9\n6;LEAT1AB12CD34EF56GH26112307;10\n");
        var outDir = Path.Combine(_folder.FullName, "requests");

        var (exit, output, error) = await CordonAsync("traceability", "recognize", "--library", library, "--in", input, "--out", outDir);

        Assert.True(exit == 0, error);
        Assert.Contains("AT: 1 code(s)\n  LEAT1AB12CD34EF56GH26112307", output.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains("MD: 1 code(s)", output, StringComparison.Ordinal);
        Assert.Contains("UA: 1 code(s)\n  ABC1234567890\n", output.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains("ABC123456789012  [KZ, UA]", output, StringComparison.Ordinal);
        Assert.Contains("UNRECOGNISED (matches no pattern): 1 code(s)\n  NOT-A-CODE", output.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains("5 code(s): 3 recognised for 3 Party(ies), 1 ambiguous, 1 unrecognised", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Packs", output, StringComparison.Ordinal); // only the UIM column was read

        Assert.Equal(["LEAT1AB12CD34EF56GH26112307"], File.ReadAllLines(Path.Combine(outDir, "AT.txt")));
        Assert.Equal(["ABC1234567890"], File.ReadAllLines(Path.Combine(outDir, "UA.txt")));
        Assert.Equal(["NOT-A-CODE"], File.ReadAllLines(Path.Combine(outDir, "unrecognized.txt")));
        Assert.Equal(["code,parties", "ABC123456789012,KZ UA"], File.ReadAllLines(Path.Combine(outDir, "ambiguous.csv")));
        Assert.False(File.Exists(Path.Combine(outDir, "KZ.txt")));
    }

    [Fact]
    public async Task An_excel_workbook_and_a_text_file_are_read_too()
    {
        var library = Write("patterns.json", LibraryJson());
        var xlsx = Path.Combine(_folder.FullName, "seizure.xlsx");
        using (var workbook = new XLWorkbook())
        {
            var sheet = workbook.AddWorksheet("Seizure");
            sheet.Cell(1, 1).Value = "Item";
            sheet.Cell(1, 2).Value = "Code";
            sheet.Cell(2, 1).Value = 1;
            sheet.Cell(2, 2).Value = "LEAT1AB12CD34EF56GH26112307";
            sheet.Cell(3, 1).Value = 2;
            sheet.Cell(3, 2).Value = "MD2212341234567890123456";
            workbook.SaveAs(xlsx);
        }
        var fromExcel = await CordonAsync("traceability", "recognize", "--library", library, "--in", xlsx);
        Assert.True(fromExcel.Exit == 0, fromExcel.Error);
        Assert.Contains("AT: 1 code(s)", fromExcel.Output, StringComparison.Ordinal);
        Assert.Contains("MD: 1 code(s)", fromExcel.Output, StringComparison.Ordinal);
        Assert.Contains("2 code(s): 2 recognised", fromExcel.Output, StringComparison.Ordinal);

        var text = Write("codes.txt", "ABC1234567890\n\nABC1234567890\nXYZ00\n");
        var fromText = await CordonAsync("traceability", "recognize", "--library", library, "--in", text);
        Assert.Equal(0, fromText.Exit);
        Assert.Contains("2 code(s): 1 recognised for 1 Party(ies), 0 ambiguous, 1 unrecognised", fromText.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_library_can_be_fetched_from_a_site_and_the_codes_are_not_sent()
    {
        var port = FreePort();
        using var listener = new HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        var requests = new List<string>();
        var serving = Task.Run(async () =>
        {
            var context = await listener.GetContextAsync();
            lock (requests) requests.Add($"{context.Request.HttpMethod} {context.Request.Url!.PathAndQuery} {context.Request.Headers["Authorization"]}");
            var body = Encoding.UTF8.GetBytes(LibraryJson());
            context.Response.ContentType = "application/json";
            await context.Response.OutputStream.WriteAsync(body);
            context.Response.Close();
        });
        var input = Write("codes.txt", "LEAT1AB12CD34EF56GH26112307\n");

        var (exit, output, error) = await CordonAsync("traceability", "recognize", "--url", $"http://127.0.0.1:{port}", "--token", "cdn_test", "--in", input);
        await serving;

        Assert.True(exit == 0, error);
        Assert.Contains("AT: 1 code(s)", output, StringComparison.Ordinal);
        var request = Assert.Single(requests);
        Assert.Equal("GET /api/v1/traceability/patterns Bearer cdn_test", request);
    }

    [Fact]
    public async Task Mistakes_are_one_line_errors()
    {
        var library = Write("patterns.json", LibraryJson());
        var input = Write("codes.txt", "LEAT1AB12CD34EF56GH26112307\n");

        var neither = await CordonAsync("traceability", "recognize", "--in", input);
        Assert.Equal(1, neither.Exit);
        Assert.Contains("--library FILE or --url BASEURL", neither.Error, StringComparison.Ordinal);

        var missing = await CordonAsync("traceability", "recognize", "--library", library, "--in", Path.Combine(_folder.FullName, "nope.csv"));
        Assert.Equal(1, missing.Exit);
        Assert.Contains("does not exist", missing.Error, StringComparison.Ordinal);

        var broken = await CordonAsync("traceability", "recognize", "--library", Write("broken.json", "{\"patterns\":[{\"id\":\"x\"}]}"), "--in", input);
        Assert.Equal(1, broken.Exit);
        Assert.Contains("pattern 1 has no valid \"id\"", broken.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", broken.Error, StringComparison.Ordinal);

        var pdf = await CordonAsync("traceability", "recognize", "--library", library, "--in", Write("codes.pdf", "%PDF"));
        Assert.Equal(1, pdf.Exit);
        Assert.Contains(".csv, .txt or .xlsx", pdf.Error, StringComparison.Ordinal);

        var notExcel = await CordonAsync("traceability", "recognize", "--library", library, "--in", Write("codes.xlsx", "not a zip"));
        Assert.Equal(1, notExcel.Exit);
        Assert.Contains("could not be read as an Excel workbook", notExcel.Error, StringComparison.Ordinal);
    }

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }
}
