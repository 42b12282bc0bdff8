using System.IO.Compression;
using System.Text;
using ClosedXML.Excel;
using Cordon.Application.Common;

namespace Cordon.Web.Tests.Tabular;

/// <summary>The one reader and writer of CSV and Excel tables that every import and download goes through.</summary>
public class TabularFileTests
{
    private static byte[] Workbook(Action<IXLWorksheet> fill)
    {
        using var book = new XLWorkbook();
        fill(book.AddWorksheet("Data"));
        using var stream = new MemoryStream();
        book.SaveAs(stream);
        return stream.ToArray();
    }

    [Fact]
    public async Task A_workbook_reads_as_the_same_text_lines_a_CSV_would_give()
    {
        var bytes = Workbook(s =>
        {
            s.Cell(1, 1).Value = "code"; s.Cell(1, 2).Value = "quantity"; s.Cell(1, 3).Value = "date"; s.Cell(1, 4).Value = "flag";
            s.Cell(2, 1).SetValue("0012"); s.Cell(2, 2).Value = 0.1; s.Cell(2, 3).Value = new DateTime(2026, 3, 1); s.Cell(2, 4).Value = true;
            // Row 3 left empty on purpose: skipped, and row 4 keeps its own number.
            s.Cell(4, 1).Value = "  IN  "; s.Cell(4, 2).Value = 2500;
        });
        var read = await TabularFile.ReadAsync(bytes);
        Assert.True(read.Succeeded, read.Message);
        var table = read.Value!;
        Assert.Equal(["code", "quantity", "date", "flag"], table.Headers);
        Assert.Equal([2L, 4L], table.Lines.Select(l => l.Line));
        Assert.Equal("0012", table.Lines[0]["code"]);
        Assert.Equal("0.1", table.Lines[0]["quantity"]);
        Assert.Equal("2026-03-01", table.Lines[0]["date"]);
        Assert.Equal("true", table.Lines[0]["flag"]);
        Assert.Equal("IN", table.Lines[1]["code"]);
        Assert.Equal("2500", table.Lines[1]["quantity"]);
        Assert.Empty(table.Missing("code", "quantity"));
        Assert.Equal(["unit"], table.Missing("code", "unit"));
    }

    [Fact]
    public async Task A_named_sheet_is_preferred_to_the_first()
    {
        using var book = new XLWorkbook();
        book.AddWorksheet("Instructions").Cell(1, 1).Value = "read me";
        var lines = book.AddWorksheet("Lines");
        lines.Cell(1, 1).Value = "substance";
        lines.Cell(2, 1).Value = "N-MORPHINE";
        using var stream = new MemoryStream();
        book.SaveAs(stream);
        var read = await TabularFile.ReadAsync(stream.ToArray(), "Lines");
        Assert.Equal("N-MORPHINE", Assert.Single(read.Value!.Lines)["substance"]);
        Assert.Equal(["read me"], (await TabularFile.ReadAsync(stream.ToArray())).Value!.Headers);
    }

    [Fact]
    public async Task CSV_is_read_with_or_without_a_byte_order_mark()
    {
        var csv = "party,grams\nIN,12.5\n"u8.ToArray();
        foreach (var bytes in new[] { csv, [.. "\uFEFF"u8, .. csv] })
        {
            var read = await TabularFile.ReadAsync(bytes);
            Assert.Equal(["party", "grams"], read.Value!.Headers);
            Assert.Equal("12.5", Assert.Single(read.Value.Lines)["grams"]);
            Assert.Equal(2, read.Value.Lines[0].Line);
        }
    }

    [Fact]
    public async Task A_file_with_only_its_header_row_still_names_its_columns()
    {
        var read = await TabularFile.ReadAsync("party,grams\n"u8.ToArray());
        Assert.Equal(["party", "grams"], read.Value!.Headers);
        Assert.Empty(read.Value.Lines);
    }

    [Fact]
    public async Task What_is_neither_CSV_nor_a_workbook_is_refused_by_its_content()
    {
        Assert.Equal(Failure.Invalid, (await TabularFile.ReadAsync([])).Failure);
        // Latin-1 text, an executable, a legacy .xls, a PNG: none is UTF-8 CSV or .xlsx, whatever the name says.
        Assert.Equal(Failure.Unsupported, (await TabularFile.ReadAsync(Encoding.Latin1.GetBytes("party,name\nCI,Côte d'Ivoire\n"))).Failure);
        Assert.Equal(Failure.Unsupported, (await TabularFile.ReadAsync("MZ\u0090\0\u0003\0\0\0"u8.ToArray())).Failure);
        var xls = await TabularFile.ReadAsync([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0]);
        Assert.Equal(Failure.Unsupported, xls.Failure);
        Assert.Contains(".xls", xls.Message, StringComparison.Ordinal);
        Assert.Equal(Failure.Unsupported, (await TabularFile.ReadAsync([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13])).Failure);

        // A zip that is not a workbook, and a truncated workbook.
        using var zipStream = new MemoryStream();
        using (var zip = new ZipArchive(zipStream, ZipArchiveMode.Create, leaveOpen: true))
            await using (var w = new StreamWriter(zip.CreateEntry("readme.txt").Open())) await w.WriteAsync("hello");
        Assert.Equal(Failure.Unsupported, (await TabularFile.ReadAsync(zipStream.ToArray())).Failure);
        var book = Workbook(s => s.Cell(1, 1).Value = "a");
        Assert.NotEqual(Failure.None, (await TabularFile.ReadAsync(book[..(book.Length / 2)])).Failure);
    }

    [Fact]
    public async Task A_workbook_that_expands_without_bound_is_refused_before_it_is_opened()
    {
        // 300 MB of zeros zip to a few hundred kilobytes: the declared sizes are checked, nothing is inflated.
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            await using (var w = new StreamWriter(zip.CreateEntry("[Content_Types].xml").Open())) await w.WriteAsync("<Types/>");
            await using (var w = new StreamWriter(zip.CreateEntry("xl/workbook.xml").Open())) await w.WriteAsync("<workbook/>");
            await using var big = zip.CreateEntry("xl/worksheets/sheet1.xml", CompressionLevel.SmallestSize).Open();
            var zeros = new byte[1024 * 1024];
            for (var i = 0; i < 300; i++) await big.WriteAsync(zeros);
        }
        Assert.True(stream.Length < 2 * 1024 * 1024);
        Assert.Equal(Failure.TooLarge, (await TabularFile.ReadAsync(stream.ToArray())).Failure);
    }

    [Fact]
    public async Task An_upload_over_the_limit_is_refused_without_reading_it_all()
    {
        var endless = new EndlessStream();
        var read = await TabularFile.ReadAsync(endless);
        Assert.Equal(Failure.TooLarge, read.Failure);
        Assert.True(endless.Position < 11 * 1024 * 1024);
    }

    [Fact]
    public async Task Written_tables_read_back_in_both_formats_with_numbers_as_numbers()
    {
        string[] headers = ["party", "code", "grams", "note"];
        object?[][] rows = [["IN", "0012", 12.5m, "=cmd|' /C calc'!A0"], ["CO", "A1", "2500", null]];
        foreach (var format in new[] { TabularFormat.Csv, TabularFormat.Xlsx })
        {
            var (bytes, contentType, fileName) = await TabularFile.WriteAsync(format, "table", headers, rows);
            Assert.EndsWith(format == TabularFormat.Xlsx ? ".xlsx" : ".csv", fileName, StringComparison.Ordinal);
            Assert.Contains(format == TabularFormat.Xlsx ? "spreadsheetml" : "text/csv", contentType, StringComparison.Ordinal);
            var back = (await TabularFile.ReadAsync(bytes)).Value!;
            Assert.Equal(headers, back.Headers);
            Assert.Equal("0012", back.Lines[0]["code"]);
            Assert.Equal("12.5", back.Lines[0]["grams"]);
            Assert.Equal("2500", back.Lines[1]["grams"]);
            Assert.Equal("=cmd|' /C calc'!A0", back.Lines[0]["note"]);
        }
        using var book = new XLWorkbook(new MemoryStream((await TabularFile.WriteAsync(TabularFormat.Xlsx, "t", headers, rows)).Bytes));
        var sheet = book.Worksheets.First();
        Assert.Equal(XLDataType.Number, sheet.Cell(3, 3).DataType);   // "2500" can be summed
        Assert.Equal(XLDataType.Text, sheet.Cell(2, 2).DataType);     // "0012" keeps its zeros
        Assert.False(sheet.Cell(2, 4).HasFormula);                    // text is never turned into a formula
    }

    private sealed class EndlessStream : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get; set; }
        public override int Read(byte[] buffer, int offset, int count)
        {
            Array.Fill(buffer, (byte)'a', offset, count);
            Position += count;
            return count;
        }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
