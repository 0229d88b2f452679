await Mentoring.Matching.MatchingApp.Create(args).RunAsync();
