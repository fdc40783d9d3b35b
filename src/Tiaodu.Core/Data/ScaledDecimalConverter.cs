using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Tiaodu.Core.Data;

/// <summary>
/// Stores a decimal as a 64-bit integer of ten-thousandths (万元 to the 元, m² to 1 cm²), so sums stay exact
/// and run inside the database on every provider.
/// </summary>
public sealed class ScaledDecimalConverter() : ValueConverter<decimal, long>(
    v => (long)decimal.Round(v * Scale, MidpointRounding.AwayFromZero),
    v => v / Scale)
{
    public const decimal Scale = 10_000m;
}
