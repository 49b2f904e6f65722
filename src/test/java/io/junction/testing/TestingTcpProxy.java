package io.junction.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP forwarder in front of a real server (the shared PostgreSQL), so that a test can take
 * that server away from Junction and give it back without stopping it for everyone else:
 * {@link #cut()} closes every connection and refuses new ones (as a stopped database does),
 * {@link #restore()} listens again on the same port.
 */
public final class TestingTcpProxy
        implements AutoCloseable
{
    private final InetSocketAddress target;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private volatile ServerSocket listener;
    private int port;

    public TestingTcpProxy(String host, int targetPort)
    {
        this.target = new InetSocketAddress(host, targetPort);
        listen(0);
    }

    public int port()
    {
        return port;
    }

    /**
     * Closes every forwarded connection and stops listening: new connections are refused.
     */
    public synchronized void cut()
    {
        closeQuietly(listener);
        sockets.forEach(TestingTcpProxy::closeQuietly);
        sockets.clear();
    }

    /**
     * Listens again, on the same port.
     */
    public synchronized void restore()
    {
        listen(port);
    }

    @Override
    public synchronized void close()
    {
        cut();
    }

    private synchronized void listen(int requestedPort)
    {
        try {
            ServerSocket socket = new ServerSocket();
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), requestedPort));
            listener = socket;
            port = socket.getLocalPort();
            Thread.ofVirtual().name("tcp-proxy-accept").start(() -> accept(socket));
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void accept(ServerSocket socket)
    {
        while (!socket.isClosed()) {
            try {
                Socket client = socket.accept();
                Socket server = new Socket();
                server.connect(target, 5_000);
                sockets.add(client);
                sockets.add(server);
                Thread.ofVirtual().start(() -> pump(client, server));
                Thread.ofVirtual().start(() -> pump(server, client));
            }
            catch (IOException e) {
                // the listener was closed by cut(), or one connection failed
            }
        }
    }

    private static void pump(Socket from, Socket to)
    {
        byte[] buffer = new byte[16 * 1024];
        try (InputStream input = from.getInputStream(); OutputStream output = to.getOutputStream()) {
            int read;
            while ((read = input.read(buffer)) >= 0) {
                output.write(buffer, 0, read);
                output.flush();
            }
        }
        catch (IOException e) {
            // either side closed
        }
        finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private static void closeQuietly(AutoCloseable closeable)
    {
        try {
            if (closeable != null) {
                closeable.close();
            }
        }
        catch (Exception e) {
            // closing anyway
        }
    }
}
