using Mentoring.BuildingBlocks.Events;
using Mentoring.BuildingBlocks.Hosting;
using Mentoring.Contracts.Events.V1;
using Mentoring.Scheduling.Participants.GetParticipant;
using Mentoring.Scheduling.Participants.Projection;

namespace Mentoring.Scheduling;

/// <summary>The scheduling service.</summary>
public static class SchedulingApp
{
    public const string Name = "scheduling";

    public static WebApplication Create(string[] args, Action<IConfigurationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        configure?.Invoke(builder.Configuration);
        builder.AddServiceDefaults(Name, typeof(SchedulingApp).Assembly, SchedulingPolicies.Table);
        builder.Services.AddEventHandler<PersonRegistered, ParticipantProjection>(ParticipantProjection.Subscriber);
        builder.Services.AddEventHandler<PersonUpdated, ParticipantProjection>(ParticipantProjection.UpdatesSubscriber);
        builder.Services.AddEventHandler<PersonErased, ParticipantErasure>(ParticipantErasure.Subscriber);
        builder.Services.AddScoped<GetParticipantHandler>();

        var app = builder.Build();
        app.MapServiceDefaults();
        app.MapApi<SchedulingGrpcService>();
        return app;
    }
}
