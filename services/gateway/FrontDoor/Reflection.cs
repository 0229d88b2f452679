using ServiceDescriptor = Google.Protobuf.Reflection.ServiceDescriptor;
using Grpc.Reflection;
using Mentoring.BuildingBlocks.Hosting;
using Mentoring.Contracts.Feedback.V1;
using Mentoring.Contracts.Integration.V1;
using Mentoring.Contracts.Matching.V1;
using Mentoring.Contracts.Profile.V1;
using Mentoring.Contracts.Scheduling.V1;

namespace Mentoring.Gateway.FrontDoor;

/// <summary>
/// gRPC reflection answered by the gateway itself, on its gRPC port (both
/// <c>grpc.reflection.v1.ServerReflection</c> and <c>grpc.reflection.v1alpha.ServerReflection</c>):
/// it fronts five services, so forwarding reflection to one of them could never list them all. The
/// descriptors are the contracts' (<see cref="Services"/>, with every file they import), plus the
/// health service the gateway answers and reflection itself. On in Development, elsewhere with
/// <c>Gateway:EnableReflection</c> or <c>Service:EnableReflection</c>, as in the services; anonymous
/// like there, and rate limited like every other call through the front door.
/// </summary>
public static class Reflection
{
    /// <summary>The services behind the gateway's gRPC routes.</summary>
    public static readonly IReadOnlyList<ServiceDescriptor> Services =
    [
        ProfileService.Descriptor,
        MatchingService.Descriptor,
        SchedulingService.Descriptor,
        FeedbackService.Descriptor,
        IntegrationService.Descriptor,
    ];

    /// <summary>Everything reflection describes: the services, health, and reflection (both versions).</summary>
    public static IReadOnlyList<ServiceDescriptor> Described =>
    [
        .. Services,
        Grpc.Health.V1.Health.Descriptor,
        Grpc.Reflection.V1.ServerReflection.Descriptor,
        Grpc.Reflection.V1Alpha.ServerReflection.Descriptor,
    ];

    public static bool IsEnabled(WebApplicationBuilder builder, GatewayOptions options) =>
        builder.Environment.IsDevelopment()
        || options.EnableReflection
        || builder.Configuration.GetValue<bool>($"{ServiceOptions.Section}:EnableReflection");

    public static void AddGatewayReflection(this WebApplicationBuilder builder, GatewayOptions options)
    {
        if (!IsEnabled(builder, options)) return;
        builder.Services.AddSingleton(new ReflectionServiceImpl(Described));
        builder.Services.AddSingleton(new ReflectionV1ServiceImpl(Described));
    }

    /// <summary>
    /// Maps reflection when it is on. When it is off the calls find no service and gRPC answers
    /// UNIMPLEMENTED, as a server without reflection does.
    /// </summary>
    public static void MapGatewayReflection(this WebApplication app)
    {
        if (app.Services.GetService<ReflectionServiceImpl>() is null) return;
        app.MapGrpcService<ReflectionServiceImpl>();
        app.MapGrpcService<ReflectionV1ServiceImpl>();
    }
}
