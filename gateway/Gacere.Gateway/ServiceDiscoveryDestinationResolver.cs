using System.Net;
using Microsoft.Extensions.Primitives;
using Microsoft.Extensions.ServiceDiscovery;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.ServiceDiscovery;

namespace Gacere.Gateway;

/// <summary>
/// Resolves cluster destinations such as <c>http://membership</c> through service discovery
/// (<c>services:membership:http:0</c> under both hosts). The YARP adapter package is not in our registry.
/// </summary>
internal sealed class ServiceDiscoveryDestinationResolver(ServiceEndpointResolver resolver) : IDestinationResolver
{
    public async ValueTask<ResolvedDestinationCollection> ResolveDestinationsAsync(
        IReadOnlyDictionary<string, DestinationConfig> destinations, CancellationToken cancellationToken)
    {
        var resolved = new Dictionary<string, DestinationConfig>();
        var changeTokens = new List<IChangeToken>();
        foreach (var (name, destination) in destinations)
        {
            var address = new Uri(destination.Address);
            var source = await resolver.GetEndpointsAsync(address.GetLeftPart(UriPartial.Authority), cancellationToken);
            changeTokens.Add(source.ChangeToken);

            var index = 0;
            foreach (var endpoint in source.Endpoints)
            {
                var baseAddress = ToUri(endpoint.EndPoint, address.Scheme);
                var resolvedAddress = new UriBuilder(baseAddress) { Path = address.AbsolutePath }.Uri.ToString();
                resolved[source.Endpoints.Count == 1 ? name : $"{name}[{index++}]"] = destination with { Address = resolvedAddress };
            }
        }
        return new ResolvedDestinationCollection(resolved, new CompositeChangeToken(changeTokens));
    }

    private static Uri ToUri(EndPoint endPoint, string scheme) => endPoint switch
    {
        UriEndPoint uri => uri.Uri,
        IPEndPoint ip => new UriBuilder(scheme, ip.Address.ToString(), ip.Port).Uri,
        DnsEndPoint dns => new UriBuilder(scheme, dns.Host, dns.Port).Uri,
        _ => throw new InvalidOperationException($"Service discovery returned an endpoint of unsupported type {endPoint.GetType().Name}."),
    };
}
