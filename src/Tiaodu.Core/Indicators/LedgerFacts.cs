using System.Linq.Expressions;
using Tiaodu.Core.Ledger;

namespace Tiaodu.Core.Indicators;

/// <summary>One group of year lines sharing every classification the indicators split by, with its sums.</summary>
internal sealed record FactGroup(
    int NatureGroup,
    int Band,
    bool InPlan,
    bool Started,
    bool Industrial,
    bool InStats,
    bool HasLand,
    int Count,
    decimal TotalInvestment,
    decimal AnnualPlan,
    decimal Ytd,
    decimal SinceStart,
    decimal LandArea,
    decimal ExpectedOutput,
    decimal ExpectedTax);

/// <summary>A year line with its project's facts, classified, before grouping.</summary>
internal sealed class FactRow
{
    public int NatureGroup { get; init; }
    public int Band { get; init; }
    public bool InPlan { get; init; }
    public bool Started { get; init; }
    public bool Industrial { get; init; }
    public bool InStats { get; init; }
    public bool HasLand { get; init; }
    public decimal TotalInvestment { get; init; }
    public decimal AnnualPlan { get; init; }
    public decimal Ytd { get; init; }
    public decimal SinceStart { get; init; }
    public decimal LandArea { get; init; }
    public decimal ExpectedOutput { get; init; }
    public decimal ExpectedTax { get; init; }
}

internal sealed class YearProject
{
    public required ProjectYear Y { get; init; }
    public required Project P { get; init; }
}

/// <summary>
/// Picks the month-end column for the as-of month: <c>AtMonth(y.Ytd)</c> in a query template becomes
/// <c>y.Ytd.M06</c>, so the database reads one column instead of searching for each project's latest report.
/// </summary>
internal sealed class MonthColumnBinder(int month) : ExpressionVisitor
{
    public static decimal AtMonth(MonthlySeries series) =>
        throw new NotSupportedException("Only for use inside query templates.");

    public static Expression<Func<T, TResult>> Bind<T, TResult>(Expression<Func<T, TResult>> template, int month) =>
        (Expression<Func<T, TResult>>)new MonthColumnBinder(month).Visit(template);

    protected override Expression VisitMethodCall(MethodCallExpression node)
    {
        if (node.Method.Name != nameof(AtMonth) || node.Method.DeclaringType != typeof(MonthColumnBinder))
        {
            return base.VisitMethodCall(node);
        }

        return month == 0
            ? Expression.Constant(0m)
            : Expression.Property(Visit(node.Arguments[0]), MonthlySeries.PropertyFor(month));
    }
}
