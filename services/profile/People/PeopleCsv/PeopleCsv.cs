using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;
using Mentoring.Contracts.Profile.V1;

namespace Mentoring.Profile.People.PeopleCsv;

/// <summary>
/// The CSV form of people for administrators (pure; no I/O): one header row, then one person per
/// row. Lists inside a cell are separated by ';' (skills as name:level). Enum cells take the short
/// names (SENIOR, MENTOR, VIDEO, ON_LEAVE …), case-insensitive.
/// </summary>
public static class PeopleCsv
{
    public static readonly string[] Columns =
    [
        "external_id", "display_name", "email", "area_of_work", "seniority_level", "roles", "skills", "time_zone",
        "job_title", "location", "languages", "meeting_formats", "mentor_capacity", "hours_per_month", "status",
    ];

    /// <summary>One parsed row: the import request, or the cells that could not be read.</summary>
    public sealed record Row(int Line, ImportPeopleRequest Request, IReadOnlyList<(string Field, string Problem)> Problems);

    /// <summary>Parses the whole text; throws <see cref="FormatException"/> when the header lacks a required column.</summary>
    public static IReadOnlyList<Row> Parse(TextReader text)
    {
        using var csv = new CsvReader(text, new CsvConfiguration(CultureInfo.InvariantCulture) { TrimOptions = TrimOptions.Trim });
        if (!csv.Read() || !csv.ReadHeader()) throw new FormatException("The CSV is empty: a header row is required.");
        var header = csv.HeaderRecord!.Select(h => h.Trim().ToLowerInvariant()).ToArray();
        var missing = new[] { "external_id", "display_name", "email", "area_of_work", "seniority_level", "roles" }.Except(header).ToList();
        if (missing.Count > 0) throw new FormatException($"The header lacks the column(s): {string.Join(", ", missing)}.");
        var unknown = header.Except(Columns).ToList();
        if (unknown.Count > 0) throw new FormatException($"Unknown column(s): {string.Join(", ", unknown)}. Known: {string.Join(", ", Columns)}.");

        var rows = new List<Row>();
        while (csv.Read())
        {
            string Cell(string column) => Array.IndexOf(header, column) is var i and >= 0 ? csv.GetField(i) ?? "" : "";
            var problems = new List<(string, string)>();
            var person = new Person
            {
                DisplayName = Cell("display_name"), Email = Cell("email"), AreaOfWork = Cell("area_of_work"), TimeZone = Cell("time_zone"),
                JobTitle = Cell("job_title"), Location = Cell("location"),
                SeniorityLevel = ParseEnum<SeniorityLevel>(Cell("seniority_level"), "SENIORITY_LEVEL_", "person.seniority_level", problems),
                Status = Cell("status").Length == 0 ? PersonStatus.Unspecified : ParseEnum<PersonStatus>(Cell("status"), "PERSON_STATUS_", "person.status", problems),
                MentorCapacity = ParseInt(Cell("mentor_capacity"), "person.mentor_capacity", problems),
                HoursPerMonth = ParseInt(Cell("hours_per_month"), "person.hours_per_month", problems),
            };
            foreach (var role in List(Cell("roles"))) person.Roles.Add(ParseEnum<PersonRole>(role, "PERSON_ROLE_", "person.roles", problems));
            foreach (var format in List(Cell("meeting_formats"))) person.MeetingFormats.Add(ParseEnum<MeetingFormat>(format, "MEETING_FORMAT_", "person.meeting_formats", problems));
            person.Languages.AddRange(List(Cell("languages")));
            foreach (var skill in List(Cell("skills")))
            {
                var parts = skill.Split(':');
                if (parts.Length == 2 && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var level))
                    person.Skills.Add(new Skill { Name = parts[0].Trim(), Level = level });
                else problems.Add(("person.skills", $"'{skill}' is not name:level"));
            }
            rows.Add(new Row(csv.Parser.Row, new ImportPeopleRequest { ExternalId = Cell("external_id"), Person = person }, problems));
        }
        return rows;
    }

    public static void Write(TextWriter text, IEnumerable<(string ExternalId, Person Person)> people)
    {
        using var csv = new CsvWriter(text, CultureInfo.InvariantCulture, leaveOpen: true);
        foreach (var column in Columns) csv.WriteField(column);
        csv.NextRecord();
        foreach (var (externalId, p) in people)
        {
            csv.WriteField(externalId);
            csv.WriteField(p.DisplayName);
            csv.WriteField(p.Email);
            csv.WriteField(p.AreaOfWork);
            csv.WriteField(Short(p.SeniorityLevel.ToString(), typeof(SeniorityLevel), p.SeniorityLevel));
            csv.WriteField(string.Join(';', p.Roles.Select(r => Short(r.ToString(), typeof(PersonRole), r))));
            csv.WriteField(string.Join(';', p.Skills.Select(s => $"{s.Name}:{s.Level}")));
            csv.WriteField(p.TimeZone);
            csv.WriteField(p.JobTitle);
            csv.WriteField(p.Location);
            csv.WriteField(string.Join(';', p.Languages));
            csv.WriteField(string.Join(';', p.MeetingFormats.Select(f => Short(f.ToString(), typeof(MeetingFormat), f))));
            csv.WriteField(p.MentorCapacity);
            csv.WriteField(p.HoursPerMonth);
            csv.WriteField(Short(p.Status.ToString(), typeof(PersonStatus), p.Status));
            csv.NextRecord();
        }
    }

    private static IEnumerable<string> List(string cell) =>
        cell.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static int ParseInt(string cell, string field, List<(string, string)> problems)
    {
        if (cell.Length == 0) return 0;
        if (int.TryParse(cell, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)) return value;
        problems.Add((field, $"'{cell}' is not a whole number"));
        return 0;
    }

    /// <summary>"SENIOR" or "SENIORITY_LEVEL_SENIOR" (any case) → the enum value; unknown → a problem.</summary>
    private static TEnum ParseEnum<TEnum>(string cell, string prefix, string field, List<(string, string)> problems) where TEnum : struct, Enum
    {
        var wanted = cell.Trim().ToUpperInvariant();
        if (!wanted.StartsWith(prefix, StringComparison.Ordinal)) wanted = prefix + wanted;
        foreach (var value in Enum.GetValues<TEnum>())
        {
            var original = typeof(TEnum).GetField(value.ToString())!
                .GetCustomAttributes(typeof(Google.Protobuf.Reflection.OriginalNameAttribute), false)
                .OfType<Google.Protobuf.Reflection.OriginalNameAttribute>().Single().Name;
            if (original == wanted && !original.EndsWith("_UNSPECIFIED", StringComparison.Ordinal)) return value;
        }
        problems.Add((field, $"'{cell}' is not one of {string.Join(", ", Enum.GetValues<TEnum>().Skip(1).Select(v => Short(v.ToString(), typeof(TEnum), v)))}"));
        return default;
    }

    private static string Short(string _, Type type, object value)
    {
        var original = type.GetField(value.ToString()!)!
            .GetCustomAttributes(typeof(Google.Protobuf.Reflection.OriginalNameAttribute), false)
            .OfType<Google.Protobuf.Reflection.OriginalNameAttribute>().Single().Name;
        var prefixEnd = type == typeof(SeniorityLevel) ? "SENIORITY_LEVEL_".Length
            : type == typeof(PersonRole) ? "PERSON_ROLE_".Length
            : type == typeof(MeetingFormat) ? "MEETING_FORMAT_".Length
            : "PERSON_STATUS_".Length;
        return original[prefixEnd..];
    }
}
