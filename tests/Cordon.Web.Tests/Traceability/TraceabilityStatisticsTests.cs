using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Cordon.Domain.Identity;
using Cordon.Domain.Traceability;
using Cordon.Web.Tests.Infrastructure;
using static Cordon.Web.Tests.Traceability.TraceabilityWorld;

namespace Cordon.Web.Tests.Traceability;

/// <summary>The eight statistics computed from seeded metadata in a period no other test writes to (2001).</summary>
public class TraceabilityStatisticsTests(CordonApp app) : IClassFixture<CordonApp>
{
    private readonly TraceabilityWorld _world = new(app);

    private static DateTimeOffset At(int month, int day, int hour = 0) => new(2001, month, day, hour, 0, 0, TimeSpan.Zero);

    private async Task SeedAsync()
    {
        if (await app.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.AnyAsync(db.TraceabilityChains, c => c.RequestingParty == "QA"))) return;
        await app.WithDbAsync(async db =>
        {
            foreach (var (code, joined, left) in new[] { ("QA", At(1, 1), (DateTimeOffset?)null), ("QB", At(1, 1), null), ("QC", At(1, 1), null), ("QD", new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2000, 6, 1, 0, 0, 0, TimeSpan.Zero)) })
            {
                db.Parties.Add(new Party { Code = code, CreatedAt = joined });
                db.PartyModuleMemberships.Add(new PartyModuleMembership { PartyCode = code, Module = CordonModule.Traceability, JoinedAt = joined, LeftAt = left });
            }
            // Chain 1: QA → QB, 10 UIMs, replied after 2 h, follow-up with 5 more UIMs; the request actioned.
            // Chain 2: QA → QC, 4 UIMs, replied after 6 h, reply unread.  Chain 3: QC → QB, 7 UIMs, no reply.  Chain 4: QB → QA in 2002 (outside).
            var c1 = Chain("QA", "QB", At(3, 1), 15, replySeconds: 7200);
            var c2 = Chain("QA", "QC", At(4, 1), 4, replySeconds: 21600);
            var c3 = Chain("QC", "QB", At(5, 1), 7, replySeconds: null);
            var c4 = Chain("QB", "QA", new DateTimeOffset(2002, 1, 5, 0, 0, 0, TimeSpan.Zero), 3, replySeconds: null);
            db.TraceabilityChains.AddRange(c1, c2, c3, c4);
            db.TraceabilityMessages.AddRange(
                Msg(c1, 1, TraceabilityMessageKind.Request, "QA", "QB", At(3, 1), 10, actioned: true),
                Msg(c1, 2, TraceabilityMessageKind.Reply, "QB", "QA", At(3, 1, 2), 10, actioned: true),
                Msg(c1, 3, TraceabilityMessageKind.FollowUp, "QA", "QB", At(3, 2), 5, actioned: false, read: true),
                Msg(c2, 1, TraceabilityMessageKind.Request, "QA", "QC", At(4, 1), 4, actioned: true),
                Msg(c2, 2, TraceabilityMessageKind.Reply, "QC", "QA", At(4, 1, 6), 4, actioned: false),
                Msg(c3, 1, TraceabilityMessageKind.Request, "QC", "QB", At(5, 1), 7, actioned: false),
                Msg(c4, 1, TraceabilityMessageKind.Request, "QB", "QA", c4.CreatedAt, 3, actioned: false));
            var n = await db.SaveChangesAsync();
            // Rows written directly, not through the service: recompute the per-month counters as the migration does.
            await Cordon.Application.Traceability.TraceabilityCounters.RebuildAsync(db);
            return n;
        });
    }

    private static TraceabilityChain Chain(string from, string to, DateTimeOffset at, int uims, long? replySeconds) => new()
    {
        Id = Guid.NewGuid(), RequestingParty = from, RespondingParty = to, State = replySeconds is null ? ChainState.Open : ChainState.Answered, CreatedAt = at,
        LastMessageAt = at, FirstReplyAt = replySeconds is { } s ? at.AddSeconds(s) : null, ReplySeconds = replySeconds, CurrentKeyVersion = 1, UimCount = uims, Version = 1,
    };

    private static TraceabilityMessage Msg(TraceabilityChain c, int seq, TraceabilityMessageKind kind, string from, string to, DateTimeOffset at, int uims, bool actioned, bool read = false) => new()
    {
        Id = Guid.NewGuid(), ChainId = c.Id, Sequence = seq, Kind = kind, SenderParty = from, RecipientParty = to, SenderUserId = Guid.NewGuid(), SenderKeyId = Guid.NewGuid(),
        KeyVersion = 1, Ciphertext = "c", Signature = "s", UimCount = uims, SentAt = at, ReadAt = actioned || read ? at.AddHours(1) : null, ActionedAt = actioned ? at.AddHours(1) : null,
    };

    [Fact]
    public async Task The_eight_statistics_match_the_seeded_metadata()
    {
        await SeedAsync();
        var analyst = await app.SignInAsync("secretariat.analyst@cordon.example");
        var s = await Json(await analyst.GetAsync("/api/v1/traceability/statistics?from=2001-01-01&to=2001-12-31"), HttpStatusCode.OK);

        Assert.Equal(3, s.GetProperty("partiesRegistered").GetInt32()); // QD left in 2000
        Assert.Equal(["QA", "QB", "QC"], s.GetProperty("registeredParties").EnumerateArray().Select(x => x.GetString()!).ToArray());
        var active = s.GetProperty("activeParties").EnumerateArray().ToDictionary(a => a.GetProperty("party").GetString()!);
        Assert.Equal((2, 0, 1), (active["QA"].GetProperty("requests").GetInt32(), active["QA"].GetProperty("replies").GetInt32(), active["QA"].GetProperty("followUps").GetInt32()));
        Assert.Equal((0, 1), (active["QB"].GetProperty("requests").GetInt32(), active["QB"].GetProperty("replies").GetInt32()));
        Assert.Equal((1, 1), (active["QC"].GetProperty("requests").GetInt32(), active["QC"].GetProperty("replies").GetInt32()));
        var traffic = s.GetProperty("messagesPerParty").EnumerateArray().ToDictionary(a => a.GetProperty("party").GetString()!, a => (a.GetProperty("sent").GetInt32(), a.GetProperty("received").GetInt32()));
        Assert.Equal((3, 2), traffic["QA"]);
        Assert.Equal((1, 3), traffic["QB"]);
        Assert.Equal((2, 1), traffic["QC"]);
        Assert.Equal(6, s.GetProperty("messagesTotal").GetInt32());
        var pairs = s.GetProperty("betweenParties").EnumerateArray().ToDictionary(p => p.GetProperty("from").GetString() + ">" + p.GetProperty("to").GetString(),
            p => (p.GetProperty("messages").GetInt32(), p.GetProperty("uims").GetInt64()));
        Assert.Equal((2, 15L), pairs["QA>QB"]);
        Assert.Equal((1, 0L), pairs["QB>QA"]);
        Assert.Equal((1, 4L), pairs["QA>QC"]);
        Assert.Equal((1, 7L), pairs["QC>QB"]);
        Assert.Equal(26, s.GetProperty("uimsTotal").GetInt64());
        Assert.Equal(4.0, s.GetProperty("averageReplyHours").GetDouble(), 3);
        var replies = s.GetProperty("replyTimes").EnumerateArray().ToDictionary(r => r.GetProperty("party").GetString()!, r => r.GetProperty("averageHours").GetDouble());
        Assert.Equal(2.0, replies["QB"], 3);
        Assert.Equal(6.0, replies["QC"], 3);
        var unread = s.GetProperty("unread").EnumerateArray().ToDictionary(r => r.GetProperty("party").GetString()!, r => (r.GetProperty("notActioned").GetInt32(), r.GetProperty("unread").GetInt32()));
        Assert.Equal((1, 1), unread["QA"]);
        Assert.Equal((2, 1), unread["QB"]);
        Assert.False(unread.ContainsKey("QC"));

        // Filtered to one Party: only what it sent or received.
        var qc = await Json(await analyst.GetAsync("/api/v1/traceability/statistics?from=2001-01-01&to=2001-12-31&parties=qc"), HttpStatusCode.OK);
        Assert.Equal(3, qc.GetProperty("messagesTotal").GetInt32());
        Assert.Equal(11, qc.GetProperty("uimsTotal").GetInt64());
        Assert.Equal(1, qc.GetProperty("partiesRegistered").GetInt32());
        // A narrower period: March only.
        var march = await Json(await analyst.GetAsync("/api/v1/traceability/statistics?from=2001-03-01&to=2001-03-31"), HttpStatusCode.OK);
        Assert.Equal(3, march.GetProperty("messagesTotal").GetInt32());
        Assert.Equal(2.0, march.GetProperty("averageReplyHours").GetDouble(), 3);
        // Whole March from the counters, 1–15 April from the messages themselves.
        var spring = await Json(await analyst.GetAsync("/api/v1/traceability/statistics?from=2001-03-01&to=2001-04-15"), HttpStatusCode.OK);
        Assert.Equal(5, spring.GetProperty("messagesTotal").GetInt32());
        Assert.Equal(19, spring.GetProperty("uimsTotal").GetInt64());
        Assert.Equal(4.0, spring.GetProperty("averageReplyHours").GetDouble(), 3);
        var springUnread = spring.GetProperty("unread").EnumerateArray().ToDictionary(r => r.GetProperty("party").GetString()!, r => r.GetProperty("notActioned").GetInt32());
        Assert.Equal(1, springUnread["QA"]);
        Assert.Equal(1, springUnread["QB"]);
        // A period with no whole month: from the messages only.
        var days = await Json(await analyst.GetAsync("/api/v1/traceability/statistics?from=2001-03-02&to=2001-04-01"), HttpStatusCode.OK);
        Assert.Equal(3, days.GetProperty("messagesTotal").GetInt32());

        var csv = await analyst.GetStringAsync("/api/v1/traceability/statistics.csv?from=2001-01-01&to=2001-12-31");
        Assert.StartsWith("statistic,party,otherParty,measure,value,from,to", csv, StringComparison.Ordinal);
        Assert.Contains("uims-between-parties,QA,QB,uims,15,2001-01-01,2001-12-31", csv, StringComparison.Ordinal);
        Assert.Contains("average-reply-time,,,hours,4,", csv, StringComparison.Ordinal);
        var xlsx = await analyst.GetByteArrayAsync("/api/v1/traceability/statistics.xlsx?from=2001-01-01&to=2001-12-31");
        using (var book = new ClosedXML.Excel.XLWorkbook(new MemoryStream(xlsx)))
        {
            var sheet = book.Worksheet("Between Parties");
            Assert.Equal("QA", sheet.Cell(2, 1).GetString());
            Assert.Equal(15, sheet.Cell(2, 4).GetValue<int>());
        }
        var page = await analyst.GetStringAsync("/Traceability/Statistics?from=2001-01-01&to=2001-12-31");
        Assert.Contains("<svg", page, StringComparison.Ordinal);
        Assert.Contains("QA", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_counters_kept_on_write_equal_a_recount_from_the_messages()
    {
        var (_, requesters) = await _world.NewPartyWithKeysAsync();
        var (_, responders) = await _world.NewPartyWithKeysAsync();
        var (a, b) = (requesters[0], responders[0]);
        var chain = await OpenChainAsync(a, b.Party, uims: 7);
        var id = chain.GetProperty("id").GetGuid();
        var request = chain.GetProperty("messages")[0].GetProperty("id").GetGuid();
        await Json(await b.Client.PostAsJsonAsync($"/api/v1/traceability/messages/{request}/read", new { }), HttpStatusCode.OK);
        await Json(await b.Client.PostAsJsonAsync($"/api/v1/traceability/chains/{id}/messages", Message(Guid.NewGuid(), "reply", 1, 7, FakeBlob("reply"))), HttpStatusCode.OK);
        await Json(await a.Client.PostAsJsonAsync($"/api/v1/traceability/chains/{id}/messages", Message(Guid.NewGuid(), "follow-up", 1, 2, FakeBlob("more"))), HttpStatusCode.OK);
        await Json(await b.Client.PostAsJsonAsync($"/api/v1/traceability/messages/{request}/actioned", new { }), HttpStatusCode.OK);
        await Json(await b.Client.PostAsJsonAsync($"/api/v1/traceability/messages/{request}/actioned", new { }), HttpStatusCode.OK); // twice: counted once

        var parties = new[] { a.Party, b.Party };
        async Task<List<string>> SnapshotAsync() => await app.WithDbAsync(db => db.TraceabilityMonthlyCounts.Where(c => parties.Contains(c.FromParty))
            .OrderBy(c => c.Month).ThenBy(c => c.FromParty)
            .Select(c => $"{c.Month} {c.FromParty}>{c.ToParty} r{c.Requests} p{c.Replies} f{c.FollowUps} u{c.Uims} n{c.NotActioned} x{c.Unread} c{c.RepliedChains} s{c.ReplySeconds}")
            .ToListAsync());
        var onWrite = await SnapshotAsync();
        Assert.Equal(4, onWrite.Count); // each pair's month row and its year row
        Assert.Contains(onWrite, r => r.Contains($"{a.Party}>{b.Party} r1 p0 f1 u9 n1 x1 c1", StringComparison.Ordinal));
        await app.WithDbAsync(async db => { await Cordon.Application.Traceability.TraceabilityCounters.RebuildAsync(db); return 0; });
        Assert.Equal(onWrite, await SnapshotAsync());
    }

    [Fact]
    public async Task Statistics_are_for_the_Secretariat_and_refuse_bad_filters()
    {
        var officer = await app.SignInAsync("regulator.at@cordon.example");
        Assert.Equal(HttpStatusCode.Forbidden, (await officer.GetAsync("/api/v1/traceability/statistics")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await officer.GetAsync("/api/v1/traceability/statistics.csv")).StatusCode);
        var analyst = await app.SignInAsync("secretariat.analyst@cordon.example");
        var bad = await Json(await analyst.GetAsync("/api/v1/traceability/statistics?from=2001-13-01&parties=AUT"), HttpStatusCode.BadRequest);
        Assert.True(bad.GetProperty("errors").TryGetProperty("from", out _));
        Assert.True(bad.GetProperty("errors").TryGetProperty("parties", out _));
        Assert.Equal(HttpStatusCode.BadRequest, (await analyst.GetAsync("/api/v1/traceability/statistics?from=2001-05-01&to=2001-04-01")).StatusCode);
    }
}
