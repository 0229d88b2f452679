using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Mentoring.BuildingBlocks.Reporting;
using Mentoring.Contracts.Reporting.V1;

namespace Mentoring.UnitTests.Reporting;

public sealed class ReportSectionsTests
{
    [Theory]
    [InlineData(12, 5, false, 12)]
    [InlineData(12, 4, true, 0)]
    [InlineData(3, 1, true, 0)]
    [InlineData(0, 0, false, 0)] // nobody behind it: a true zero
    [InlineData(2.345, 9, false, 2.35)]
    public void A_figure_from_fewer_than_five_people_is_withheld(double value, int people, bool suppressed, double shown)
    {
        var v = new Figure(value, people).ToValue();
        Assert.Equal((suppressed, shown), (v.Suppressed, v.Value));
    }

    [Fact]
    public void A_section_over_fewer_than_five_mentees_shows_no_figure_at_all()
    {
        ReportTable Table() => ReportSections.Table("t", "T", ["n"], [("big", [new Figure(40, 40)]), ("zero", [new Figure(0, 0)])]);
        var small = ReportSections.Section("s", "S", 4, Table());
        Assert.Equal([(true, 0.0), (false, 0.0)], small.Tables[0].Rows.Select(r => (r.Values[0].Suppressed, r.Values[0].Value)));
        var large = ReportSections.Section("s", "S", 5, Table());
        Assert.Equal(40, large.Tables[0].Rows[0].Values[0].Value);
    }

    [Fact]
    public void Percentages_of_nothing_are_zero_not_a_division_by_zero()
    {
        Assert.Equal(new Figure(0, 0), Figure.Percent(0, 0, 7));
        Assert.Equal(25, Figure.Percent(1, 4, 9).Value);
    }

    [Fact]
    public void Requests_need_a_programme_and_an_ordered_period_of_at_most_three_years()
    {
        var start = Timestamp.FromDateTime(new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        var (programme, from, to) = ReportSections.Parse(new GetProgrammeReportSectionRequest
        {
            Programme = "programmes/0b6f1c8e-3a7d-4c55-9b2f-0e6a1d2c3b4a",
            StartTime = start, EndTime = Timestamp.FromDateTime(new DateTime(2026, 2, 1, 0, 0, 0, DateTimeKind.Utc)),
        });
        Assert.Equal((new DateTime(2026, 1, 1), new DateTime(2026, 2, 1)), (from, to));
        Assert.NotEqual(Guid.Empty, programme);

        var e = Assert.Throws<RpcException>(() => ReportSections.Parse(new GetProgrammeReportSectionRequest { Programme = "people/x", StartTime = start, EndTime = start }));
        Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
        Assert.Contains("programme", e.Status.Detail);
        Assert.Contains("end_time", e.Status.Detail);
        var far = Assert.Throws<RpcException>(() => ReportSections.Parse(new GetProgrammeReportSectionRequest
        {
            Programme = "programmes/0b6f1c8e-3a7d-4c55-9b2f-0e6a1d2c3b4a", StartTime = start,
            EndTime = Timestamp.FromDateTime(new DateTime(2030, 1, 2, 0, 0, 0, DateTimeKind.Utc)),
        }));
        Assert.Contains("3 years", far.Status.Detail);
        Assert.Contains("start_time", Assert.Throws<RpcException>(() => ReportSections.Parse(new GetProgrammeReportSectionRequest { Programme = "programmes/0b6f1c8e-3a7d-4c55-9b2f-0e6a1d2c3b4a" })).Status.Detail);
    }

    [Theory]
    [InlineData("GoalsMet", "Goals met")]
    [InlineData("NoFit", "No fit")]
    [InlineData("Active", "Active")]
    public void Enum_names_read_as_labels(string name, string label) => Assert.Equal(label, ReportSections.Label(name));
}
