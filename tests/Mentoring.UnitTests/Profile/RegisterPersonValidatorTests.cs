using Mentoring.Contracts.Profile.V1;
using Mentoring.Profile.People.RegisterPerson;

namespace Mentoring.UnitTests.Profile;

public class RegisterPersonValidatorTests
{
    private static RegisterPersonRequest Valid() => new()
    {
        Person = new Person
        {
            DisplayName = "Grace Hopper",
            Email = "grace@example.org",
            AreaOfWork = "engineering",
            SeniorityLevel = SeniorityLevel.Executive,
            Roles = { PersonRole.Mentor, PersonRole.Mentee },
            Skills = { new Skill { Name = "compilers", Level = 5 } },
            TimeZone = "America/New_York",
        },
    };

    private static IEnumerable<string> FieldsOf(RegisterPersonRequest r) =>
        RegisterPersonValidator.Validate(r).Items.Select(v => v.Field);

    [Fact]
    public void A_complete_registration_is_valid() => Assert.Empty(FieldsOf(Valid()));

    [Fact]
    public void A_missing_person_is_reported() =>
        Assert.Equal(["person"], FieldsOf(new RegisterPersonRequest()));

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void An_empty_display_name_is_reported(string name)
    {
        var r = Valid();
        r.Person.DisplayName = name;
        Assert.Equal(["person.display_name"], FieldsOf(r));
    }

    [Theory]
    [InlineData("not-an-email")]
    [InlineData("Grace <grace@example.org>")]
    [InlineData("grace@localhost")]
    [InlineData("")]
    public void A_malformed_email_is_reported(string email)
    {
        var r = Valid();
        r.Person.Email = email;
        Assert.Equal(["person.email"], FieldsOf(r));
    }

    [Fact]
    public void Oversized_strings_are_reported_field_by_field()
    {
        var r = Valid();
        r.Person.DisplayName = new string('x', 201);
        r.Person.AreaOfWork = new string('x', 101);
        r.Person.Email = new string('x', 250) + "@example.org";
        r.RequestId = new string('x', 101);
        Assert.Equal(["request_id", "person.display_name", "person.area_of_work", "person.email"], FieldsOf(r));
    }

    [Fact]
    public void Unknown_and_unspecified_enum_values_are_reported()
    {
        var r = Valid();
        r.Person.SeniorityLevel = (SeniorityLevel)99;
        r.Person.Roles[1] = (PersonRole)42;
        Assert.Equal(["person.seniority_level", "person.roles[1]"], FieldsOf(r));

        r = Valid();
        r.Person.SeniorityLevel = SeniorityLevel.Unspecified;
        r.Person.Roles.Clear();
        Assert.Equal(["person.seniority_level", "person.roles"], FieldsOf(r));
    }

    [Fact]
    public void Skills_need_a_name_a_level_from_1_to_5_and_no_repeats()
    {
        var r = Valid();
        r.Person.Skills.Add(new Skill { Name = "", Level = 3 });
        r.Person.Skills.Add(new Skill { Name = "Compilers", Level = 6 });
        Assert.Equal(["person.skills[1].name", "person.skills[2].level", "person.skills[2].name"], FieldsOf(r));
    }

    [Theory]
    [InlineData("Mars/Olympus_Mons")]
    [InlineData("Pacific Standard Time")]
    public void A_time_zone_must_be_an_iana_zone(string zone)
    {
        var r = Valid();
        r.Person.TimeZone = zone;
        Assert.Equal(["person.time_zone"], FieldsOf(r));
    }

    [Fact]
    public void An_empty_time_zone_is_allowed_and_means_utc()
    {
        var r = Valid();
        r.Person.TimeZone = "";
        Assert.Empty(FieldsOf(r));
    }

    [Fact]
    public void Mentor_details_have_their_own_limits()
    {
        var r = Valid();
        r.Person.JobTitle = new string('j', 101);
        r.Person.Languages.Add("en");
        r.Person.Languages.Add("EN");
        r.Person.Languages.Add("klingon language");
        r.Person.MeetingFormats.Add(MeetingFormat.Video);
        r.Person.MeetingFormats.Add((MeetingFormat)7);
        r.Person.MentorCapacity = 51;
        r.Person.HoursPerMonth = -1;
        r.Person.Motivation = new string('m', 2001);
        r.Person.Status = (PersonStatus)5;
        Assert.Equal(
            ["person.job_title", "person.languages[2]", "person.languages", "person.meeting_formats[1]",
             "person.mentor_capacity", "person.hours_per_month", "person.motivation", "person.status"],
            FieldsOf(r));
    }

    [Fact]
    public void A_registration_without_status_is_valid_and_complete_details_are_accepted()
    {
        var r = Valid();
        r.Person.Languages.Add("pt-BR");
        r.Person.MeetingFormats.Add(MeetingFormat.InPerson);
        r.Person.MentorCapacity = 50;
        r.Person.HoursPerMonth = 200;
        Assert.Equal(PersonStatus.Unspecified, r.Person.Status);
        Assert.Empty(FieldsOf(r));
    }
}
