using Mentoring.MailSink;

var app = MailSinkApp.Create(args);
await app.RunAsync();
