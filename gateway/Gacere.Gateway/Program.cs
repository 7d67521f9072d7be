using Gacere.Gateway;
using Gacere.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddGatewayServices();

var app = builder.Build();

app.UseCorrelationId();
app.MapDefaultEndpoints();
app.MapGateway();

app.Run();
