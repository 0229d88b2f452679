await Mentoring.Feedback.FeedbackApp.Create(args).RunAsync();
