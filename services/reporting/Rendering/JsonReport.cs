using System.Text;
using System.Text.Json;
using Google.Protobuf;

namespace Mentoring.Reporting.Rendering;

/// <summary>The report as JSON: the header, then each section in the contract's own JSON (docs/reporting.md).</summary>
public static class JsonReport
{
    public static string Render(ProgrammeReport report)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("organisation", report.Organisation);
            json.WriteString("programme", report.Programme);
            json.WriteString("displayName", report.DisplayName);
            json.WriteStartObject("period");
            json.WriteString("key", report.Period.Key);
            json.WriteString("start", report.Period.Start.ToString("O"));
            json.WriteString("end", report.Period.End.ToString("O"));
            json.WriteEndObject();
            json.WriteNumber("minimumGroup", ProgrammeReport.MinimumGroup);
            json.WriteStartArray("sections");
            var formatter = new JsonFormatter(JsonFormatter.Settings.Default.WithFormatDefaultValues(true));
            foreach (var section in report.Sections) json.WriteRawValue(formatter.Format(section));
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
