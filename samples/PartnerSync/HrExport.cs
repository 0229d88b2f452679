using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;
using Mentoring.Contracts.Profile.V1;

namespace PartnerSync;

/// <summary>One data row of the HR export: its line, its external id, and the import row or why the file itself is wrong.</summary>
public sealed record HrRow(int Line, string ExternalId, ImportPeopleRequest? Request, string? Error);

/// <summary>
/// Reads the CSV HR export (columns in README.md): a header row, then one person per row; lists are
/// separated by <c>;</c>, skills are <c>name:level</c>. Rows the file gets wrong (an unknown
/// seniority, a level that is not a number) come back with an error and are not sent.
/// </summary>
public static class HrExport
{
    public static readonly string[] Required = ["external_id", "display_name", "email", "area_of_work", "seniority", "roles"];

    public static List<HrRow> Read(TextReader text)
    {
        using var csv = new CsvReader(text, new CsvConfiguration(CultureInfo.InvariantCulture) { TrimOptions = TrimOptions.Trim });
        if (!csv.Read() || !csv.ReadHeader()) throw new FormatException("the file is empty: a header row is needed");
        var missing = Required.Where(c => !csv.HeaderRecord!.Contains(c)).ToList();
        if (missing.Count > 0) throw new FormatException($"missing column(s): {string.Join(", ", missing)}");

        var rows = new List<HrRow>();
        while (csv.Read())
        {
            string Field(string name) => csv.TryGetField<string>(name, out var v) ? v ?? "" : "";
            var line = csv.Parser.RawRow;
            var id = Field("external_id");
            try
            {
                rows.Add(new HrRow(line, id, new ImportPeopleRequest { ExternalId = id, Person = Person(Field) }, null));
            }
            catch (FormatException e)
            {
                rows.Add(new HrRow(line, id, null, e.Message));
            }
        }
        return rows;
    }

    private static Person Person(Func<string, string> field)
    {
        var person = new Person
        {
            DisplayName = field("display_name"), Email = field("email"), AreaOfWork = field("area_of_work"),
            SeniorityLevel = Parse<SeniorityLevel>("seniority", field("seniority")),
            TimeZone = field("time_zone"), JobTitle = field("job_title"), Location = field("location"),
            MentorCapacity = Number("mentor_capacity", field("mentor_capacity")), HoursPerMonth = Number("hours_per_month", field("hours_per_month")),
        };
        person.Roles.AddRange(List(field("roles")).Select(r => Parse<PersonRole>("roles", r)));
        person.Languages.AddRange(List(field("languages")));
        person.MeetingFormats.AddRange(List(field("meeting_formats")).Select(f => Parse<MeetingFormat>("meeting_formats", f)));
        foreach (var skill in List(field("skills")))
        {
            var parts = skill.Split(':', 2, StringSplitOptions.TrimEntries);
            person.Skills.Add(new Skill { Name = parts[0], Level = parts.Length == 2 ? Number("skills", parts[1]) : 0 });
        }
        return person;
    }

    private static IEnumerable<string> List(string value) => value.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static int Number(string column, string value) =>
        value.Length == 0 ? 0 : int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n
            : throw new FormatException($"{column}: '{value}' is not a whole number");

    /// <summary>A proto enum by its value name without the prefix, any case, e.g. <c>in_person</c> → InPerson.</summary>
    private static T Parse<T>(string column, string value) where T : struct, Enum =>
        value.Length > 0 && Enum.TryParse<T>(value.Replace("_", ""), ignoreCase: true, out var v) && !v.Equals(default(T)) && Enum.IsDefined(v) && !int.TryParse(value, out _)
            ? v
            : throw new FormatException($"{column}: '{value}' is not one of {string.Join(", ", Enum.GetNames<T>().Skip(1).Select(Snake))}");

    private static string Snake(string name) => string.Concat(name.Select((c, i) => i > 0 && char.IsUpper(c) ? "_" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
}
