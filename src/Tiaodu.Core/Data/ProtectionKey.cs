namespace Tiaodu.Core.Data;

/// <summary>
/// One key of the web host's data-protection key ring (the keys that sign the sign-in cookie and the form
/// tokens), kept in the database so that every app instance on it reads the same ring. Not audited: the XML
/// is key material.
/// </summary>
public sealed class ProtectionKey
{
    public int Id { get; private set; }
    public string? FriendlyName { get; private set; }
    public string Xml { get; private set; } = "";

    private ProtectionKey()
    {
    }

    public ProtectionKey(string? friendlyName, string xml)
    {
        FriendlyName = friendlyName is { Length: > 100 } f ? f[..100] : friendlyName;
        Xml = xml;
    }
}
