using Gacere.PolicyMapping.Apis;
using Gacere.PolicyMapping.Extensions;
using Gacere.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapPolicyMappingApi();

app.Run();
