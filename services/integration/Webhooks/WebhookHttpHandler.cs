namespace Mentoring.Integration.Webhooks;

/// <summary>The HTTP handler of webhook deliveries: no redirects, no cookies, no proxy, and only public addresses.</summary>
public static class WebhookHttpHandler
{
    public static SocketsHttpHandler Create(WebhookOptions options)
    {
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            // A proxy would be the address connected to, and the endpoint's address would go unchecked.
            UseProxy = false,
        };
        if (!options.AllowPrivateAddresses) handler.ConnectCallback = new GuardedConnector().ConnectAsync;
        return handler;
    }
}
