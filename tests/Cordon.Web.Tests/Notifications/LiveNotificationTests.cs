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
        using var stream = await LiveStream.OpenAsync(client, cts.Token);

        await app.WithScopeAsync(async s =>
        {
            var db = s.GetRequiredService<Cordon.Application.Data.CordonDbContext>();
            await s.GetRequiredService<Notifier>().NotifyUsersAsync([userId], "Notification.UserRemoved", [marker, "AT"], "/Admin/Users", email: false);
            await db.SaveChangesAsync();
        });

        var data = await stream.NextNotificationWithAsync(marker, cts.Token);
        Assert.NotNull(data);
        Assert.Contains("\"key\":\"Notification.UserRemoved\"", data, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_stream_needs_a_signed_in_user() =>
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Anonymous().GetAsync("/notifications/stream")).StatusCode);
}
