using Microsoft.Playwright;

namespace Tiaodu.BrowserTests;

/// <summary>Debian's Chromium driven by Playwright (never Playwright's own browser download).</summary>
public sealed class Browser : IAsyncLifetime
{
    private IPlaywright? _playwright;

    public IBrowser Instance { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _playwright = await Playwright.CreateAsync();
        Instance = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("TIAODU_CHROMIUM") ?? "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    public async Task DisposeAsync()
    {
        await Instance.CloseAsync();
        _playwright?.Dispose();
    }

    public static string ArtifactPath(string name)
    {
        var dir = Path.Combine(RepoRoot(), "artifacts", "screenshots");
        Directory.CreateDirectory(dir);
        return Path.Combine(dir, name);
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Tiaodu.slnx")))
            {
                return dir.FullName;
            }
        }

        return Path.GetTempPath();
    }
}

/// <summary>One app process and one browser shared by every browser test.</summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public RunningApp App { get; } = new();

    public Browser Browser { get; } = new();

    public async Task InitializeAsync()
    {
        await App.InitializeAsync();
        await Browser.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        await App.DisposeAsync();
    }

    /// <summary>The demo accounts' password (README).</summary>
    public const string DemoPassword = "Tiaodu@2026";

    /// <summary>A fresh browser context, signed in through the login page as <paramref name="user"/> unless null.</summary>
    public async Task<IPage> NewPageAsync(int width = 1366, int height = 900, string? user = "dispatch")
    {
        var context = await Browser.Instance.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = width, Height = height },
            Locale = "zh-CN",
            BaseURL = App.BaseUrl,
        });
        var page = await context.NewPageAsync();
        if (user is not null)
        {
            await page.GotoAsync("/account/login");
            await page.FillAsync("#UserName", user);
            await page.FillAsync("#Password", DemoPassword);
            await page.ClickAsync("#login-form button");
            await page.WaitForURLAsync(url => !url.Contains("/account/login", StringComparison.Ordinal));
        }

        return page;
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}
