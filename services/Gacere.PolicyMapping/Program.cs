using Gacere.PolicyMapping.Apis;
using Gacere.PolicyMapping.Extensions;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapPolicyMappingApi();

app.Run();
