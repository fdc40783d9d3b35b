using System.Diagnostics;
using System.Globalization;

namespace Tiaodu.Core.Documents;

/// <summary>What a conversion gave: the output file, or why there is none (Chinese, for the user).</summary>
public sealed record OfficeConversion(byte[]? Output, string? Failure)
{
    public bool Succeeded => Output is not null;

    public static OfficeConversion Failed(string reason) => new(null, reason);
}

/// <summary>
/// Converts office files with LibreOffice when it is installed (it is optional: without it the platform
/// offers the .docx only). Each run gets its own throwaway profile directory, so conversions may run side by
/// side, and a run that overstays its timeout is killed with the processes it started.
/// </summary>
public sealed class OfficeConverter
{
    private static readonly string[] Names = OperatingSystem.IsWindows() ? ["soffice.exe"] : ["soffice", "libreoffice"];

    public OfficeConverter(string? program = null, TimeSpan? timeout = null)
    {
        Program = program ?? Find();
        Timeout = timeout ?? TimeSpan.FromSeconds(120);
    }

    /// <summary>The LibreOffice program used, or null when none was found.</summary>
    public string? Program { get; }

    public TimeSpan Timeout { get; }

    public bool IsAvailable => Program is not null && File.Exists(Program);

    /// <summary>soffice on the PATH, else the usual install locations.</summary>
    public static string? Find()
    {
        var onPath = Names.Select(OnPath).OfType<string>();
        var optDirs = Directory.Exists("/opt")
            ? Directory.GetDirectories("/opt", "libreoffice*").OrderDescending(StringComparer.Ordinal).Select(d => Path.Combine(d, "program", "soffice"))
            : [];
        string[] usual =
        [
            "/usr/bin/soffice", "/usr/lib/libreoffice/program/soffice", "/usr/local/bin/soffice", "/snap/bin/libreoffice",
            "/Applications/LibreOffice.app/Contents/MacOS/soffice",
            Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.ProgramFiles), "LibreOffice", "program", "soffice.exe"),
        ];
        return onPath.Concat(optDirs).Concat(usual).FirstOrDefault(File.Exists);
    }

    internal static string? OnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name)).FirstOrDefault(File.Exists);

    public Task<OfficeConversion> ConvertToPdfAsync(byte[] docx, CancellationToken cancellationToken = default) =>
        ConvertAsync(docx, "docx", "pdf", cancellationToken);

    public async Task<OfficeConversion> ConvertToPdfAsync(string docxFile, CancellationToken cancellationToken = default)
    {
        var extension = Path.GetExtension(docxFile).TrimStart('.');
        var bytes = await File.ReadAllBytesAsync(docxFile, cancellationToken);
        return await ConvertAsync(bytes, extension.Length > 0 ? extension : "docx", "pdf", cancellationToken);
    }

    /// <summary>
    /// Converts <paramref name="input"/> (a file of type <paramref name="inputExtension"/>) to
    /// <paramref name="target"/>, a LibreOffice --convert-to argument such as "pdf" or "csv:Text - txt - csv (StarCalc):44,34,76".
    /// </summary>
    public async Task<OfficeConversion> ConvertAsync(byte[] input, string inputExtension, string target, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (inputExtension.Length == 0 || !inputExtension.All(char.IsAsciiLetterOrDigit))
        {
            throw new ArgumentException("The input type is a file extension such as docx.", nameof(inputExtension));
        }

        if (Program is not { } program || !File.Exists(program))
        {
            return OfficeConversion.Failed("未安装 LibreOffice，无法转换文件");
        }

        var dir = Directory.CreateTempSubdirectory("tiaodu-office-");
        try
        {
            var source = Path.Combine(dir.FullName, "document." + inputExtension);
            await File.WriteAllBytesAsync(source, input, cancellationToken);
            var outDir = Directory.CreateDirectory(Path.Combine(dir.FullName, "out")).FullName;
            var profile = Directory.CreateDirectory(Path.Combine(dir.FullName, "profile", "user"));
            await File.WriteAllTextAsync(Path.Combine(profile.FullName, "registrymodifications.xcu"), FontReplacements.Settings(), cancellationToken);
            var start = new ProcessStartInfo(program)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                WorkingDirectory = dir.FullName,
            };
            foreach (var argument in new[]
            {
                "--headless", "--norestore", "--nologo", "--nolockcheck", "--nodefault",
                "-env:UserInstallation=" + new Uri(Path.Combine(dir.FullName, "profile")).AbsoluteUri,
                "--convert-to", target, "--outdir", outDir, source,
            })
            {
                start.ArgumentList.Add(argument);
            }

            int? exitCode;
            string error;
            try
            {
                (exitCode, error) = await RunAsync(start, cancellationToken);
            }
            catch (System.ComponentModel.Win32Exception e)
            {
                return OfficeConversion.Failed("无法启动 LibreOffice：" + e.Message);
            }

            if (exitCode is null)
            {
                return OfficeConversion.Failed(string.Create(CultureInfo.InvariantCulture, $"LibreOffice 在 {Timeout.TotalSeconds:0} 秒内未完成转换，已终止"));
            }

            var output = Path.Combine(outDir, "document." + target.Split(':')[0]);
            return File.Exists(output) && new FileInfo(output).Length > 0
                ? new OfficeConversion(await File.ReadAllBytesAsync(output, cancellationToken), null)
                : OfficeConversion.Failed(string.Create(CultureInfo.InvariantCulture, $"LibreOffice 未生成文件（退出码 {exitCode}）：{error.Trim()}"));
        }
        finally
        {
            try
            {
                dir.Delete(recursive: true);
            }
            catch (IOException)
            {
                // A killed run may still hold a file for a moment; the temporary directory is left to the system.
            }
        }
    }

    /// <summary>Runs the program; the exit code and standard error, or a null exit code when it timed out and was killed.</summary>
    private async Task<(int? ExitCode, string Error)> RunAsync(ProcessStartInfo start, CancellationToken cancellationToken)
    {
        using var process = Process.Start(start) ?? throw new System.ComponentModel.Win32Exception("LibreOffice did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // It ended on its own just now.
            }

            await process.WaitForExitAsync(CancellationToken.None);
            cancellationToken.ThrowIfCancellationRequested();
            return (null, "");
        }

        await stdout;
        return (process.ExitCode, await stderr);
    }
}
