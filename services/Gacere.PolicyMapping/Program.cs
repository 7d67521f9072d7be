using Gacere.PolicyMapping.Apis;
using Gacere.PolicyMapping.Extensions;
using Gacere.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults().AddApplicationServices();
var app = builder.Build();
app.MapDefaultEndpoints().MapPolicyMappingApi();
app.Run();
