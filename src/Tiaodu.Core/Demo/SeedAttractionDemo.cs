using Tiaodu.Core.Attraction;
using Tiaodu.Core.Data;
using Tiaodu.Core.Ledger;
using Tiaodu.Core.Reference;

namespace Tiaodu.Core.Demo;

/// <summary>
/// The demo's investment-attraction pipeline in 长春市: two outbound trips to partner provinces, an investors' visit
/// and a signing ceremony this year, forty leads spread over the stages (a few dropped), and this year's new ledger
/// projects of the city as the leads they came from — signed at the ceremony and converted, so their starts and
/// investment show in the pipeline's rates.
/// </summary>
internal static class SeedAttractionDemo
{
    private static readonly string[] Investors =
        ["中汽新能源", "天津港航", "浙商产业", "粤海科技", "京东方光电", "沪上生物", "苏宁智造", "华润医药", "中粮食品", "一汽富维", "吉电储能", "比亚迪零部件",
         "宁德时代配套", "海尔智家", "TCL华星", "隆基绿能", "正大食品", "万达文旅", "恒瑞医药", "华为云"];

    private static readonly string[] Products =
        ["新能源汽车零部件", "动力电池", "光伏组件", "生物疫苗", "智能装备", "冷链物流", "数据中心", "农产品深加工", "文旅综合体", "医疗器械", "氢能装备", "碳纤维材料"];

    private static readonly (string Origin, bool Partner)[] Origins =
        [("天津市", true), ("浙江省", true), ("广东省", false), ("北京市", false), ("上海市", false), ("江苏省", false), ("山东省", false), ("香港", false)];

    public static async Task AddAsync(TiaoduDb db, List<Project> projects, List<Person> people, List<Region> regions, IReadOnlyList<Lookup> lookups, DateOnly today, DateTime now, CancellationToken ct)
    {
        var rng = new Random(SeedDemoData.RandomSeed + 7);
        var city = regions.FirstOrDefault(r => r.Key == "220100");
        if (city is null)
        {
            return;
        }

        var places = regions.Where(r => r.ParentId == city.Id && r.IsActive).ToList();
        var sections = lookups.Where(l => l.Kind == LookupKind.Industry && l.ParentId is null).ToList();
        var officers = people.Where(p => p.Role == PersonRole.ServiceOfficer && p.IsActive).Take(6).ToList();
        var year = today.Year;
        var trips = new[]
        {
            new AttractionEvent(EventKind.Outbound, $"{year}年赴天津对口合作招商活动", new DateOnly(year, 3, 18), "天津市", city.Id, "市领导带队，走访汽车零部件和港航物流企业"),
            new AttractionEvent(EventKind.Outbound, $"{year}年长三角（浙江）招商推介会", new DateOnly(year, 5, 12), "杭州市", city.Id, null),
            new AttractionEvent(EventKind.Inbound, $"{year}年粤港澳企业家长春行", new DateOnly(year, 7, 8), "长春市", city.Id, null),
        };
        var ceremony = new AttractionEvent(EventKind.Ceremony, $"{year}年重点项目集中签约仪式", new DateOnly(year, 4, 26), "长春国际会展中心", city.Id, null);
        db.AttractionEvents.AddRange(trips);
        db.AttractionEvents.Add(ceremony);
        await db.SaveChangesAsync(ct);

        // This year's new projects of the city came through the pipeline: signed at the ceremony, converted.
        var cityIds = regions.Where(r => r.Path.StartsWith(city.Path, StringComparison.Ordinal)).Select(r => r.Id).ToHashSet();
        foreach (var p in projects.Where(p => cityIds.Contains(p.RegionId) && p.ActualStart is { } started && started.Year == year && started > ceremony.On.AddDays(45) && p.TotalInvestment >= 10_000m).Take(6))
        {
            var (origin, partner) = Origins[rng.Next(Origins.Length)];
            var lead = new Lead(Details(p.Name, p.OwnerCompany ?? Investors[rng.Next(Investors.Length)] + "集团", origin, partner, p.IndustryId, p.RegionId,
                p.TotalInvestment, officers, rng, trips[rng.Next(trips.Length)].Id, LeadStage.Negotiating), new DateOnly(year, 2, 20), "demo", now);
            lead.MoveTo(LeadStage.Contracted, ceremony.On, "demo", now, "集中签约", ceremony.Id);
            lead.SetContract(p.TotalInvestment);
            lead.MoveTo(LeadStage.Sited, ceremony.On.AddDays(30), "demo", now, null, null);
            lead.ConvertedTo(p.Id, ceremony.On.AddDays(45), "demo", now);
            db.Leads.Add(lead);
        }

        for (var i = 0; i < 40; i++)
        {
            var (origin, partner) = Origins[rng.Next(Origins.Length)];
            var place = places[rng.Next(places.Count)];
            var intended = Math.Round((decimal)(5_000 + (rng.NextDouble() * rng.NextDouble() * 300_000)) / 100m) * 100m;
            var stage = (LeadStage)Math.Min(rng.Next(0, 6) + rng.Next(0, 2), (int)LeadStage.Started);
            var created = new DateOnly(year, 1, 10).AddDays(rng.Next(0, 150));
            var past = trips.Where(t => t.On <= today).ToList();
            var source = past.Count > 0 && rng.NextDouble() < 0.6 ? past[rng.Next(past.Count)] : null;
            if (source is not null && created < source.On)
            {
                created = source.On;
            }

            var name = $"{Investors[i % Investors.Length]}{Products[rng.Next(Products.Length)]}项目";
            var lead = new Lead(Details(name, Investors[i % Investors.Length] + "股份有限公司", origin, partner, sections[rng.Next(sections.Count)].Id, place.Id,
                intended, officers, rng, source?.Id, LeadStage.Clue), created, "demo", now);
            var on = created;
            foreach (var next in Enum.GetValues<LeadStage>().Where(s => s > LeadStage.Clue && s <= stage))
            {
                on = on.AddDays(rng.Next(7, 30));
                if (on > today)
                {
                    break;
                }

                var signing = next == LeadStage.Contracted;
                var atCeremony = signing && rng.NextDouble() < 0.5 && ceremony.On <= today && ceremony.On >= on.AddDays(-60) && ceremony.On >= lead.StageOn;
                var date = atCeremony ? ceremony.On : on;
                if (signing)
                {
                    lead.SetContract(Math.Round(intended * (decimal)(0.8 + (rng.NextDouble() * 0.4)) / 100m) * 100m);
                }

                lead.MoveTo(next, date, "demo", now, null, atCeremony ? ceremony.Id : null);
                on = date;
            }

            if (rng.NextDouble() < 0.12)
            {
                lead.Drop(rng.NextDouble() < 0.5 ? "投资方调整投资计划" : "选址未达成一致", on.AddDays(10) > today ? today : on.AddDays(10), "demo", now);
            }
            else if (lead.Stage >= LeadStage.Contracted)
            {
                lead.Update(lead.Details() with { FundsInPlace = Math.Round((lead.ContractInvestment ?? 0m) * (decimal)rng.NextDouble() * 0.006m) * 100m });
            }

            db.Leads.Add(lead);
        }

        await db.SaveChangesAsync(ct);
    }

    private static LeadDetails Details(string name, string investor, string origin, bool partner, int? industry, int region, decimal intended, List<Person> officers,
        Random rng, int? source, LeadStage stage) => new()
        {
            Name = name, Investor = investor, Origin = origin, FromPartner = partner, IndustryId = industry, RegionId = region, IntendedInvestment = intended,
            OfficerId = officers.Count == 0 ? null : officers[rng.Next(officers.Count)].Id, SourceEventId = source, Stage = stage, ContactName = "项目联络人",
        };
}
