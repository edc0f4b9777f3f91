package dev.kontextbot.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback port that refuses connections (nothing listens) until {@link #open} starts forwarding it to another
 * port: a service that was unreachable and comes back at the same address.
 */
public final class PortForward implements AutoCloseable {
    private final int port;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile ServerSocket server;

    private PortForward(int port) {
        this.port = port;
    }

    /** A port nothing listens on yet. */
    public static PortForward closed() {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return new PortForward(probe.getLocalPort());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return port;
    }

    /** From now on, connections to {@link #port()} reach {@code targetPort} on loopback. */
    public void open(int targetPort) {
        try {
            ServerSocket listening = new ServerSocket();
            listening.setReuseAddress(true);
            listening.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            server = listening;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        daemon(() -> {
            while (!server.isClosed()) {
                try {
                    Socket client = server.accept();
                    Socket target = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                    sockets.add(client);
                    sockets.add(target);
                    daemon(() -> pump(client, target));
                    daemon(() -> pump(target, client));
                } catch (IOException e) {
                    return; // closed
                }
            }
        });
    }

    private static void pump(Socket from, Socket to) {
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            in.transferTo(out);
        } catch (IOException e) {
            // One side closed: the other one goes too.
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private static void daemon(Runnable work) {
        Thread thread = new Thread(work, "port-forward");
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // Already closed is what we want.
        }
    }

    @Override
    public void close() throws IOException {
        if (server != null) {
            server.close();
        }
        sockets.forEach(PortForward::closeQuietly);
    }
}
