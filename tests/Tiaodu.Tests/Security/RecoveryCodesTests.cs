using System.Text.RegularExpressions;
using Tiaodu.Core.Security;

namespace Tiaodu.Tests.Security;

public sealed class RecoveryCodesTests
{
    [Fact]
    public void Ten_codes_by_default()
    {
        RecoveryCodes.Generate().Count.ShouldBe(RecoveryCodes.Count);
        RecoveryCodes.Count.ShouldBe(10);
    }

    [Fact]
    public void The_count_can_be_chosen() => RecoveryCodes.Generate(3).Count.ShouldBe(3);

    [Fact]
    public void Codes_are_unique()
    {
        var codes = RecoveryCodes.Generate(200);
        codes.Distinct(StringComparer.Ordinal).Count().ShouldBe(200);
    }

    [Fact]
    public void Codes_are_two_groups_of_five_lower_case_unambiguous_characters()
    {
        foreach (var code in RecoveryCodes.Generate(50))
        {
            Regex.IsMatch(code, "^[a-z2-9]{5}-[a-z2-9]{5}$").ShouldBeTrue(code);
            code.IndexOfAny(['0', '1', 'o', 'i', 'l']).ShouldBe(-1, code);
        }
    }

    [Fact]
    public void Normalize_strips_spaces_and_hyphens_and_lowercases() =>
        RecoveryCodes.Normalize(" ABCDE - FGHJK ").ShouldBe("abcdefghjk");

    [Fact]
    public void Hash_is_the_same_for_the_displayed_and_typed_forms()
    {
        RecoveryCodes.Hash("ABCDE-FGHJK").ShouldBe(RecoveryCodes.Hash("abcdefghjk"));
        RecoveryCodes.Hash("abcdefghjk").ShouldMatch("^[0-9a-f]{64}$");
        RecoveryCodes.Hash("abcdefghjk").ShouldNotBe(RecoveryCodes.Hash("abcdefghjm"));
    }

    [Fact]
    public void Hash_is_sha256_of_the_normalised_code() =>
        // SHA-256("abc"), FIPS 180-2 appendix B.1.
        RecoveryCodes.Hash("A-B C").ShouldBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}
