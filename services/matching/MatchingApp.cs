using Mentoring.BuildingBlocks.Events;
using Mentoring.BuildingBlocks.Hosting;
using Mentoring.Contracts.Events.V1;
using Mentoring.Matching.Candidates.ListCandidates;
using Mentoring.Matching.Candidates.Projection;

namespace Mentoring.Matching;

/// <summary>The matching service: who mentors whom.</summary>
public static class MatchingApp
{
    public const string Name = "matching";

    public static WebApplication Create(string[] args, Action<IConfigurationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        configure?.Invoke(builder.Configuration);
        builder.AddServiceDefaults(Name, typeof(MatchingApp).Assembly, MatchingPolicies.Table);
        builder.Services.AddEventHandler<PersonRegistered, CandidateProjection>(CandidateProjection.Subscriber);
        builder.Services.AddEventHandler<PersonUpdated, CandidateProjection>(CandidateProjection.UpdatesSubscriber);
        builder.Services.AddEventHandler<PersonErased, CandidateErasure>(CandidateErasure.Subscriber);
        builder.Services.AddEventHandler<ReportingLineChanged, ReportingLineProjection>(ReportingLineProjection.Subscriber);
        builder.Services.AddScoped<ListCandidatesHandler>();

        var app = builder.Build();
        app.MapServiceDefaults();
        app.MapApi<MatchingGrpcService>();
        return app;
    }
}
