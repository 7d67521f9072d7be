using Gacere.Events.Apis;
using Gacere.Events.Extensions;
using Gacere.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults().AddApplicationServices();
var app = builder.Build();
app.MapDefaultEndpoints();
app.UseOutputCache();
app.MapEventsApi();
app.Run();
