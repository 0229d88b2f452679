using Grpc.Core;
using Mentoring.Contracts.Profile.V1;

namespace PartnerSync;

/// <summary>What the import did: person name → external id, and the count per outcome.</summary>
public sealed record ImportSummary(IReadOnlyDictionary<string, string> People, IReadOnlyDictionary<ImportOutcome, int> Outcomes);

/// <summary>
/// Sends the rows to profile's ImportPeople (a bidirectional stream: one answer per row, in order)
/// and prints each row's outcome: CREATED, UPDATED, UNCHANGED, or REJECTED with the field and why.
/// Sending the same file again answers UNCHANGED (the import is idempotent by external id).
/// </summary>
public static class PeopleImport
{
    public static async Task<ImportSummary> RunAsync(ProfileService.ProfileServiceClient profile, IReadOnlyList<HrRow> rows, TextWriter output, CancellationToken ct)
    {
        var outcomes = Enum.GetValues<ImportOutcome>().Skip(1).ToDictionary(o => o, _ => 0);
        var people = new Dictionary<string, string>();
        foreach (var bad in rows.Where(r => r.Request is null))
        {
            await output.WriteLineAsync($"line {bad.Line,-4} {bad.ExternalId,-12} REJECTED   {bad.Error} (not sent)");
            outcomes[ImportOutcome.Rejected]++;
        }
        var sent = rows.Where(r => r.Request is not null).ToList();
        if (sent.Count > 0)
        {
            using var call = profile.ImportPeople(cancellationToken: ct);
            // Write and read at once: the service answers in batches while rows still arrive.
            var writing = Task.Run(async () =>
            {
                foreach (var row in sent) await call.RequestStream.WriteAsync(row.Request!, ct);
                await call.RequestStream.CompleteAsync();
            }, ct);
            var i = 0;
            await foreach (var answer in call.ResponseStream.ReadAllAsync(ct))
            {
                var row = sent[i++];
                outcomes[answer.Outcome]++;
                if (answer.Person.Length > 0) people[answer.Person] = answer.ExternalId;
                var detail = answer.Outcome == ImportOutcome.Rejected
                    ? string.Join("; ", answer.Violations.Select(v => $"{v.Field}: {v.Description}"))
                    : answer.Person;
                await output.WriteLineAsync($"line {row.Line,-4} {answer.ExternalId,-12} {Name(answer.Outcome),-10} {detail}");
            }
            await writing;
        }
        await output.WriteLineAsync($"imported {rows.Count} rows: " + string.Join(", ", outcomes.Select(o => $"{o.Value} {Name(o.Key).ToLowerInvariant()}")));
        return new ImportSummary(people, outcomes);
    }

    private static string Name(ImportOutcome outcome) => outcome.ToString().ToUpperInvariant();
}
