using Mentoring.Reporting.Periods;

namespace Mentoring.UnitTests.Reporting;

public sealed class ReportPeriodTests
{
    [Theory]
    [InlineData("month:2026-02", "2026-02-01", "2026-03-01", "2026-02")]
    [InlineData("month:2026-12", "2026-12-01", "2027-01-01", "2026-12")]
    [InlineData("quarter:2026-Q1", "2026-01-01", "2026-04-01", "2026-Q1")]
    [InlineData("quarter:2026-Q4", "2026-10-01", "2027-01-01", "2026-Q4")]
    [InlineData("2026-01-15..2026-01-15", "2026-01-15", "2026-01-16", "2026-01-15..2026-01-15")]
    [InlineData(" 2024-02-01..2024-02-29 ", "2024-02-01", "2024-03-01", "2024-02-01..2024-02-29")]
    public void Periods_are_half_open_utc_ranges_with_a_stable_key(string text, string start, string end, string key)
    {
        var period = ReportPeriod.Parse(text, out var error);
        Assert.NotNull(period);
        Assert.Equal("", error);
        Assert.Equal((DateTime.Parse(start + "T00:00:00Z").ToUniversalTime(), DateTime.Parse(end + "T00:00:00Z").ToUniversalTime(), key),
            (period.Start, period.End, period.Key));
        Assert.Equal(DateTimeKind.Utc, period.Start.Kind);
    }

    [Theory]
    [InlineData("month:2026-13")]
    [InlineData("month:26-01")]
    [InlineData("quarter:2026-Q5")]
    [InlineData("2026-03-01..2026-02-01")]
    [InlineData("2020-01-01..2026-01-01")]
    [InlineData("2026-02-30..2026-03-01")]
    [InlineData("last month")]
    [InlineData("")]
    public void Anything_else_is_refused_with_a_reason(string text)
    {
        Assert.Null(ReportPeriod.Parse(text, out var error));
        Assert.NotEmpty(error);
    }

    [Fact]
    public void A_monthly_schedule_reports_on_the_month_before()
    {
        Assert.Equal("2026-11", ReportPeriod.PreviousMonth(new DateTime(2026, 12, 7, 1, 0, 0, DateTimeKind.Utc)).Key);
        Assert.Equal("2025-12", ReportPeriod.PreviousMonth(new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc)).Key);
    }
}
