using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Tiaodu.BrowserTests;

/// <summary>
/// The real executable, started as a separate process on a free loopback port with a throwaway SQLite
/// database filled with demo data, exactly as `dotnet run --project src/Tiaodu.Web` does.
/// </summary>
public sealed class RunningApp : IAsyncLifetime
{
    private Process? _process;
    private readonly string _dataFolder = Path.Combine(Path.GetTempPath(), "tiaodu-browser-" + Guid.NewGuid().ToString("N"));

    public string BaseUrl { get; private set; } = "";

    public async Task InitializeAsync()
    {
        var port = FreePort();
        BaseUrl = $"http://127.0.0.1:{port}";
        var dll = Path.Combine(WebOutputFolder(), "Tiaodu.Web.dll");
        var start = new ProcessStartInfo("dotnet", [dll, "--urls", BaseUrl])
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["Database__DataFolder"] = _dataFolder;
        _process = Process.Start(start) ?? throw new InvalidOperationException("could not start the app");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        using var http = new HttpClient();
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException("the app exited with code " + _process.ExitCode);
            }

            try
            {
                if ((await http.GetAsync(BaseUrl + "/account/login")).StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }

            await Task.Delay(500);
        }

        throw new TimeoutException("the app did not start within two minutes");
    }

    public async Task DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
        if (Directory.Exists(_dataFolder))
        {
            Directory.Delete(_dataFolder, recursive: true);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The web project's build output of the same configuration as these tests.</summary>
    private static string WebOutputFolder()
    {
        var here = new DirectoryInfo(AppContext.BaseDirectory);
        var configuration = here.Parent!.Name;
        for (var dir = here; dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "src", "Tiaodu.Web", "bin", configuration, "net10.0");
            if (File.Exists(Path.Combine(candidate, "Tiaodu.Web.dll")))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("Build src/Tiaodu.Web first (the test script builds the whole solution).");
    }
}
