using Microsoft.EntityFrameworkCore;
using Tiaodu.Core.Accounts;
using Tiaodu.Core.Data;
using Tiaodu.Core.Files;
using Tiaodu.Core.Ledger;
using Tiaodu.Core.Problems;

namespace Tiaodu.Core.Accountability;

/// <summary>A problem to raise with a log entry: category (reference list) and description.</summary>
public sealed record RaisedProblem(int? CategoryId, string? Description);

public sealed record ServiceLogView(int Id, ServiceLogKind Kind, DateOnly On, string Note, string? Officer, string RecordedBy, DateTime RecordedAt,
    IReadOnlyList<StoredFile> Photos, IReadOnlyList<Problem> Problems, int Version);

public sealed record ProjectServiceLog(int ProjectId, string ProjectName, string Region, string? Officer, bool CanRecord, IReadOnlyList<ServiceLogView> Logs);

/// <summary>
/// 服务秘书走访/联系记录: the project's service officer (the account linked to that person) or anyone who reports
/// progress on the project records a site visit or a contact, with photos and the problems it raised; everyone
/// who reads the project reads its log.
/// </summary>
public sealed class ManageServiceLogs(TiaoduDb db, FileStore files, ManageProblems problems, TimeProvider clock, ICurrentUser user)
{
    /// <summary>How far back an entry may be dated.</summary>
    public const int MaxDaysBack = 90;

    public DateOnly Today => DateOnly.FromDateTime(clock.GetLocalNow().DateTime);

    public async Task<ServiceLog> RecordAsync(int projectId, ServiceLogKind kind, DateOnly? on, string? note, IReadOnlyList<RaisedProblem> raised, CancellationToken ct)
    {
        await WriterScopeAsync(ct);
        var project = await WritableProjectAsync(projectId, ct);
        var errors = new ValidationErrors();
        var (day, text) = Check(kind, on ?? Today, note, null, errors);
        var wanted = raised.Where(p => p.CategoryId is not null || !string.IsNullOrWhiteSpace(p.Description)).ToList();
        if (wanted.Count > ServiceLog.MaxProblems)
        {
            errors.Add("problems", $"一次最多提出{ServiceLog.MaxProblems}个问题");
        }

        errors.ThrowIfAny();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var log = new ServiceLog(projectId, kind, day, text, project.ServiceOfficerId, user.Name, clock.GetUtcNow().UtcDateTime);
        db.ServiceLogs.Add(log);
        await db.SaveChangesAsync(ct);
        foreach (var p in wanted)
        {
            var problem = await problems.RaiseAsync(projectId, p.CategoryId, p.Description, ProblemSource.SiteVisit, day, null, ct);
            db.ServiceLogProblems.Add(new ServiceLogProblem(log.Id, problem.Id));
        }

        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return log;
    }

    /// <summary>
    /// Corrects an entry's way, day and note, with the checks of recording (an entry may keep a day older than
    /// <see cref="MaxDaysBack"/>, not move to one); audited with the values before. Its photos and problems stay.
    /// </summary>
    public async Task<ServiceLog> CorrectAsync(int logId, int expectedVersion, ServiceLogKind kind, DateOnly? on, string? note, CancellationToken ct)
    {
        await WriterScopeAsync(ct);
        var log = await db.ServiceLogs.FirstOrDefaultAsync(l => l.Id == logId, ct) ?? throw new NotFoundException("走访记录不存在");
        await WritableProjectAsync(log.ProjectId, ct, "走访记录不存在");
        var errors = new ValidationErrors();
        var (day, text) = Check(kind, on ?? log.On, note, log.On, errors);
        errors.ThrowIfAny();
        ConcurrencyGuard.Expect(db, log, log.Version, expectedVersion);
        log.Correct(kind, day, text);
        await ConcurrencyGuard.SaveAsync(db, ct);
        return log;
    }

    /// <summary>
    /// Removes an entry recorded in error, with its photos' records (the files stay in the store, as removed report
    /// photos do) and its links to problems; the problems it raised stay open on the project. Audited with every value.
    /// </summary>
    public async Task RemoveAsync(int logId, int? expectedVersion, CancellationToken ct)
    {
        await WriterScopeAsync(ct);
        var log = await db.ServiceLogs.FirstOrDefaultAsync(l => l.Id == logId, ct) ?? throw new NotFoundException("走访记录不存在");
        await WritableProjectAsync(log.ProjectId, ct, "走访记录不存在");
        ConcurrencyGuard.Expect(db, log, log.Version, expectedVersion ?? throw ValidationFailedException.For("version", "请刷新页面后再删除（缺少记录版本）"));
        var photos = await db.StoredFiles.Where(f => f.OwnerType == StoredFile.ServiceLogPhotoOwner && f.OwnerId == logId).ToListAsync(ct);
        var photoIds = photos.Select(f => f.Id).ToList();
        db.StoredFiles.RemoveRange(photos);
        db.StoredFiles.RemoveRange(await db.StoredFiles.Where(f => f.OwnerType == StoredFile.ThumbnailOwner && photoIds.Contains(f.OwnerId)).ToListAsync(ct));
        db.ServiceLogProblems.RemoveRange(await db.ServiceLogProblems.Where(x => x.ServiceLogId == logId).ToListAsync(ct));
        db.ServiceLogs.Remove(log);
        await ConcurrencyGuard.SaveAsync(db, ct);
    }

    /// <summary>The way, day and note as recording and correcting check them; <paramref name="kept"/> is a day the entry already has.</summary>
    private (DateOnly Day, string Text) Check(ServiceLogKind kind, DateOnly day, string? note, DateOnly? kept, ValidationErrors errors)
    {
        if (!Enum.IsDefined(kind))
        {
            errors.Add("kind", "请选择走访方式：现场走访或电话/微信联系");
        }

        if (day > Today)
        {
            errors.Add("on", "走访日期不能晚于今天");
        }
        else if (day < Today.AddDays(-MaxDaysBack) && day != kept)
        {
            errors.Add("on", $"只能补记{MaxDaysBack}天以内的走访");
        }

        var text = note?.Trim() ?? "";
        if (text.Length == 0 || text.Length > ServiceLog.NoteLength)
        {
            errors.Add("note", $"请填写走访情况（不超过{ServiceLog.NoteLength}个字）");
        }

        return (day, text);
    }

    /// <summary>Adds a photo (with the small copy the phone made, if any) to an entry the user may write on; images only.</summary>
    public async Task<StoredFile> AddPhotoAsync(int logId, string fileName, byte[] content, byte[]? thumbnail, CancellationToken ct)
    {
        await WriterScopeAsync(ct);
        var log = await db.ServiceLogs.AsNoTracking().FirstOrDefaultAsync(l => l.Id == logId, ct) ?? throw new NotFoundException("走访记录不存在");
        await WritableProjectAsync(log.ProjectId, ct, "走访记录不存在");
        if (!FileStore.IsImage(content))
        {
            throw ValidationFailedException.For("file", "走访照片只接受 JPG 或 PNG 图片");
        }

        if (await db.StoredFiles.CountAsync(f => f.OwnerType == StoredFile.ServiceLogPhotoOwner && f.OwnerId == logId, ct) >= ServiceLog.MaxPhotos)
        {
            throw ValidationFailedException.For("file", $"每条走访记录最多{ServiceLog.MaxPhotos}张照片");
        }

        var photo = await files.SaveAsync(StoredFile.ServiceLogPhotoOwner, logId, fileName, content, ct);
        if (thumbnail is { Length: > 0 } t && t.Length <= 512 * 1024 && FileStore.IsImage(t))
        {
            await files.SaveAsync(StoredFile.ThumbnailOwner, photo.Id, Path.GetFileNameWithoutExtension(photo.FileName) + "-小图" + (t[0] == 0xFF ? ".jpg" : ".png"), t, ct);
        }

        return photo;
    }

    /// <summary>A visit photo (or its small copy) if the user may read the project.</summary>
    public Task<StoredFile> FindPhotoAsync(int fileId, bool thumbnail, CancellationToken ct) =>
        files.FindPhotoAsync(StoredFile.ServiceLogPhotoOwner, owner => db.ServiceLogs.Where(l => l.Id == owner).Select(l => (int?)l.ProjectId), fileId, thumbnail, ct);

    /// <summary>A project's log, newest first, with photos and problems; whether the user may add to it.</summary>
    public async Task<ProjectServiceLog> ForProjectAsync(int projectId, int take, CancellationToken ct)
    {
        if (!user.Has(Permission.ViewLedger))
        {
            throw new ForbiddenException("您的角色不能查看项目台账");
        }

        var scope = await user.ScopeAsync(ct);
        var project = await db.Projects.AsNoTracking().FirstOrDefaultAsync(p => p.Id == projectId && !p.IsDeleted, ct);
        if (project is null || !scope.Allows(project))
        {
            throw new NotFoundException("项目不存在");
        }

        var logs = await db.ServiceLogs.AsNoTracking().Where(l => l.ProjectId == projectId)
            .OrderByDescending(l => l.On).ThenByDescending(l => l.Id).Take(Math.Clamp(take, 1, 500)).ToListAsync(ct);
        var ids = logs.Select(l => l.Id).ToList();
        var photos = await db.StoredFiles.AsNoTracking().Where(f => f.OwnerType == StoredFile.ServiceLogPhotoOwner && ids.Contains(f.OwnerId)).OrderBy(f => f.Id).ToListAsync(ct);
        var raised = await (from link in db.ServiceLogProblems.AsNoTracking()
                            join p in db.Problems.AsNoTracking() on link.ProblemId equals p.Id
                            where ids.Contains(link.ServiceLogId)
                            select new { link.ServiceLogId, Problem = p }).ToListAsync(ct);
        var personIds = logs.Where(l => l.OfficerId != null).Select(l => l.OfficerId!.Value).Append(project.ServiceOfficerId ?? 0).Distinct().ToList();
        var people = await db.People.AsNoTracking().Where(p => personIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.Name, ct);
        string? Person(int? id) => id is { } i && people.TryGetValue(i, out var n) ? n : null;
        var names = await Reference.ReferenceNames.LoadAsync(db, ct);
        return new ProjectServiceLog(project.Id, project.Name, names.Region(project.RegionId), Person(project.ServiceOfficerId), MayWrite(project, scope),
            [.. logs.Select(l => new ServiceLogView(l.Id, l.Kind, l.On, l.Note, Person(l.OfficerId), l.RecordedBy, l.RecordedAt,
                [.. photos.Where(f => f.OwnerId == l.Id)], [.. raised.Where(r => r.ServiceLogId == l.Id).Select(r => r.Problem).OrderBy(p => p.Id)], l.Version))]);
    }

    /// <summary>The project's own service officer, or anyone who reports progress on it.</summary>
    private bool MayWrite(Project project, AccessScope scope) =>
        (scope.PersonId is { } person && project.ServiceOfficerId == person)
        || ((user.Has(Permission.ReportProgress) || user.Has(Permission.EditLedger)) && scope.Allows(project));

    /// <summary>Refuses at once an account that can write no log at all (neither reports progress nor is a person named on projects).</summary>
    private async Task<AccessScope> WriterScopeAsync(CancellationToken ct)
    {
        var scope = await user.ScopeAsync(ct);
        return user.Has(Permission.ReportProgress) || user.Has(Permission.EditLedger) || scope.PersonId is not null
            ? scope
            : throw new ForbiddenException("只有该项目的服务秘书或可填报进度的人员可以记录走访");
    }

    private async Task<Project> WritableProjectAsync(int projectId, CancellationToken ct, string missing = "项目不存在")
    {
        var scope = await user.ScopeAsync(ct);
        var project = await db.Projects.AsNoTracking().FirstOrDefaultAsync(p => p.Id == projectId && !p.IsDeleted, ct);
        if (project is null || !scope.Allows(project))
        {
            throw new NotFoundException(missing);
        }

        return MayWrite(project, scope) ? project : throw new ForbiddenException("只有该项目的服务秘书或可填报进度的人员可以记录走访");
    }
}
