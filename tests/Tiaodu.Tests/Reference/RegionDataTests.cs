using System.Text;
using Tiaodu.Core.Text;

namespace Tiaodu.Tests.Reference;

public sealed class RegionDataTests
{
    private static readonly string[] Kinds = ["province", "city", "district", "county", "countycity", "zone", "area"];

    private sealed record Row(string Key, string Parent, string Name, string Kind, string[] Short, int Sort);

    private static List<Row> ReadRows()
    {
        using var stream = typeof(ChineseText).Assembly.GetManifestResourceStream("Tiaodu.Reference.regions.tsv");
        stream.ShouldNotBeNull();
        using var reader = new StreamReader(stream, Encoding.UTF8);
        reader.ReadLine().ShouldBe("key\tparent\tname\tkind\tshort\tsort");
        var rows = new List<Row>();
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0)
            {
                continue;
            }

            var f = line.Split('\t');
            f.Length.ShouldBe(6, line);
            rows.Add(new Row(
                f[0],
                f[1],
                f[2],
                f[3],
                f[4].Split('|', StringSplitOptions.RemoveEmptyEntries),
                int.Parse(f[5], System.Globalization.CultureInfo.InvariantCulture)));
        }

        return rows;
    }

    [Fact]
    public void Keys_are_unique_and_every_parent_exists()
    {
        var rows = ReadRows();
        var keys = rows.Select(r => r.Key).ToHashSet(StringComparer.Ordinal);

        keys.Count.ShouldBe(rows.Count);
        rows.Where(r => r.Parent.Length > 0 && !keys.Contains(r.Parent)).ShouldBeEmpty();
        rows.Where(r => r.Parent.Length == 0).Select(r => r.Key).ShouldBe(["220000"]);
    }

    [Fact]
    public void Kinds_are_known_and_sort_orders_are_distinct_within_parent()
    {
        var rows = ReadRows();

        rows.Where(r => !Kinds.Contains(r.Kind)).ShouldBeEmpty();
        rows.GroupBy(r => r.Parent, StringComparer.Ordinal)
            .Where(g => g.Select(r => r.Sort).Distinct().Count() != g.Count())
            .ShouldBeEmpty();
    }

    [Fact]
    public void Names_and_short_names_survive_simplification_unchanged()
    {
        var rows = ReadRows();

        rows.Where(r => ChineseText.ToSimplified(r.Name) != r.Name).ShouldBeEmpty();
        rows.SelectMany(r => r.Short).Where(s => ChineseText.ToSimplified(s) != s).ShouldBeEmpty();
    }

    [Fact]
    public void Province_has_nine_prefecture_level_divisions()
    {
        var cities = ReadRows().Where(r => r.Parent == "220000" && r.Kind == "city").Select(r => r.Name).ToList();

        cities.ShouldBe(["长春市", "吉林市", "四平市", "辽源市", "通化市", "白山市", "松原市", "白城市", "延边朝鲜族自治州"]);
    }

    [Fact]
    public void There_are_more_than_sixty_county_level_units()
    {
        string[] countyLevel = ["district", "county", "countycity", "zone"];

        ReadRows().Count(r => countyLevel.Contains(r.Kind)).ShouldBeGreaterThanOrEqualTo(60);
    }

    [Theory]
    [InlineData("220102", "南关区")]
    [InlineData("220103", "宽城区")]
    [InlineData("220104", "朝阳区")]
    [InlineData("220105", "二道区")]
    [InlineData("220106", "绿园区")]
    [InlineData("220112", "双阳区")]
    [InlineData("220113", "九台区")]
    [InlineData("220122", "农安县")]
    [InlineData("220171", "长春经济技术开发区")]
    [InlineData("220172", "长春净月高新技术产业开发区")]
    [InlineData("220173", "长春高新技术产业开发区")]
    [InlineData("220174", "长春汽车经济技术开发区")]
    [InlineData("220182", "榆树市")]
    [InlineData("220183", "德惠市")]
    [InlineData("220184", "公主岭市")]
    public void Changchun_codes_match_the_domain_list(string key, string name)
    {
        var row = ReadRows().Single(r => r.Key == key);

        row.Name.ShouldBe(name);
        row.Parent.ShouldBe("220100");
    }

    [Theory]
    [InlineData("220202", "昌邑区")]
    [InlineData("220203", "龙潭区")]
    [InlineData("220204", "船营区")]
    [InlineData("220211", "丰满区")]
    [InlineData("220221", "永吉县")]
    [InlineData("220271", "吉林经济开发区")]
    [InlineData("220272", "吉林高新技术产业开发区")]
    [InlineData("220273", "吉林中国新加坡食品区")]
    [InlineData("220281", "蛟河市")]
    [InlineData("220282", "桦甸市")]
    [InlineData("220283", "舒兰市")]
    [InlineData("220284", "磐石市")]
    public void Jilin_city_codes_match_the_domain_list(string key, string name)
    {
        var row = ReadRows().Single(r => r.Key == key);

        row.Name.ShouldBe(name);
        row.Parent.ShouldBe("220200");
    }

    [Fact]
    public void Changchun_new_area_is_a_region_without_code()
    {
        var row = ReadRows().Single(r => r.Name == "长春新区");

        row.Kind.ShouldBe("area");
        row.Parent.ShouldBe("220100");
        row.Short.ShouldContain("新区");
    }

    [Theory]
    [InlineData("经开区", 2)]
    [InlineData("高新区", 2)]
    [InlineData("净月区", 1)]
    [InlineData("汽开区", 1)]
    public void Office_short_names_are_present_and_ambiguities_kept(string shortName, int atLeast)
    {
        ReadRows().Count(r => r.Short.Contains(shortName)).ShouldBeGreaterThanOrEqualTo(atLeast);
    }
}
