using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Cordon.Application.Data;
using Cordon.Application.Notifications;
using Cordon.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Cordon.Web.Tests.Notifications;

/// <summary>ADR 52: one message row per notification, one narrow row per recipient, each with its own read state.</summary>
[Collection(SharedApp.Name)]
public class NotificationMessageTests(CordonApp app)
{
    private static readonly string[] Recipients = ["regulator.at@cordon.example", "regulator.in@cordon.example", "regulator.kz@cordon.example"];

    [Theory]
    [InlineData(true)] // in a write transaction: on PostgreSQL the sealer inserts it after commit (ADR 45)
    [InlineData(false)] // outside one: saved by EF
    public async Task A_message_to_several_users_is_stored_once_and_read_by_each_on_their_own(bool inTransaction)
    {
        var marker = Guid.NewGuid().ToString("N");
        var users = await app.WithDbAsync(db => db.Users.Where(u => Recipients.Contains(u.Email!)).Select(u => u.Id).ToListAsync());
        Assert.Equal(3, users.Count);
        await app.WithScopeAsync(async s =>
        {
            var db = s.GetRequiredService<CordonDbContext>();
            var tx = inTransaction ? await db.BeginWriteAsync() : null;
            await s.GetRequiredService<Notifier>().NotifyUsersAsync(users, "Notification.UserRemoved", [marker, "AT"], "/Admin/Users", email: false);
            await db.SaveChangesAsync();
            if (tx is not null)
            {
                await tx.CommitAsync();
                await tx.DisposeAsync();
            }
        });

        var message = Assert.Single(await app.WithDbAsync(db => db.NotificationMessages.Where(m => m.Arguments.Contains(marker)).ToListAsync()));
        Assert.Equal(users.Order(), (await app.WithDbAsync(db => db.Notifications.Where(n => n.MessageId == message.Id).Select(n => n.UserId).ToListAsync())).Order());

        // Each recipient lists it under the message's id, in their own language, unread.
        var austria = await app.SignInAsync(Recipients[0]);
        var india = await app.SignInAsync(Recipients[1]);
        var item = await FindAsync(austria, message.Id);
        Assert.Equal("Notification.UserRemoved", item.GetProperty("key").GetString());
        Assert.Contains(marker, item.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Null, item.GetProperty("readAt").ValueKind);

        // Austria reads it; India's copy stays unread.
        Assert.Equal(HttpStatusCode.NoContent, (await austria.PostAsync($"/api/v1/notifications/{message.Id}/read", null)).StatusCode);
        Assert.NotEqual(JsonValueKind.Null, (await FindAsync(austria, message.Id)).GetProperty("readAt").ValueKind);
        Assert.Equal(JsonValueKind.Null, (await FindAsync(india, message.Id)).GetProperty("readAt").ValueKind);

        // A user it was not sent to can neither read nor mark it.
        var colombia = await app.SignInAsync("regulator.co@cordon.example");
        Assert.Equal(HttpStatusCode.NotFound, (await colombia.PostAsync($"/api/v1/notifications/{message.Id}/read", null)).StatusCode);
        var page = await colombia.GetFromJsonAsync<JsonElement>("/api/v1/notifications?limit=200");
        Assert.DoesNotContain(page.GetProperty("items").EnumerateArray(), i => i.GetProperty("id").GetInt64() == message.Id);
    }

    [Fact]
    public async Task On_PostgreSQL_recipient_rows_carry_one_index_and_no_constraint_check()
    {
        if (CordonApp.Provider != DatabaseProvider.Postgres) return;
        // A regenerated migration would add them back: each costs as much per recipient as the text the split saves (ADR 52).
        var indexes = await app.WithDbAsync(db => db.Database.SqlQueryRaw<string>(
            "SELECT indexname AS \"Value\" FROM pg_indexes WHERE tablename = 'Notifications'").ToListAsync());
        Assert.Equal(["PK_Notifications"], indexes);
        var constraints = await app.WithDbAsync(db => db.Database.SqlQueryRaw<string>(
            "SELECT conname::text AS \"Value\" FROM pg_constraint WHERE conrelid = '\"Notifications\"'::regclass AND contype = 'f'").ToListAsync());
        Assert.Empty(constraints);
    }

    private static async Task<JsonElement> FindAsync(HttpClient client, long id)
    {
        var page = await client.GetFromJsonAsync<JsonElement>("/api/v1/notifications?limit=200");
        return page.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("id").GetInt64() == id);
    }
}
