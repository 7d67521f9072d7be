using Gacere.Partnerships.Apis;
using Gacere.Partnerships.Extensions;
using Gacere.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults().AddApplicationServices();
var app = builder.Build();
app.MapDefaultEndpoints().MapPartnershipsApi();
app.Run();
