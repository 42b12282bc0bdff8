using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Cordon.Web.Tests.Infrastructure;

/// <summary>
/// Enough of an SMTP server on loopback for the outbox sender: it accepts messages and records, for each, the envelope
/// recipients and the data; it refuses the addresses in <see cref="Refused"/> (550) and, when <see cref="DropAfter"/> is set,
/// closes the connection after that many more accepted messages (a server going away mid-send).
/// </summary>
public sealed class FakeSmtpServer : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();

    public sealed record Message(IReadOnlyList<string> Recipients, string Data);

    public ConcurrentQueue<Message> Received { get; } = new();
    public ConcurrentDictionary<string, bool> Refused { get; } = new(StringComparer.OrdinalIgnoreCase);
    public int? DropAfter { get; set; }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public FakeSmtpServer()
    {
        _listener.Start();
        _ = AcceptAsync();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await _listener.AcceptTcpClientAsync(_stop.Token); }
            catch (Exception) { return; }
            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        var stream = client.GetStream();
        using var reader = new StreamReader(stream, Encoding.ASCII);
        await using var writer = new StreamWriter(stream, Encoding.ASCII) { NewLine = "\r\n", AutoFlush = true };
        var recipients = new List<string>();
        try
        {
            await writer.WriteLineAsync("220 fake ESMTP");
            while (await reader.ReadLineAsync() is { } line)
            {
                var verb = line.Split(' ', 2)[0].ToUpperInvariant();
                switch (verb)
                {
                    case "EHLO" or "HELO": await writer.WriteLineAsync("250 fake"); break;
                    case "MAIL": recipients.Clear(); await writer.WriteLineAsync("250 OK"); break;
                    case "RCPT":
                        var address = line[(line.IndexOf('<', StringComparison.Ordinal) + 1)..line.IndexOf('>', StringComparison.Ordinal)];
                        if (Refused.ContainsKey(address)) await writer.WriteLineAsync("550 No such mailbox");
                        else
                        {
                            recipients.Add(address);
                            await writer.WriteLineAsync("250 OK");
                        }
                        break;
                    case "DATA":
                        await writer.WriteLineAsync("354 End with <CRLF>.<CRLF>");
                        var data = new StringBuilder();
                        while (await reader.ReadLineAsync() is { } d && d != ".") data.AppendLine(d);
                        if (DropAfter == 0) return; // the connection goes away before the message is accepted
                        Received.Enqueue(new Message([.. recipients], data.ToString()));
                        if (DropAfter is { } n) DropAfter = n - 1;
                        await writer.WriteLineAsync("250 Queued");
                        break;
                    case "QUIT": await writer.WriteLineAsync("221 Bye"); return;
                    default: await writer.WriteLineAsync("250 OK"); break; // RSET, NOOP
                }
            }
        }
        catch (IOException)
        {
            // The client went away.
        }

    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        _stop.Dispose();
    }
}
