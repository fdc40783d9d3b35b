namespace Tiaodu.Core.Notifications;

public enum MailSecurity
{
    /// <summary>Plain SMTP (an intranet relay on port 25).</summary>
    None,

    /// <summary>Plain connection upgraded with STARTTLS (port 587).</summary>
    StartTls,

    /// <summary>TLS from the first byte (port 465).</summary>
    Tls,
}

/// <summary>The outgoing mail server, one per installation, set by the system administrator. Off until set up.</summary>
public sealed class MailSettings
{
    public const int SingletonId = 1;

    public int Id { get; private set; } = SingletonId;
    public bool Enabled { get; private set; }
    public string? Host { get; private set; }
    public int Port { get; private set; } = 25;
    public MailSecurity Security { get; private set; }
    public string? UserName { get; private set; }

    /// <summary>Encrypted like personal data.</summary>
    public string? Password { get; private set; }

    public string? FromAddress { get; private set; }
    public string? FromName { get; private set; }

    /// <summary>The platform's address as users reach it (http://10.1.2.3:5080), for links in e-mails; none when unset.</summary>
    public string? SiteUrl { get; private set; }

    public int Version { get; private set; }

    public void Change(bool enabled, string? host, int port, MailSecurity security, string? userName, string? passwordCipher, string? fromAddress, string? fromName, string? siteUrl)
    {
        (Enabled, Host, Port, Security, UserName, Password, FromAddress, FromName, SiteUrl) = (enabled, host, port, security, userName, passwordCipher, fromAddress, fromName, siteUrl);
        Version++;
    }
}

public enum MailStatus
{
    Pending,
    Sent,
    Failed,
}

/// <summary>
/// An e-mail waiting to leave, written with what caused it; the address is read from the account when it is
/// sent (so it is never stored twice), then sent by the background sender with retries like the robots' messages.
/// </summary>
public sealed class MailMessage
{
    public const int MaxAttempts = 6;
    public const int SubjectLength = 200;
    public const int BodyLength = 4000;

    public long Id { get; private set; }
    public int AccountId { get; private set; }
    public string Subject { get; private set; } = "";
    public string Body { get; private set; } = "";
    public MailStatus Status { get; private set; }
    public int Attempts { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public DateTime NextAttemptAt { get; private set; }
    public DateTime? SentAt { get; private set; }
    public string? LastError { get; private set; }
    public int Version { get; private set; }

    private MailMessage()
    {
    }

    public MailMessage(int accountId, string subject, string body, DateTime at)
    {
        AccountId = accountId;
        Subject = subject.Length <= SubjectLength ? subject : subject[..SubjectLength];
        Body = body.Length <= BodyLength ? body : body[..BodyLength];
        (Status, CreatedAt, NextAttemptAt, Version) = (MailStatus.Pending, at, at, 1);
    }

    /// <summary>Takes the message for one sender: others skip it until <paramref name="until"/> (or until this sender records the result).</summary>
    public void Claim(DateTime until)
    {
        NextAttemptAt = until;
        Version++;
    }

    public void Sent(DateTime at)
    {
        (Status, SentAt, LastError) = (MailStatus.Sent, at, null);
        Attempts++;
        Version++;
    }

    /// <summary>A failure: tried again later with a growing delay, given up after <see cref="MaxAttempts"/> (or at once when it cannot succeed).</summary>
    public void Failed(string error, DateTime at, bool final = false)
    {
        Attempts++;
        LastError = error.Length <= 1000 ? error : error[..1000];
        Status = final || Attempts >= MaxAttempts ? MailStatus.Failed : MailStatus.Pending;
        NextAttemptAt = at.AddMinutes(Math.Pow(2, Attempts));
        Version++;
    }
}
