await Mentoring.Scheduling.SchedulingApp.Create(args).RunAsync();
