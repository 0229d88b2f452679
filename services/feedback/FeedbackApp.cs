using Mentoring.BuildingBlocks.Events;
using Mentoring.BuildingBlocks.Hosting;
using Mentoring.Contracts.Events.V1;
using Mentoring.Feedback.Participants.GetParticipant;
using Mentoring.Feedback.Participants.Projection;

namespace Mentoring.Feedback;

/// <summary>The feedback service.</summary>
public static class FeedbackApp
{
    public const string Name = "feedback";

    public static WebApplication Create(string[] args, Action<IConfigurationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        configure?.Invoke(builder.Configuration);
        builder.AddServiceDefaults(Name, typeof(FeedbackApp).Assembly, FeedbackPolicies.Table);
        builder.Services.AddEventHandler<PersonRegistered, ParticipantProjection>(ParticipantProjection.Subscriber);
        builder.Services.AddEventHandler<PersonUpdated, ParticipantProjection>(ParticipantProjection.UpdatesSubscriber);
        builder.Services.AddEventHandler<PersonErased, ParticipantErasure>(ParticipantErasure.Subscriber);
        builder.Services.AddScoped<GetParticipantHandler>();

        var app = builder.Build();
        app.MapServiceDefaults();
        app.MapApi<FeedbackGrpcService>();
        return app;
    }
}
