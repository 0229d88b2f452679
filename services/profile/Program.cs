await Mentoring.Profile.ProfileApp.Create(args).RunAsync();
