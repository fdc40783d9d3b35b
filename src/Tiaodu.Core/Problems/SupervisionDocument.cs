using Microsoft.EntityFrameworkCore;
using Tiaodu.Core.Audit;
using Tiaodu.Core.Data;
using Tiaodu.Core.Documents;
using Tiaodu.Core.Reference;

namespace Tiaodu.Core.Problems;

/// <summary>
/// The 督办单 of a supervision notice as an official document (.docx): addressed to the lead department, the
/// project and the problem, the deadline it missed, what is asked and by when, the timeline so far; issued in
/// the name of the city's dispatch office. Readable by whoever may read the problem.
/// </summary>
public sealed class SupervisionDocument(TiaoduDb db, ReadProblem problems, TimeProvider clock)
{
    public async Task<(string FileName, byte[] Content)> BuildAsync(int noticeId, CancellationToken ct)
    {
        var notice = await db.SupervisionNotices.AsNoTracking().FirstOrDefaultAsync(n => n.Id == noticeId, ct) ?? throw new NotFoundException("督办单不存在");
        var detail = await problems.GetAsync(notice.ProblemId, ct);
        var p = detail.Problem;
        var regions = await RegionDirectory.LoadAsync(db, ct);
        var project = await db.Projects.AsNoTracking().Where(x => x.Id == p.ProjectId).Select(x => new { x.RegionId, x.Code, x.OwnerCompany }).FirstAsync(ct);
        var issuer = IssuerOf(regions, project.RegionId);
        var steps = detail.Timeline.Where(t => t.Kind is not ProblemActionKind.Raised)
            .Select(t => (IReadOnlyList<string>)[TimeZoneInfo.ConvertTimeFromUtc(t.At, clock.LocalTimeZone).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), ActionName(t.Kind), t.Department ?? t.By, t.Text ?? ""])
            .ToList();
        var body = new List<DocumentBlock>
        {
            new Paragraph($"你单位牵头协调的“{detail.ProjectName}”项目存在的问题，"
                + (notice.ProblemDueOn is { } due ? $"明确于{OfficialDocument.ChineseDate(due)}前解决，截至{OfficialDocument.ChineseDate(notice.IssuedOn)}仍未解决。" : "至今仍未解决。")
                + $"根据重点项目问题协调督办制度，现予督办，请于{OfficialDocument.ChineseDate(notice.DueOn)}前解决并书面反馈办理情况。"),
            new Heading("一、督办事项"),
            new LabelLine("项目名称", detail.ProjectName + (project.Code is null ? "" : $"（{project.Code}）")),
            new LabelLine("所在区域", detail.Region),
            new LabelLine("建设单位", project.OwnerCompany ?? "—"),
            new LabelLine("问题类别", detail.Category ?? "—"),
            new LabelLine("问题描述", p.Description),
            new LabelLine("牵头单位", detail.Lead ?? "—"),
            new LabelLine("配合单位", detail.Assisting.Count == 0 ? "—" : string.Join("、", detail.Assisting)),
            new LabelLine("协调层级", ProblemQueries.LevelName(p.Level)),
            new LabelLine("督办事由", notice.Reason ?? "—"),
            new LabelLine("督办时限", OfficialDocument.ChineseDate(notice.DueOn)),
            new Heading("二、办理经过"),
        };
        body.Add(steps.Count == 0 ? new Paragraph("暂无办理记录。") : new Table(["日期", "事项", "单位或经办人", "内容"], steps, [2, 2, 3, 6]));
        body.Add(new Heading("三、工作要求"));
        body.Add(new Paragraph("请牵头单位主要负责同志亲自过问，会同配合单位逐项研究解决措施，明确责任人和完成时限，按期办结；确有困难的，请说明原因及下一步计划。逾期仍未解决的，将按规定提请更高层级会议协调并予以通报。"));
        var document = new OfficialDocument(issuer, "重点项目问题督办单", body, issuer, notice.IssuedOn)
        {
            Number = notice.Number,
            Addressee = (detail.Lead ?? "各有关单位") + "：",
            CopyTo = detail.Assisting.Count == 0 ? null : string.Join("，", detail.Assisting) + "。",
        };
        var bytes = OfficialDocumentWriter.ToBytes(document);
        await db.RecordAuditAsync(AuditAction.Export, nameof(SupervisionNotice), notice.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            $"导出督办单{notice.Number}（Word）", AuditResult.Success, ct);
        return ($"{notice.Number}.docx", bytes);
    }

    /// <summary>The dispatch office documents are issued in the name of: the city's (or, above cities, the region's own).</summary>
    public static string IssuerOf(RegionDirectory regions, int regionId)
    {
        var region = regions.ById(regionId);
        var city = region is null ? null : regions.Ancestors(region).Prepend(region).FirstOrDefault(r => r.Kind == RegionKind.City) ?? region;
        return (city?.Name ?? "") + "重点项目建设调度中心";
    }

    private static string ActionName(ProblemActionKind kind) => kind switch
    {
        ProblemActionKind.Assigned => "交办",
        ProblemActionKind.Replied => "反馈",
        ProblemActionKind.Escalated => "调整层级",
        ProblemActionKind.DeadlineSet => "明确时限",
        ProblemActionKind.DeadlineExtended => "延期",
        ProblemActionKind.Supervised => "督办",
        ProblemActionKind.SupervisionAnswered => "督办反馈",
        ProblemActionKind.Resolved => "办结",
        ProblemActionKind.ClosedOut => "销号",
        ProblemActionKind.Reopened => "重新打开",
        ProblemActionKind.Decided => "会议议定",
        _ => "提出",
    };
}
