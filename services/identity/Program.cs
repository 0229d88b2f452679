await Mentoring.Identity.IdentityApp.Create(args).RunAsync();
