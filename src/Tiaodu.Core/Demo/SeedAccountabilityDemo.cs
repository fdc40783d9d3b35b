using Microsoft.EntityFrameworkCore;
using Tiaodu.Core.Accountability;
using Tiaodu.Core.Data;
using Tiaodu.Core.Ledger;
using Tiaodu.Core.Reference;

namespace Tiaodu.Core.Demo;

/// <summary>
/// The demo's accountability records: a leader and an officer transferred away (so the rule lists show their
/// projects), six weeks of service officers' visits and contacts (with gaps, so the duty check has something to
/// show), leaders' visits on this and next month's 企业服务日, and one task force per sector of 长春市.
/// </summary>
internal static class SeedAccountabilityDemo
{
    public static async Task AddAsync(TiaoduDb db, List<Project> projects, List<Person> people, List<Region> regions, DateOnly today, DateTime now, CancellationToken ct)
    {
        var rng = new Random(SeedDemoData.RandomSeed + 4);
        RetireOne(people, projects, PersonRole.Leader, p => p.TotalInvestment >= AccountabilityGaps.LeaderThreshold ? p.LeaderId : null);
        RetireOne(people, projects, PersonRole.ServiceOfficer, p => p.ServiceOfficerId);
        AddServiceLogs(db, projects, today, rng);
        AddLeaderVisits(db, projects, people, today, now, rng);
        await db.SaveChangesAsync(ct);
        await AddTaskForcesAsync(db, projects, people, regions, now, rng, ct);
    }

    /// <summary>Retires the person of the role named on the fewest projects (at least one): a transfer the office has not caught up with.</summary>
    private static void RetireOne(List<Person> people, List<Project> projects, PersonRole role, Func<Project, int?> named)
    {
        var counts = projects.Select(named).Where(id => id is not null).GroupBy(id => id!.Value).ToDictionary(g => g.Key, g => g.Count());
        people.Where(p => p.Role == role && p.IsActive && counts.ContainsKey(p.Id))
            .OrderBy(p => counts[p.Id]).ThenByDescending(p => p.Id).FirstOrDefault()?.Retire();
    }

    private static void AddServiceLogs(TiaoduDb db, List<Project> projects, DateOnly today, Random rng)
    {
        string[] visits = ["现场查看主体施工，进度与计划一致", "查看设备安装情况，企业反映用电需求", "了解土方进度，督促加快施工", "陪同区领导现场办公，协调外网配套"];
        string[] contacts = ["电话了解本周施工进展", "微信沟通月报填报事项", "电话提醒企业按时报送月报", "微信了解工人到岗情况"];
        var served = projects.Where(p => p.ServiceOfficerId is not null && p.ActualStart is not null && p.ActualCompletion is null).ToList();
        var monday = Accountability.ServiceCompliance.Weeks(today.Year, today.Month)[0].From.AddDays(-28);
        foreach (var project in served)
        {
            // Some officers are diligent, some skip weeks; the first entry of a half month is a site visit.
            var diligent = rng.NextDouble();
            var visitedHalf = (0, 0, 0);
            for (var week = monday; week.AddDays(6) < today; week = week.AddDays(7))
            {
                if (rng.NextDouble() < diligent + 0.2)
                {
                    var on = week.AddDays(rng.Next(0, 5));
                    var half = (on.Year, on.Month, on.Day <= 15 ? 1 : 2);
                    var site = half != visitedHalf;
                    visitedHalf = half;
                    db.ServiceLogs.Add(new ServiceLog(project.Id, site ? ServiceLogKind.SiteVisit : ServiceLogKind.Contact, on,
                        site ? visits[rng.Next(visits.Length)] : contacts[rng.Next(contacts.Length)], project.ServiceOfficerId, "officer",
                        DateTime.SpecifyKind(on.ToDateTime(new TimeOnly(9, 0)), DateTimeKind.Utc)));
                }
            }
        }
    }

    private static void AddLeaderVisits(TiaoduDb db, List<Project> projects, List<Person> people, DateOnly today, DateTime now, Random rng)
    {
        string[] purposes = ["了解项目建设进度，协调用地问题", "协调施工用电增容", "调研企业达产达效情况", "推动二期项目尽快开工"];
        string[] found = ["企业反映施工用电容量不足，已请供电公司对接", "现场协调道路接入，相关部门明确了时限", "项目进展顺利，企业无需协调事项"];
        var active = people.Where(p => p.IsActive).Select(p => p.Id).ToHashSet();
        var led = projects.Where(p => p.LeaderId is { } l && active.Contains(l) && p.TotalInvestment >= AccountabilityGaps.LeaderThreshold).ToList();
        var days = ServiceDays.InMonth(today.Year, today.Month).Concat(ServiceDays.InMonth(today.AddMonths(1).Year, today.AddMonths(1).Month));
        foreach (var day in days)
        {
            foreach (var project in led.OrderBy(_ => rng.Next()).Take(3))
            {
                var visit = new LeaderVisit(project.Id, project.LeaderId!.Value, day, purposes[rng.Next(purposes.Length)], "dispatch", now.AddDays(-20));
                if (day < today)
                {
                    visit.Complete(found[rng.Next(found.Length)], "dispatch", DateTime.SpecifyKind(day.ToDateTime(new TimeOnly(9, 0)), DateTimeKind.Utc));
                }

                db.LeaderVisits.Add(visit);
            }
        }
    }

    private static async Task AddTaskForcesAsync(TiaoduDb db, List<Project> projects, List<Person> people, List<Region> regions, DateTime now, Random rng, CancellationToken ct)
    {
        var city = regions.FirstOrDefault(r => r.Key == "220100");
        if (city is null)
        {
            return;
        }

        var inCity = regions.Where(r => r.Path.StartsWith(city.Path, StringComparison.Ordinal)).Select(r => r.Id).ToHashSet();
        var leaders = people.Where(p => p.Role == PersonRole.Leader && p.IsActive && p.RegionId == city.Id).ToList();
        var officers = people.Where(p => p.Role == PersonRole.ServiceOfficer && p.IsActive && inCity.Contains(p.RegionId)).ToList();
        var sectors = await db.Lookups.AsNoTracking().Where(l => l.Kind == LookupKind.Sector && l.IsActive).OrderBy(l => l.SortOrder).Take(3).ToListAsync(ct);
        string[] duties = ["统筹协调，每月召开专班例会", "跟踪项目进度，汇总问题清单", "对接审批部门，推动手续办理"];
        foreach (var sector in sectors)
        {
            var leader = leaders.Count == 0 ? null : leaders[rng.Next(leaders.Count)];
            var force = new TaskForce(sector.Name + "专班", city.Id, leader?.Id, $"负责{sector.Name}重点项目的推进和问题协调", "dispatch", now);
            db.TaskForces.Add(force);
            await db.SaveChangesAsync(ct);
            if (leader is not null)
            {
                db.TaskForceMembers.Add(new TaskForceMember(force.Id, leader.Id, null, duties[0]));
            }

            foreach (var (officer, i) in officers.OrderBy(_ => rng.Next()).Take(2).Select((o, i) => (o, i)))
            {
                db.TaskForceMembers.Add(new TaskForceMember(force.Id, officer.Id, null, duties[1 + i]));
            }

            foreach (var project in projects.Where(p => p.SectorId == sector.Id && inCity.Contains(p.RegionId)).OrderByDescending(p => p.TotalInvestment).Take(8))
            {
                db.TaskForceProjects.Add(new TaskForceProject(force.Id, project.Id));
            }

            await db.SaveChangesAsync(ct);
        }
    }
}
