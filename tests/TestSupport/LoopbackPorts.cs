using System.Net;
using System.Net.Sockets;

namespace TestSupport;

public static class LoopbackPorts
{
    /// <summary>A loopback port nobody listens on (bound, then released): an unreachable server.</summary>
    public static int Closed()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
