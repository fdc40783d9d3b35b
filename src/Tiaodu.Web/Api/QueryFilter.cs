using System.Globalization;
using Tiaodu.Core;
using Tiaodu.Core.Ledger;

namespace Tiaodu.Web.Api;

/// <summary>
/// Reads a <see cref="ProjectFilter"/> from the query string with the same keys the pages use
/// (<see cref="ProjectFilter.ToQueryString"/>); a malformed value is a 400 naming the parameter, in Chinese.
/// </summary>
internal sealed record QueryFilter(ProjectFilter Value)
{
    public static ValueTask<QueryFilter?> BindAsync(HttpContext http)
    {
        var q = http.Request.Query;
        var errors = new ValidationErrors();
        string? S(string key) => q.TryGetValue(key, out var v) && !string.IsNullOrWhiteSpace(v) ? v.ToString().Trim() : null;

        int? I(string key)
        {
            var s = S(key);
            if (s is null)
            {
                return null;
            }

            if (int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v))
            {
                return v;
            }

            errors.Add(key, $"参数 {key} 应为整数");
            return null;
        }

        bool? B(string key)
        {
            var s = S(key);
            if (s is null)
            {
                return null;
            }

            if (bool.TryParse(s, out var v))
            {
                return v;
            }

            errors.Add(key, $"参数 {key} 应为 true 或 false");
            return null;
        }

        DateOnly? D(string key)
        {
            var s = S(key);
            if (s is null)
            {
                return null;
            }

            if (DateOnly.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var v))
            {
                return v;
            }

            errors.Add(key, $"参数 {key} 应为 yyyy-MM-dd 格式的日期");
            return null;
        }

        var band = I("band");
        if (band is not null && !Enum.IsDefined((SizeBand)band.Value))
        {
            errors.Add("band", "参数 band 应为 1（≥5000万）、2（≥1亿）或 3（≥10亿）");
            band = null;
        }

        var filter = new ProjectFilter
        {
            Q = S("q"), Region = S("region"), Industry = I("industry"), Category = I("category"), Nature = I("nature"),
            Stage = I("stage"), Sector = I("sector"), Leader = I("leader"), Officer = I("officer"), Band = (SizeBand?)band,
            Year = I("year"), AsOf = D("asOf"), Tag = I("tag"), InPlan = B("inPlan"), Baseline = B("baseline") ?? false, Started = B("started"),
            YearNature = S("yearNature"), InStats = B("inStats"), Industrial = B("industrial"), HasLand = B("hasLand"),
            Deleted = B("deleted") ?? false, Sort = S("sort"), Desc = B("desc") ?? false,
            Page = I("page") ?? 1, PageSize = I("pageSize") ?? 20,
        };
        filter.WithinRange(out var outOfRange);
        foreach (var problem in outOfRange)
        {
            errors.Add("year", problem);
        }

        errors.ThrowIfAny();
        return ValueTask.FromResult<QueryFilter?>(new QueryFilter(filter));
    }
}
