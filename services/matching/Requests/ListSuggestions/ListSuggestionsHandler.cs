using Mentoring.BuildingBlocks.Resources;
using Mentoring.BuildingBlocks.Tenancy;
using Mentoring.BuildingBlocks.Validation;
using Mentoring.Contracts.Matching.V1;
using Mentoring.Matching.Runs;

namespace Mentoring.Matching.Requests.ListSuggestions;

/// <summary>The mentee's feasible mentors with capacity left, best first, explained.</summary>
public sealed class ListSuggestionsHandler(TenantDatabase db, TimeProvider clock)
{
    public async Task<ListSuggestionsResponse> HandleAsync(ListSuggestionsRequest request, CancellationToken ct)
    {
        var v = new Violations();
        if (!ResourceName.TryParse("programmes", request.Programme, out var programmeId)) v.Add("programme", "must be programmes/{programme_id}");
        if (!ResourceName.TryParse("people", request.Mentee, out var menteeId)) v.Add("mentee", "must be people/{person_id}");
        if (request.PageSize is < 0 or > 50) v.Add("page_size", "must be between 0 and 50");
        v.ThrowIfAny();
        var tenantId = db.TenantId;
        var now = clock.GetUtcNow().UtcDateTime;
        var found = await db.InTransactionAsync((c, tx, token) =>
            MenteeInProgramme.LoadAsync(c, tx, tenantId, programmeId, request.Programme, menteeId, request.Mentee, now, token), ct);
        var suggestions = found.Generator(request.PageSize == 0 ? 10 : request.PageSize).Generate(found.Mentee).Candidates;
        return new ListSuggestionsResponse { Suggestions = { suggestions.Select(RunComputation.ToProposal) } };
    }
}
