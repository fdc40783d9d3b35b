using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Tiaodu.BrowserTests;

/// <summary>
/// The closed loop of a problem: an enterprise raises it, the dispatch office hands it to a department, the
/// department replies from a phone, it is escalated to a joint meeting, appears on the agenda, is decided,
/// reported solved by the department and closed out.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ProblemMeetingJourneyTests(BrowserFixture fixture)
{
    [Fact]
    public async Task A_problem_raised_by_an_enterprise_is_replied_escalated_decided_resolved_and_closed_out()
    {
        var text = "施工临时用电变压器容量不足" + Guid.NewGuid().ToString("N")[..4];
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeBySystemTimeZoneId(DateTime.UtcNow, "Asia/Shanghai"));
        static string Day(DateOnly d) => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

        // The enterprise raises it on its project's page, from a phone.
        var enterprise = await fixture.NewPageAsync(375, 740, user: "enterprise");
        await enterprise.GotoAsync("/projects");
        await enterprise.Locator("table tbody tr a[href^='/projects/']").First.ClickAsync();
        await enterprise.WaitForURLAsync(new Regex("/projects/\\d+"));
        var projectUrl = new Uri(enterprise.Url).AbsolutePath;
        await enterprise.ClickAsync("#raise-problem summary");
        await enterprise.Locator("#pr-category").SelectOptionAsync(new SelectOptionValue { Index = 2 });
        await enterprise.Locator("#pr-source").SelectOptionAsync("ServiceDay");
        await enterprise.FillAsync("#pr-text", text);
        await enterprise.ClickAsync("#raise-submit");
        await enterprise.Locator(".alert-success").WaitForAsync();

        // The dispatch office hands it to the power company with a deadline.
        var desk = await fixture.NewPageAsync();
        desk.Dialog += (_, dialog) => dialog.AcceptAsync();
        await desk.GotoAsync(projectUrl);
        await desk.Locator($"li[data-problem]:has-text('{text}') a[data-problem-link]").ClickAsync();
        await desk.WaitForURLAsync(new Regex("/problems/\\d+$"));
        var problemUrl = new Uri(desk.Url).AbsolutePath;
        await desk.Locator("#assign-lead").SelectOptionAsync(new SelectOptionValue { Label = "国网市供电公司" });
        await desk.ClickAsync("#assign-form button");
        await desk.Locator(".alert-success").WaitForAsync();
        await desk.FillAsync("#deadline-due", Day(today.AddDays(10)));
        await desk.ClickAsync("#deadline-form button");
        await desk.Locator(".alert-success").WaitForAsync();
        (await desk.Locator("#problem-lead").InnerTextAsync()).ShouldContain("国网市供电公司");

        // The power company finds it in its inbox on a phone and replies.
        var power = await fixture.NewPageAsync(375, 740, user: "department");
        await power.GotoAsync("/problems/inbox");
        await power.Locator($"#inbox li:has-text('{text}') a").First.ClickAsync();
        await power.WaitForURLAsync(new Regex("/problems/\\d+$"));
        await power.FillAsync("#reply-text", "已派员现场勘查，需新增一台800千伏安箱变，涉及道路占用审批");
        await power.ClickAsync("#reply-form button");
        await power.Locator(".alert-success").WaitForAsync();
        (await power.EvaluateAsync<int>("document.documentElement.scrollWidth")).ShouldBeLessThanOrEqualTo(375);
        await power.ScreenshotAsync(new PageScreenshotOptions { Path = Browser.ArtifactPath("problem-department-phone.png"), FullPage = true });

        // The office escalates it to the joint meeting.
        await desk.GotoAsync(problemUrl);
        await desk.Locator("#escalate-level").SelectOptionAsync("JointMeeting");
        await desk.FillAsync("#escalate-reason", "涉及交通、住建多个部门，提请联席会议协调");
        await desk.ClickAsync("#escalate-form button");
        await desk.Locator(".alert-success").WaitForAsync();
        (await desk.Locator("#problem-level").GetAttributeAsync("data-level")).ShouldBe("JointMeeting");

        // A joint meeting is called; its agenda takes the problem up; it decides on it.
        await desk.GotoAsync("/meetings");
        await desk.ClickAsync("#call-meeting summary");
        await desk.Locator("#m-kind").SelectOptionAsync("JointMeeting");
        await desk.Locator("#m-region").SelectOptionAsync("220000");
        await desk.FillAsync("#m-date", Day(today));
        await desk.FillAsync("#m-chair", "李副市长");
        await desk.ClickAsync("#call-submit");
        await desk.WaitForURLAsync(new Regex("/meetings/\\d+$"));
        await desk.ClickAsync("#assemble");
        await desk.Locator(".alert-success").WaitForAsync();
        var item = desk.Locator($"#agenda li:has-text('{text}')");
        await item.WaitForAsync();
        await item.Locator("details summary").ClickAsync();
        await item.Locator("textarea[name=text]").FillAsync("供电公司会同交通运输局十日内完成箱变安装");
        await item.Locator("select[name=owner]").SelectOptionAsync(new SelectOptionValue { Label = "国网市供电公司" });
        await item.Locator("input[name=due]").FillAsync(Day(today.AddDays(10)));
        await item.Locator("form[data-decide] button").ClickAsync();
        await desk.Locator(".alert-success").WaitForAsync();
        (await desk.Locator($"#agenda li:has-text('{text}') [data-decision]").InnerTextAsync()).ShouldContain("十日内完成箱变安装");
        await desk.ScreenshotAsync(new PageScreenshotOptions { Path = Browser.ArtifactPath("meeting-agenda.png"), FullPage = true });

        // The power company reports it solved from its phone; the office closes it out, which carries out the decision.
        await power.GotoAsync(problemUrl);
        power.Dialog += (_, dialog) => dialog.AcceptAsync();
        await power.FillAsync("#propose-text", "箱变已安装送电，企业确认");
        await power.ClickAsync("#propose-form button");
        await power.Locator(".alert-success").WaitForAsync();
        (await power.Locator("#problem-status").GetAttributeAsync("data-status")).ShouldBe("Resolved");

        await desk.GotoAsync(problemUrl);
        await desk.ClickAsync("#closeout-form button");
        await desk.Locator(".alert-success").WaitForAsync();
        (await desk.Locator("#problem-status").GetAttributeAsync("data-status")).ShouldBe("Closed");
        var timeline = await desk.Locator("#timeline").InnerTextAsync();
        foreach (var step in new[] { "提出问题", "交办", "反馈办理情况", "调整协调层级", "会议议定", "办结", "销号" })
        {
            timeline.ShouldContain(step);
        }

        await desk.GotoAsync("/meetings/decisions?filter=Done");
        (await desk.Locator("#decisions").InnerTextAsync()).ShouldContain("十日内完成箱变安装");
    }
}
