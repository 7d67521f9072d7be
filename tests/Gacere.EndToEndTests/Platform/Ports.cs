using System.Net.Sockets;

namespace Gacere.EndToEndTests.Platform;

/// <summary>What a test can see of a server from outside: whether anything accepts connections on its port.</summary>
internal static class Ports
{
    public static bool Listening(int port)
    {
        using var client = new TcpClient();
        try
        {
            client.Connect("127.0.0.1", port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
