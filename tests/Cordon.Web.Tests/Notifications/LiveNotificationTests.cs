using System.Net;
using Cordon.Application.Notifications;
using Cordon.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Cordon.Web.Tests.Notifications;

[Collection(SharedApp.Name)]
public class LiveNotificationTests(CordonApp app)
{
    [Fact]
    public async Task A_notification_created_after_connecting_arrives_on_the_event_stream()
    {
        var client = await app.SignInAsync("regulator.at@cordon.example");
        // Other tests may notify this user meanwhile: look for this test's own notification among the events.
        var marker = $"someone.{Guid.NewGuid():N}@cordon.example";
        var userId = await app.WithDbAsync(db => db.Users.Where(u => u.Email == "regulator.at@cordon.example").Select(u => u.Id).SingleAsync());
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        using var response = await client.GetAsync("/notifications/stream", HttpCompletionOption.ResponseHeadersRead, cts.Token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cts.Token));
        Assert.Equal("event: connected", await reader.ReadLineAsync(cts.Token));

        await app.WithScopeAsync(async s =>
        {
            var db = s.GetRequiredService<Cordon.Application.Data.CordonDbContext>();
            await s.GetRequiredService<Notifier>().NotifyUsersAsync([userId], "Notification.UserRemoved", [marker, "AT"], "/Admin/Users", email: false);
            await db.SaveChangesAsync();
        });

        string? eventType = null, data = null;
        while (await reader.ReadLineAsync(cts.Token) is { } line)
        {
            if (line.StartsWith("event: ", StringComparison.Ordinal)) eventType = line[7..];
            if (line.StartsWith("data: ", StringComparison.Ordinal) && eventType == "notification" && line.Contains(marker, StringComparison.Ordinal))
            {
                data = line[6..];
                break;
            }
        }
        Assert.NotNull(data);
        Assert.Contains("\"key\":\"Notification.UserRemoved\"", data, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_stream_needs_a_signed_in_user() =>
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Anonymous().GetAsync("/notifications/stream")).StatusCode);
}
