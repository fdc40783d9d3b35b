namespace Tiaodu.Web;

/// <summary>Marker for the UI strings in Resources/SharedResource*.resx (zh-CN default, zh-TW, en).</summary>
public sealed class SharedResource;
