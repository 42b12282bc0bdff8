using System.Text;
using Cordon.Domain.Exchange;

namespace Cordon.Domain.Tests.Exchange;

public class ExchangeRuleTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Delivery_states_only_move_forward_and_stamp_each_step()
    {
        var d = new Delivery { Module = "Permits", RecordType = "Permit", RecordId = "1", SenderPartyCode = "AT", RecipientPartyCode = "IN" };
        Assert.True(d.Advance(DeliveryState.Read, Now));
        Assert.Equal(Now, d.DeliveredAt);
        Assert.Equal(Now, d.ReadAt);
        Assert.False(d.Advance(DeliveryState.Delivered, Now.AddMinutes(1)));
        Assert.Equal(DeliveryState.Read, d.State);
        Assert.True(d.Advance(DeliveryState.Actioned, Now.AddMinutes(2)));
        Assert.Equal(Now.AddMinutes(2), d.ActionedAt);
    }

    [Fact]
    public void A_webhook_signature_verifies_and_detects_any_change()
    {
        var body = Encoding.UTF8.GetBytes("{\"id\":1}");
        var header = WebhookSignature.Create("secret", Now.ToUnixTimeSeconds(), body);
        Assert.True(WebhookSignature.Verify("secret", header, body, Now, TimeSpan.FromMinutes(5)));
        Assert.False(WebhookSignature.Verify("other", header, body, Now, TimeSpan.FromMinutes(5)));
        Assert.False(WebhookSignature.Verify("secret", header, Encoding.UTF8.GetBytes("{\"id\":2}"), Now, TimeSpan.FromMinutes(5)));
        Assert.False(WebhookSignature.Verify("secret", header, body, Now.AddHours(1), TimeSpan.FromMinutes(5)));
        Assert.False(WebhookSignature.Verify("secret", "garbage", body, Now, TimeSpan.FromMinutes(5)));
    }

    [Fact]
    public void Retries_back_off_exponentially_up_to_a_cap_then_give_up()
    {
        Assert.Equal(TimeSpan.FromSeconds(30), RetrySchedule.DelayAfter(1));
        Assert.Equal(TimeSpan.FromSeconds(60), RetrySchedule.DelayAfter(2));
        Assert.Equal(TimeSpan.FromHours(6), RetrySchedule.DelayAfter(20));
        Assert.False(RetrySchedule.IsExhausted(RetrySchedule.MaxAttempts - 1));
        Assert.True(RetrySchedule.IsExhausted(RetrySchedule.MaxAttempts));
    }
}
