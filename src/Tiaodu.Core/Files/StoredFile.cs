using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Tiaodu.Core.Accounts;
using Tiaodu.Core.Data;

namespace Tiaodu.Core.Files;

/// <summary>A file kept on disk (evidence of a milestone, later photos), described here: who uploaded what, its hash and size.</summary>
public sealed class StoredFile
{
    public const string MilestoneOwner = "Milestone";
    public const string ReportPhotoOwner = "ReportPhoto";

    /// <summary>A photo taken on a service officer's site visit (owned by the log entry).</summary>
    public const string ServiceLogPhotoOwner = "ServiceLogPhoto";

    /// <summary>A document of an investment lead (a letter of intent, a contract, a company profile), owned by the lead.</summary>
    public const string LeadDocumentOwner = "LeadDocument";

    /// <summary>A photo's small copy, owned by the photo's file id.</summary>
    public const string ThumbnailOwner = "Thumbnail";
    public const int NameLength = 200;

    public int Id { get; private set; }
    public string OwnerType { get; private set; } = "";
    public int OwnerId { get; private set; }
    public string FileName { get; private set; } = "";
    public string ContentType { get; private set; } = "";
    public long Size { get; private set; }
    public string Sha256 { get; private set; } = "";

    /// <summary>Where under the file root it lies ("2026/12/….pdf"); never built from the uploaded name.</summary>
    public string Path { get; private set; } = "";

    public string UploadedBy { get; private set; } = "";
    public DateTime UploadedAt { get; private set; }

    private StoredFile()
    {
    }

    public StoredFile(string ownerType, int ownerId, string fileName, string contentType, long size, string sha256, string path, string by, DateTime at)
    {
        (OwnerType, OwnerId, FileName, ContentType, Size, Sha256, Path, UploadedBy, UploadedAt) =
            (ownerType, ownerId, fileName, contentType, size, sha256, path, by.Length <= 50 ? by : by[..50], at);
    }
}

/// <summary>Where uploaded files live; the web host sets the root (the data folder's "files").</summary>
public sealed class FileStoreOptions
{
    public string Root { get; set; } = "files";
    public long MaxBytes { get; set; } = 20 * 1024 * 1024;
}

/// <summary>
/// Keeps evidence files: PDF, JPEG, PNG and Office documents, told apart by their first bytes (not their
/// names), at most <see cref="FileStoreOptions.MaxBytes"/>, written under a generated name, hashed, audited.
/// </summary>
public sealed class FileStore(TiaoduDb db, FileStoreOptions options, TimeProvider clock, ICurrentUser user)
{
    private static readonly (byte[] Magic, string Type, string[] Extensions)[] Kinds =
    [
        ("%PDF"u8.ToArray(), "application/pdf", [".pdf"]),
        ([0xFF, 0xD8, 0xFF], "image/jpeg", [".jpg", ".jpeg"]),
        ([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], "image/png", [".png"]),
        ([0x50, 0x4B, 0x03, 0x04], "application/vnd.openxmlformats-officedocument", [".docx", ".xlsx", ".pptx"]),
        ([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1], "application/vnd.ms-office", [".doc", ".xls", ".ppt"]),
    ];

    public async Task<StoredFile> SaveAsync(string ownerType, int ownerId, string fileName, byte[] content, CancellationToken ct)
    {
        if (content.Length == 0)
        {
            throw ValidationFailedException.For("file", "文件是空的");
        }

        if (content.Length > options.MaxBytes)
        {
            throw ValidationFailedException.For("file", $"文件不能超过{options.MaxBytes / 1024 / 1024}MB");
        }

        var name = System.IO.Path.GetFileName(fileName.Replace('\\', '/')).Trim();
        if (name.Length == 0 || name.Length > StoredFile.NameLength || name.Any(char.IsControl))
        {
            throw ValidationFailedException.For("file", "文件名不正确");
        }

        var ext = System.IO.Path.GetExtension(name).ToLowerInvariant();
        var kind = Kinds.FirstOrDefault(k => content.AsSpan().StartsWith(k.Magic));
        if (kind.Type is null || !kind.Extensions.Contains(ext))
        {
            throw ValidationFailedException.For("file", "只接受 PDF、JPG、PNG 和 Word/Excel 文件，且文件内容须与扩展名一致");
        }

        var type = ext switch
        {
            ".docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            ".xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            ".pptx" => "application/vnd.openxmlformats-officedocument.presentationml.presentation",
            ".doc" => "application/msword",
            ".xls" => "application/vnd.ms-excel",
            ".ppt" => "application/vnd.ms-powerpoint",
            _ => kind.Type,
        };
        var now = clock.GetUtcNow().UtcDateTime;
        var relative = $"{now:yyyy}/{now:MM}/{Guid.NewGuid():N}{ext}";
        var full = System.IO.Path.Combine(System.IO.Path.GetFullPath(options.Root), relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        await File.WriteAllBytesAsync(full, content, ct);
        var stored = new StoredFile(ownerType, ownerId, name, type, content.Length, Convert.ToHexStringLower(SHA256.HashData(content)), relative, user.Name, now);
        db.StoredFiles.Add(stored);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch
        {
            File.Delete(full);
            throw;
        }

        return stored;
    }

    public Stream Open(StoredFile file)
    {
        var full = System.IO.Path.Combine(System.IO.Path.GetFullPath(options.Root), file.Path);
        return File.Exists(full) ? File.OpenRead(full) : throw new NotFoundException("文件已不在存储中，请联系系统管理员");
    }

    /// <summary>The file if it belongs to a milestone of a project the user sees; the download is audited.</summary>
    public async Task<StoredFile> FindMilestoneFileAsync(int fileId, CancellationToken ct)
    {
        var file = await db.StoredFiles.AsNoTracking().FirstOrDefaultAsync(f => f.Id == fileId && f.OwnerType == StoredFile.MilestoneOwner, ct)
            ?? throw new NotFoundException("文件不存在");
        var projectId = await db.Milestones.Where(m => m.Id == file.OwnerId).Select(m => (int?)m.ProjectId).FirstOrDefaultAsync(ct);
        var project = projectId is null ? null : await db.Projects.AsNoTracking().FirstOrDefaultAsync(p => p.Id == projectId, ct);
        if (project is null || !user.Has(Permission.ViewLedger) || !(await user.ScopeAsync(ct)).Allows(project))
        {
            throw new NotFoundException("文件不存在");
        }

        await db.RecordAuditAsync(Audit.AuditAction.Export, nameof(StoredFile), file.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            $"下载节点佐证材料「{file.FileName}」", Audit.AuditResult.Success, ct);
        return file;
    }

    /// <summary>
    /// Adds a progress photo to a report the user may still change (a draft or returned report for reporters;
    /// any report for the dispatch office), with an optional small copy the phone made; images only.
    /// </summary>
    public async Task<StoredFile> AddReportPhotoAsync(int reportId, string fileName, byte[] content, byte[]? thumbnail, CancellationToken ct)
    {
        var report = await db.MonthlyReports.AsNoTracking().FirstOrDefaultAsync(r => r.Id == reportId, ct) ?? throw new NotFoundException("月报不存在");
        await RequireReportAsync(report, ct);
        if (!IsImage(content))
        {
            throw ValidationFailedException.For("file", "形象进度照片只接受 JPG 或 PNG 图片");
        }

        if (await db.StoredFiles.CountAsync(f => f.OwnerType == StoredFile.ReportPhotoOwner && f.OwnerId == reportId, ct) >= MaxPhotos)
        {
            throw ValidationFailedException.For("file", $"每份月报最多{MaxPhotos}张照片");
        }

        var photo = await SaveAsync(StoredFile.ReportPhotoOwner, reportId, fileName, content, ct);
        if (thumbnail is { Length: > 0 } t && t.Length <= 512 * 1024 && IsImage(t))
        {
            await SaveAsync(StoredFile.ThumbnailOwner, photo.Id, System.IO.Path.GetFileNameWithoutExtension(photo.FileName) + "-小图" + (t[0] == 0xFF ? ".jpg" : ".png"), t, ct);
        }

        return photo;
    }

    public const int MaxPhotos = 12;

    /// <summary>Removes a photo (and its small copy) from a report the user may still change; the files stay on disk, the records go.</summary>
    public async Task DeleteReportPhotoAsync(int fileId, CancellationToken ct)
    {
        var file = await db.StoredFiles.FirstOrDefaultAsync(f => f.Id == fileId && f.OwnerType == StoredFile.ReportPhotoOwner, ct) ?? throw new NotFoundException("照片不存在");
        var report = await db.MonthlyReports.AsNoTracking().FirstAsync(r => r.Id == file.OwnerId, ct);
        await RequireReportAsync(report, ct);
        db.StoredFiles.Remove(file);
        db.StoredFiles.RemoveRange(await db.StoredFiles.Where(f => f.OwnerType == StoredFile.ThumbnailOwner && f.OwnerId == fileId).ToListAsync(ct));
        await db.SaveChangesAsync(ct);
    }

    /// <summary>A report photo (or its small copy) if the user may read the report's project.</summary>
    public Task<StoredFile> FindReportPhotoAsync(int fileId, bool thumbnail, CancellationToken ct) =>
        FindPhotoAsync(StoredFile.ReportPhotoOwner, owner => db.MonthlyReports.Where(r => r.Id == owner).Select(r => (int?)r.ProjectId), fileId, thumbnail, ct);

    /// <summary>
    /// A photo owned by a record of a project (a report, a visit log) — or its small copy — if the user may read
    /// that project; anything else is "not found", so nobody learns what exists outside their jurisdiction.
    /// </summary>
    public async Task<StoredFile> FindPhotoAsync(string ownerType, Func<int, IQueryable<int?>> projectOf, int fileId, bool thumbnail, CancellationToken ct)
    {
        var file = await db.StoredFiles.AsNoTracking().FirstOrDefaultAsync(f => f.Id == fileId && f.OwnerType == ownerType, ct)
            ?? throw new NotFoundException("照片不存在");
        var projectId = await projectOf(file.OwnerId).FirstOrDefaultAsync(ct);
        var project = projectId is null ? null : await db.Projects.AsNoTracking().FirstOrDefaultAsync(p => p.Id == projectId, ct);
        if (project is null || !user.Has(Permission.ViewLedger) || !(await user.ScopeAsync(ct)).Allows(project))
        {
            throw new NotFoundException("照片不存在");
        }

        return thumbnail
            ? await db.StoredFiles.AsNoTracking().FirstOrDefaultAsync(f => f.OwnerType == StoredFile.ThumbnailOwner && f.OwnerId == fileId, ct) ?? file
            : file;
    }

    private async Task RequireReportAsync(Ledger.MonthlyReport report, CancellationToken ct)
    {
        var reviewer = user.Has(Permission.ReviewReports);
        if (!reviewer && !user.Has(Permission.ReportProgress) && !user.Has(Permission.EditLedger))
        {
            throw new ForbiddenException("您的角色不能上传形象进度照片");
        }

        var project = await db.Projects.AsNoTracking().FirstAsync(p => p.Id == report.ProjectId, ct);
        if (project.IsDeleted || !(await user.ScopeAsync(ct)).Allows(project))
        {
            throw new NotFoundException("月报不存在");
        }

        if (!reviewer && report.Status is Ledger.ReportStatus.Submitted or Ledger.ReportStatus.Approved)
        {
            throw new ConflictException("月报已提交，不能再更改照片");
        }
    }

    /// <summary>JPEG or PNG by the same signatures <see cref="SaveAsync"/> recognises.</summary>
    public static bool IsImage(byte[] content) =>
        Kinds.Any(k => k.Type.StartsWith("image/", StringComparison.Ordinal) && content.AsSpan().StartsWith(k.Magic));

    /// <summary>Adds evidence to a milestone of a project the user may report on.</summary>
    public async Task<StoredFile> AddMilestoneFileAsync(int milestoneId, string fileName, byte[] content, CancellationToken ct)
    {
        if (!user.Has(Permission.EditLedger) && !user.Has(Permission.ReportProgress))
        {
            throw new ForbiddenException("您的角色不能上传佐证材料");
        }

        var projectId = await db.Milestones.Where(m => m.Id == milestoneId).Select(m => (int?)m.ProjectId).FirstOrDefaultAsync(ct) ?? throw new NotFoundException("节点不存在");
        var project = await db.Projects.AsNoTracking().FirstAsync(p => p.Id == projectId, ct);
        if (project.IsDeleted || !(await user.ScopeAsync(ct)).Allows(project))
        {
            throw new NotFoundException("节点不存在");
        }

        return await SaveAsync(StoredFile.MilestoneOwner, milestoneId, fileName, content, ct);
    }
}
