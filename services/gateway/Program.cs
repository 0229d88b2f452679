await Mentoring.Gateway.GatewayApp.Create(args).RunAsync();
