using System.Globalization;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;

namespace Tiaodu.Core.Notifications;

/// <summary>An e-mail as it leaves: plain UTF-8 text to one address.</summary>
public sealed record OutgoingMail(string FromAddress, string? FromName, string To, string Subject, string Body);

/// <summary>A mail server's refusal or a broken conversation; <see cref="Permanent"/> when trying again cannot help (a 5xx answer).</summary>
public sealed class MailDeliveryException(string message, bool permanent) : Exception(message)
{
    public bool Permanent { get; } = permanent;
}

/// <summary>
/// A small SMTP client (RFC 5321) on the framework's sockets and TLS: EHLO, STARTTLS or TLS from the start,
/// AUTH PLAIN or LOGIN, one recipient, a UTF-8 text body in Base64 with an RFC 2047 subject. Nothing of the
/// message reaches the conversation unencoded, so a subject or body cannot inject commands or headers.
/// </summary>
public static class SmtpMailer
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    public static async Task SendAsync(string host, int port, MailSecurity security, string? userName, string? password, OutgoingMail mail, TimeSpan timeout, CancellationToken ct)
    {
        CheckAddress(mail.FromAddress);
        CheckAddress(mail.To);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(timeout);
        var token = limit.Token;
        try
        {
            using var tcp = new TcpClient();
            await tcp.ConnectAsync(host, port, token);
            Stream stream = tcp.GetStream();
            if (security == MailSecurity.Tls)
            {
                stream = await UpgradeAsync(stream, host, token);
            }

            using var first = new Session(stream);
            var session = first;
            await session.ExpectAsync(220, token);
            var capabilities = await session.HelloAsync(token);
            Session? secured = null;
            using var _ = new DisposeLater(() => secured?.Dispose());
            if (security == MailSecurity.StartTls)
            {
                if (!capabilities.Contains("STARTTLS"))
                {
                    throw new MailDeliveryException("邮件服务器不支持 STARTTLS", permanent: true);
                }

                await session.CommandAsync("STARTTLS", 220, token);
                secured = new Session(await UpgradeAsync(stream, host, token));
                session = secured;
                capabilities = await session.HelloAsync(token);
            }

            if (!string.IsNullOrEmpty(userName))
            {
                await session.AuthenticateAsync(capabilities, userName, password ?? "", token);
            }

            await session.CommandAsync($"MAIL FROM:<{mail.FromAddress}>", 250, token);
            await session.CommandAsync($"RCPT TO:<{mail.To}>", 250, token, alsoOk: 251);
            await session.CommandAsync("DATA", 354, token);
            await session.WriteRawAsync(Compose(mail, DateTimeOffset.UtcNow, host), token);
            await session.ExpectAsync(250, token);
            try
            {
                await session.CommandAsync("QUIT", 221, token);
            }
            catch (MailDeliveryException)
            {
                // Sent already; a server that hangs up without a goodbye changes nothing.
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new MailDeliveryException($"连接邮件服务器超时（{timeout.TotalSeconds:0}秒）", permanent: false);
        }
        catch (Exception e) when (e is SocketException or IOException or System.Security.Authentication.AuthenticationException)
        {
            throw new MailDeliveryException("连接邮件服务器失败：" + e.Message, permanent: false);
        }
    }

    /// <summary>Whether an address is one this client will put in an envelope (one address, no spaces, angle brackets or line breaks).</summary>
    public static bool IsValidAddress(string? address) =>
        address is { Length: > 2 and <= 254 }
        && address.IndexOfAny([' ', '\t', '\r', '\n', '<', '>', ',', ';', '"', '(', ')']) < 0
        && address.IndexOf('@') is var at && at > 0 && at < address.Length - 1 && address.IndexOf('@', at + 1) < 0
        && address[(at + 1)..].Contains('.') && System.Net.Mail.MailAddress.TryCreate(address, out var parsed) && parsed.Address == address;

    private static void CheckAddress(string address)
    {
        if (!IsValidAddress(address))
        {
            throw new MailDeliveryException("邮箱地址格式不正确：" + address, permanent: true);
        }
    }

    private sealed class DisposeLater(Action action) : IDisposable
    {
        public void Dispose() => action();
    }

    private static async Task<Stream> UpgradeAsync(Stream inner, string host, CancellationToken ct)
    {
        var ssl = new SslStream(inner, leaveInnerStreamOpen: true);
        await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = host }, ct);
        return ssl;
    }

    /// <summary>The message as the DATA section carries it, ending with the lone dot.</summary>
    public static string Compose(OutgoingMail mail, DateTimeOffset at, string host)
    {
        var b = new StringBuilder();
        b.Append("Date: ").Append(at.ToString("ddd, dd MMM yyyy HH:mm:ss +0000", CultureInfo.InvariantCulture)).Append("\r\n");
        b.Append("From: ").Append(string.IsNullOrWhiteSpace(mail.FromName) ? "" : EncodedWord(mail.FromName) + " ").Append('<').Append(mail.FromAddress).Append(">\r\n");
        b.Append("To: <").Append(mail.To).Append(">\r\n");
        b.Append("Subject: ").Append(EncodedWord(mail.Subject)).Append("\r\n");
        b.Append("Message-ID: <").Append(Guid.NewGuid().ToString("N")).Append('@').Append(host.Replace(">", "", StringComparison.Ordinal)).Append(">\r\n");
        b.Append("MIME-Version: 1.0\r\n");
        b.Append("Content-Type: text/plain; charset=UTF-8\r\n");
        b.Append("Content-Transfer-Encoding: base64\r\n\r\n");
        var body = Convert.ToBase64String(Encoding.UTF8.GetBytes(mail.Body.ReplaceLineEndings("\r\n")));
        for (var i = 0; i < body.Length; i += 76)
        {
            b.Append(body.AsSpan(i, Math.Min(76, body.Length - i))).Append("\r\n");
        }

        b.Append(".\r\n");
        return b.ToString();
    }

    /// <summary>RFC 2047 encoded words of at most 45 UTF-8 bytes each (75 characters encoded), split between characters.</summary>
    public static string EncodedWord(string text)
    {
        var words = new List<string>();
        var chunk = new StringBuilder();
        var bytes = 0;
        foreach (var rune in text.ReplaceLineEndings(" ").EnumerateRunes())
        {
            var size = rune.Utf8SequenceLength;
            if (bytes + size > 45 && chunk.Length > 0)
            {
                words.Add(Word(chunk.ToString()));
                chunk.Clear();
                bytes = 0;
            }

            chunk.Append(rune.ToString());
            bytes += size;
        }

        if (chunk.Length > 0 || words.Count == 0)
        {
            words.Add(Word(chunk.ToString()));
        }

        return string.Join("\r\n ", words);

        static string Word(string s) => "=?UTF-8?B?" + Convert.ToBase64String(Encoding.UTF8.GetBytes(s)) + "?=";
    }

    private sealed class Session(Stream stream) : IDisposable
    {
        public void Dispose() => _reader.Dispose();

        private readonly StreamReader _reader = new(stream, Encoding.ASCII, detectEncodingFromByteOrderMarks: false, bufferSize: 1024, leaveOpen: true);

        public async Task<(int Code, List<string> Lines)> ReadAsync(CancellationToken ct)
        {
            var lines = new List<string>();
            while (true)
            {
                var line = await _reader.ReadLineAsync(ct) ?? throw new MailDeliveryException("邮件服务器中断了连接", permanent: false);
                if (line.Length < 3 || !int.TryParse(line.AsSpan(0, 3), NumberStyles.None, CultureInfo.InvariantCulture, out var code))
                {
                    throw new MailDeliveryException("邮件服务器的应答无法识别：" + Cut(line), permanent: false);
                }

                lines.Add(line.Length > 4 ? line[4..] : "");
                if (line.Length == 3 || line[3] != '-')
                {
                    return (code, lines);
                }

                if (lines.Count > 100)
                {
                    throw new MailDeliveryException("邮件服务器的应答过长", permanent: false);
                }
            }
        }

        public async Task ExpectAsync(int expected, CancellationToken ct, int? alsoOk = null)
        {
            var (code, lines) = await ReadAsync(ct);
            if (code != expected && code != alsoOk)
            {
                throw new MailDeliveryException($"邮件服务器拒绝：{code} {Cut(string.Join(" ", lines))}", permanent: code >= 500);
            }
        }

        public async Task CommandAsync(string command, int expected, CancellationToken ct, int? alsoOk = null)
        {
            await WriteRawAsync(command + "\r\n", ct);
            await ExpectAsync(expected, ct, alsoOk);
        }

        public async Task WriteRawAsync(string text, CancellationToken ct)
        {
            await stream.WriteAsync(Encoding.ASCII.GetBytes(text), ct);
            await stream.FlushAsync(ct);
        }

        /// <summary>EHLO, and the extensions the server offers (upper case, first word of each line).</summary>
        public async Task<HashSet<string>> HelloAsync(CancellationToken ct)
        {
            await WriteRawAsync("EHLO tiaodu\r\n", ct);
            var (code, lines) = await ReadAsync(ct);
            if (code != 250)
            {
                throw new MailDeliveryException($"邮件服务器拒绝 EHLO：{code}", permanent: code >= 500);
            }

            var set = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var line in lines.Skip(1))
            {
                var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (words.Length == 0)
                {
                    continue;
                }

                set.Add(words[0].ToUpperInvariant());
                if (words[0].Equals("AUTH", StringComparison.OrdinalIgnoreCase))
                {
                    foreach (var mechanism in words.Skip(1))
                    {
                        set.Add("AUTH " + mechanism.ToUpperInvariant());
                    }
                }
            }

            return set;
        }

        public async Task AuthenticateAsync(HashSet<string> capabilities, string user, string password, CancellationToken ct)
        {
            static string B64(string s) => Convert.ToBase64String(Encoding.UTF8.GetBytes(s));
            try
            {
                if (capabilities.Contains("AUTH PLAIN") || !capabilities.Contains("AUTH LOGIN"))
                {
                    await CommandAsync("AUTH PLAIN " + B64("\0" + user + "\0" + password), 235, ct);
                }
                else
                {
                    await CommandAsync("AUTH LOGIN", 334, ct);
                    await CommandAsync(B64(user), 334, ct);
                    await CommandAsync(B64(password), 235, ct);
                }
            }
            catch (MailDeliveryException e)
            {
                throw new MailDeliveryException("邮件服务器登录失败，请核对用户名和密码（" + e.Message + "）", e.Permanent);
            }
        }

        private static string Cut(string s) => s.Length <= 200 ? s : s[..200];
    }
}
