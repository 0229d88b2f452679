using Mentoring.Contracts.Profile.V1;
using Mentoring.Profile.People.PeopleCsv;

namespace Mentoring.UnitTests.Profile;

public class PeopleCsvTests
{
    [Fact]
    public void Rows_parse_short_or_full_enum_names_in_any_case_and_lists_by_semicolon()
    {
        var rows = PeopleCsv.Parse(new StringReader(
            "external_id,display_name,email,area_of_work,seniority_level,roles,skills,meeting_formats,status\n" +
            "x1,Ada,ada@x.org,eng,Senior,mentor;MENTEE,go:5; sql:2,PHONE;meeting_format_video,on_leave\n"));

        var p = Assert.Single(rows).Request.Person;
        Assert.Empty(rows[0].Problems);
        Assert.Equal(SeniorityLevel.Senior, p.SeniorityLevel);
        Assert.Equal([PersonRole.Mentor, PersonRole.Mentee], p.Roles);
        Assert.Equal([("go", 5), ("sql", 2)], p.Skills.Select(s => (s.Name, s.Level)));
        Assert.Equal([MeetingFormat.Phone, MeetingFormat.Video], p.MeetingFormats);
        Assert.Equal(PersonStatus.OnLeave, p.Status);
    }

    [Fact]
    public void Unreadable_cells_are_problems_of_their_row_and_a_bad_header_is_refused()
    {
        var rows = PeopleCsv.Parse(new StringReader(
            "external_id,display_name,email,area_of_work,seniority_level,roles,mentor_capacity\nx,A,a@x.org,eng,unspecified,boss,lots\n"));
        Assert.Equal(["person.seniority_level", "person.mentor_capacity", "person.roles"], rows[0].Problems.Select(p => p.Field));
        Assert.Throws<FormatException>(() => PeopleCsv.Parse(new StringReader("external_id,nickname\n")));
        Assert.Throws<FormatException>(() => PeopleCsv.Parse(new StringReader("")));
    }

    [Fact]
    public void What_is_written_parses_back_to_the_same_people()
    {
        var person = new Person
        {
            DisplayName = "Grace, \"Amazing\" Hopper", Email = "g@x.org", AreaOfWork = "eng", SeniorityLevel = SeniorityLevel.Executive,
            Roles = { PersonRole.Mentor }, Skills = { new Skill { Name = "cobol", Level = 5 } }, TimeZone = "UTC", Languages = { "en" },
            MeetingFormats = { MeetingFormat.InPerson }, MentorCapacity = 2, HoursPerMonth = 4, Status = PersonStatus.Active,
        };
        var text = new StringWriter();
        PeopleCsv.Write(text, [("g1", person)]);

        var back = Assert.Single(PeopleCsv.Parse(new StringReader(text.ToString())));
        Assert.Equal("g1", back.Request.ExternalId);
        Assert.Equal(person, back.Request.Person);
    }
}
