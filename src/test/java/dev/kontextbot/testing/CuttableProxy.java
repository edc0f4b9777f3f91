package dev.kontextbot.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A loopback TCP proxy in front of a database server, to take the database away without touching the server (the
 * shared PostgreSQL must never be stopped): {@link #cut} closes every connection and refuses new ones, as a server
 * that was stopped does; {@link #stall} forwards nothing more and accepts new connections without ever answering them,
 * as a host cut off by the network does;
 * {@link #restore} lets connections through again.
 */
public final class CuttableProxy implements AutoCloseable {
    private enum Mode { OPEN, REFUSING, STALLED }

    private final ServerSocket server;
    private final InetSocketAddress target;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    /** Connections accepted during a stall, never connected on. */
    private final Set<Socket> held = ConcurrentHashMap.newKeySet();
    private volatile Mode mode = Mode.OPEN;

    public CuttableProxy(String targetHost, int targetPort) throws IOException {
        this.target = new InetSocketAddress(targetHost, targetPort);
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        daemon("proxy-accept", this::acceptLoop);
    }

    public int port() {
        return server.getLocalPort();
    }

    public void cut() {
        mode = Mode.REFUSING;
        closeAll();
    }

    public void stall() {
        mode = Mode.STALLED;
    }

    /** Connections go through again; the ones a stall held are reset, as a network that comes back resets them. */
    public void restore() {
        mode = Mode.OPEN;
        held.forEach(CuttableProxy::quietly);
        held.clear();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return;
            }
            switch (mode) {
                case REFUSING -> quietly(client);
                case STALLED -> held.add(client);
                case OPEN -> connect(client);
            }
        }
    }

    private void connect(Socket client) {
        Socket upstream = new Socket();
        try {
            upstream.connect(target, 2000);
        } catch (IOException e) {
            quietly(client);
            quietly(upstream);
            return;
        }
        sockets.add(client);
        sockets.add(upstream);
        if (mode == Mode.REFUSING) {
            // Cut while this one was connecting: it must not outlive the cut.
            quietly(client);
            quietly(upstream);
            return;
        }
        daemon("proxy-up", () -> pipe(client, upstream));
        daemon("proxy-down", () -> pipe(upstream, client));
    }

    private void pipe(Socket from, Socket to) {
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                while (mode == Mode.STALLED) {
                    Thread.sleep(5);
                }
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // A cut, or either end closing: both sides go.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            quietly(from);
            quietly(to);
        }
    }

    private void closeAll() {
        sockets.forEach(CuttableProxy::quietly);
        sockets.clear();
        held.forEach(CuttableProxy::quietly);
        held.clear();
    }

    private static void quietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // Closing what is already broken: nothing left to do with it.
        }
    }

    private static void daemon(String name, Runnable task) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void close() throws IOException {
        server.close();
        closeAll();
    }
}
