using Tiaodu.Core.Text;

namespace Tiaodu.Tests.Text;

public sealed class ChineseTextTests
{
    [Theory]
    [InlineData("凈月", "净月")]
    [InlineData("淨月", "净月")]
    public void Traditional_variant_jing_maps_to_simplified(string traditional, string simplified)
    {
        ChineseText.ToSimplified(traditional).ShouldBe(simplified);
    }

    [Fact]
    public void Traditional_changchun_maps_to_simplified()
    {
        ChineseText.ToSimplified("長春").ShouldBe("长春");
    }

    [Theory]
    [InlineData("產業", "产业")]
    [InlineData("産業", "产业")]
    [InlineData("區域", "区域")]
    public void Both_forms_of_chan_and_qu_map_to_simplified(string traditional, string simplified)
    {
        ChineseText.ToSimplified(traditional).ShouldBe(simplified);
    }

    [Fact]
    public void Simplified_text_and_ascii_pass_through_unchanged()
    {
        ChineseText.ToSimplified("长春 A1-净月").ShouldBe("长春 A1-净月");
    }

    [Fact]
    public void Qian_of_qianan_county_is_not_turned_into_gan()
    {
        ChineseText.Normalize("乾安县").ShouldBe("乾安县");
        ChineseText.FullPinyin("乾安县").ShouldBe("qiananxian");
    }

    [Fact]
    public void Simplified_maps_to_taiwan_traditional()
    {
        ChineseText.ToTraditional("长春净月区").ShouldBe("長春淨月區");
    }

    [Fact]
    public void Full_pinyin_concatenates_toneless_syllables()
    {
        ChineseText.FullPinyin("长春净月").ShouldBe("changchunjingyue");
        ChineseText.FullPinyin("长春净月高新区").ShouldBe("changchunjingyuegaoxinqu");
    }

    [Fact]
    public void Full_pinyin_of_traditional_text_converts_first()
    {
        ChineseText.FullPinyin("長春").ShouldBe("changchun");
    }

    [Fact]
    public void Initials_take_first_letter_of_each_syllable()
    {
        ChineseText.PinyinInitials("长春净月").ShouldBe("ccjy");
    }

    [Theory]
    [InlineData("重庆", "chongqing")]
    [InlineData("银行", "yinhang")]
    [InlineData("调度", "diaodu")]
    [InlineData("重点项目", "zhongdianxiangmu")]
    [InlineData("珲春", "hunchun")]
    [InlineData("市长", "shizhang")]
    public void Phrase_readings_override_first_readings(string text, string pinyin)
    {
        ChineseText.FullPinyin(text).ShouldBe(pinyin);
    }

    [Fact]
    public void Pinyin_keeps_letters_and_digits_lowercase_and_drops_punctuation()
    {
        ChineseText.FullPinyin("5G基站（一期）").ShouldBe("5gjizhanyiqi");
        ChineseText.PinyinInitials("5G基站（一期）").ShouldBe("5gjzyq");
    }

    [Fact]
    public void Full_width_digits_and_letters_are_normalised()
    {
        ChineseText.Normalize("ＡＢＣ１２３").ShouldBe("abc123");
        ChineseText.FullPinyin("Ｇ１").ShouldBe("g1");
    }

    [Fact]
    public void Normalize_removes_whitespace_and_punctuation_and_simplifies()
    {
        ChineseText.Normalize("  長春·淨月（高新區）\u3000【一期】 \"A\" ").ShouldBe("长春净月高新区一期a");
    }

    [Theory]
    [InlineData("淨月", "净月")]
    [InlineData("Jing Yue", "jingyue")]
    [InlineData("JY", "jy")]
    public void Query_is_normalised_like_names(string query, string expected)
    {
        ChineseText.NormalizeQuery(query).ShouldBe(expected);
    }

    [Theory]
    [InlineData("jingyue")]
    [InlineData("jy")]
    [InlineData("净月")]
    [InlineData("淨月")]
    [InlineData("Jing Yue")]
    [InlineData("ccjygxq")]
    public void Search_key_of_traditional_name_contains_query(string query)
    {
        var key = ChineseText.SearchKey("長春凈月高新區數字經濟産業園");

        key.ShouldContain(ChineseText.NormalizeQuery(query));
    }

    [Fact]
    public void Search_key_has_three_parts()
    {
        ChineseText.SearchKey("长春").ShouldBe("长春|changchun|cc");
    }
}
