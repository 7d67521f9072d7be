using Gacere.Membership.Apis;
using Gacere.Membership.Extensions;
using Gacere.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults().AddApplicationServices();
var app = builder.Build();
app.MapDefaultEndpoints();
app.UseOutputCache();
app.MapMembershipApi();
app.Run();
