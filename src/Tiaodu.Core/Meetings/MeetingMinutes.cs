using Tiaodu.Core.Audit;
using Tiaodu.Core.Data;
using Tiaodu.Core.Documents;
using Tiaodu.Core.Problems;
using Tiaodu.Core.Reference;

namespace Tiaodu.Core.Meetings;

/// <summary>
/// The minutes (会议纪要) of a meeting as an official document: when, where, who chaired and attended, the
/// summary, then each agenda topic with what was decided on it, who does it and by when, and the decisions
/// table. Readable by whoever may read the meeting; each download is audited.
/// </summary>
public sealed class MeetingMinutes(TiaoduDb db, MeetingQueries meetings)
{
    private static readonly string[] Numerals = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];

    public async Task<(string FileName, byte[] Content)> BuildAsync(int meetingId, CancellationToken ct)
    {
        var detail = await meetings.GetAsync(meetingId, ct);
        var m = detail.Meeting;
        var regions = await RegionDirectory.LoadAsync(db, ct);
        var issuer = SupervisionDocument.IssuerOf(regions, m.RegionId);
        var body = new List<DocumentBlock>
        {
            new Paragraph($"{OfficialDocument.ChineseDate(m.HeldOn)}，{(m.Chair is null ? "" : m.Chair + "主持召开")}{m.Title}，"
                + $"{(m.Status == MeetingStatus.Held ? "研究" : "拟研究")}重点项目建设中需要协调解决的问题。现将会议议定事项纪要如下："),
            new LabelLine("会议时间", OfficialDocument.ChineseDate(m.HeldOn)),
            new LabelLine("会议地点", m.Place ?? "—"),
            new LabelLine("主持人", m.Chair ?? "—"),
            new LabelLine("出席人员", m.Attendees ?? "—"),
        };
        if (m.Summary is not null)
        {
            body.Add(new Paragraph(m.Summary));
        }

        var decided = detail.Agenda.Where(a => a.Decisions.Count > 0).ToList();
        var n = 0;
        foreach (var item in decided)
        {
            body.Add(new Heading($"{Numeral(n++)}、{item.Topic}"));
            foreach (var d in item.Decisions)
            {
                body.Add(new Paragraph($"会议议定：{d.Text}。责任单位：{d.Owner ?? "—"}；完成时限：{OfficialDocument.ChineseDate(d.DueOn)}。"));
            }
        }

        if (detail.General.Count > 0)
        {
            body.Add(new Heading($"{Numeral(n++)}、其他事项"));
            foreach (var d in detail.General)
            {
                body.Add(new Paragraph($"{d.Text}。责任单位：{d.Owner ?? "—"}；完成时限：{OfficialDocument.ChineseDate(d.DueOn)}。"));
            }
        }

        var all = decided.SelectMany(a => a.Decisions).Concat(detail.General).ToList();
        if (all.Count == 0)
        {
            body.Add(new Paragraph("本次会议未形成议定事项。"));
        }
        else
        {
            body.Add(new Heading($"{Numeral(n)}、议定事项清单"));
            body.Add(new Table(["序号", "议定事项", "责任单位", "完成时限"],
                [.. all.Select((d, i) => (IReadOnlyList<string>)[(i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), d.Text, d.Owner ?? "—", d.DueOn.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)])],
                [1, 6, 3, 2]));
            body.Add(new Paragraph("请各责任单位按照会议议定事项抓好落实，于完成时限前将落实情况报调度中心；调度中心跟踪督办，逾期未完成的予以通报。"));
        }

        var owners = all.Select(d => d.Owner).OfType<string>().Distinct().ToList();
        var document = new OfficialDocument(issuer, $"{m.Title}纪要", body, issuer, m.HeldOn)
        {
            Subtitle = $"（第{m.Session}期）",
            CopyTo = owners.Count == 0 ? null : string.Join("，", owners) + "。",
        };
        var bytes = OfficialDocumentWriter.ToBytes(document);
        await db.RecordAuditAsync(AuditAction.Export, nameof(Meeting), m.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            $"导出会议纪要「{m.Title}（第{m.Session}期）」（Word）", AuditResult.Success, ct);
        return ($"{m.Title}纪要（第{m.Session}期）.docx", bytes);
    }

    private static string Numeral(int i) => i < Numerals.Length ? Numerals[i] : (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
