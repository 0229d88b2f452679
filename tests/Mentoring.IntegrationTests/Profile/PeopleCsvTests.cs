using System.Net;
using System.Text;
using System.Text.Json;
using Dapper;
using Mentoring.IntegrationTests.Support;

namespace Mentoring.IntegrationTests.Profile;

/// <summary>CSV import for administrators: a dry run reports every row and writes nothing; then apply; then export.</summary>
public sealed class PeopleCsvTests() : ServicesUnderTest("profile")
{
    private HttpClient admin = null!;

    private const string Csv = """
        external_id,display_name,email,area_of_work,seniority_level,roles,skills,time_zone,languages,meeting_formats,mentor_capacity,status
        e-1,Ada Lovelace,ada@csv.example.org,engineering,senior,mentor,maths:5;poetry:3,Europe/London,en;fr,video;chat,3,active
        e-2,Grace Hopper,grace@csv.example.org,engineering,JUNIOR,MENTEE,,America/New_York,en,,0,
        e-3,,broken,engineering,wizard,mentor,maths:x,Mars/Base,,,many,
        """;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        admin = Service("profile").CreateHttpClient(await TestIdentity.AdministratorAsync());
    }

    public override async Task DisposeAsync()
    {
        admin.Dispose();
        await base.DisposeAsync();
    }

    private static StringContent Body(string csv) => new(csv, Encoding.UTF8, "text/csv");

    private async Task<JsonElement> ImportAsync(string csv, bool dryRun)
    {
        var response = await admin.PostAsync($"/profile/v1/people:importCsv?dryRun={dryRun.ToString().ToLowerInvariant()}", Body(csv));
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
    }

    private async Task<long> PeopleAsync()
    {
        await using var a = Db.AdminDataSource();
        await using var c = await a.OpenConnectionAsync();
        return await c.ExecuteScalarAsync<long>("SELECT count(*) FROM profile.person");
    }

    private static IEnumerable<string> Outcomes(JsonElement report) =>
        report.GetProperty("rows").EnumerateArray().Select(r => r.GetProperty("outcome").GetString()!);

    [Fact]
    public async Task A_dry_run_reports_every_row_and_writes_nothing_then_apply_creates_and_a_replay_changes_nothing()
    {
        var dry = await ImportAsync(Csv, dryRun: true);
        Assert.True(dry.GetProperty("dryRun").GetBoolean());
        Assert.Equal(["CREATED", "CREATED", "REJECTED"], Outcomes(dry));
        var broken = dry.GetProperty("rows")[2];
        Assert.Equal(4, broken.GetProperty("line").GetInt32());
        Assert.Equal(["person.seniority_level", "person.mentor_capacity", "person.skills"],
            broken.GetProperty("violations").EnumerateArray().Select(v => v.GetProperty("field").GetString()));
        Assert.Equal(0, await PeopleAsync());

        var applied = await ImportAsync(Csv, dryRun: false);
        Assert.Equal((2, 1), (applied.GetProperty("created").GetInt32(), applied.GetProperty("rejected").GetInt32()));
        Assert.Equal(2, await PeopleAsync());
        Assert.Equal(["UNCHANGED", "UNCHANGED", "REJECTED"], Outcomes(await ImportAsync(Csv, dryRun: false)));
    }

    [Fact]
    public async Task A_dry_run_sees_what_earlier_rows_would_have_done_across_batches()
    {
        // Row 1 creates e-1; a later row (after a repeated id starts a new batch) updates it, and
        // another person's row reusing e-1's e-mail conflicts — exactly what the apply will report.
        const string csv = """
            external_id,display_name,email,area_of_work,seniority_level,roles,time_zone
            e-1,Ada Lovelace,ada@csv.example.org,engineering,senior,mentor,UTC
            e-1,Ada King,ada@csv.example.org,engineering,senior,mentor,UTC
            e-9,Impostor,ada@csv.example.org,engineering,junior,mentee,UTC
            """;
        var dry = await ImportAsync(csv, dryRun: true);
        Assert.Equal(["CREATED", "UPDATED", "REJECTED"], Outcomes(dry));
        Assert.Equal(0, await PeopleAsync());
        Assert.Equal(Outcomes(dry), Outcomes(await ImportAsync(csv, dryRun: false)));
        Assert.Equal(1, await PeopleAsync());
    }

    [Fact]
    public async Task The_export_is_csv_that_imports_back_unchanged()
    {
        await ImportAsync(Csv, dryRun: false);

        var response = await admin.GetAsync("/profile/v1/people:exportCsv");
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var exported = await response.Content.ReadAsStringAsync();
        Assert.StartsWith("external_id,display_name,email", exported);
        Assert.Contains("e-1,Ada Lovelace,ada@csv.example.org,engineering,SENIOR,MENTOR,maths:5;poetry:3,Europe/London", exported);

        Assert.Equal(["UNCHANGED", "UNCHANGED"], Outcomes(await ImportAsync(exported, dryRun: false)));
    }

    [Fact]
    public async Task Unreadable_files_are_problems_and_only_administrators_may_import_or_export()
    {
        var missing = await admin.PostAsync("/profile/v1/people:importCsv", Body("display_name,email\nAda,ada@x.org\n"));
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Contains("external_id", await missing.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.UnsupportedMediaType,
            (await admin.PostAsync("/profile/v1/people:importCsv", new StringContent("{}", Encoding.UTF8, "application/json"))).StatusCode);

        using var partner = Service("profile").CreateHttpClient(await TestIdentity.PartnerAsync());
        Assert.Equal(HttpStatusCode.Forbidden, (await partner.PostAsync("/profile/v1/people:importCsv", Body(Csv))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await partner.GetAsync("/profile/v1/people:exportCsv")).StatusCode);
        using var anonymous = Service("profile").CreateHttpClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/profile/v1/people:exportCsv")).StatusCode);
        Assert.Equal(0, await PeopleAsync());
    }
}
