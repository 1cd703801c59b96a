package dev.migrate.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A TCP forwarder on the loopback interface that delivers every chunk of bytes, in each direction,
 * {@code oneWayMillis} after it arrived, as a network with that one-way delay would: a request and its
 * answer take two delays, and chunks sent back to back (a pipelined batch) travel together. It stands
 * for a database a network away, where the local server answers in microseconds.
 */
final class LatencyProxy implements AutoCloseable {

    private static final Pattern HOST_PORT = Pattern.compile("^(jdbc:[a-z]+://)([^/:?]+)(?::(\\d+))?(/.*)$");

    private final ServerSocket server;
    private final String host;
    private final int port;
    private final long delayNanos;
    private volatile boolean closed;

    private LatencyProxy(String host, int port, double oneWayMillis) throws IOException {
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.host = host;
        this.port = port;
        this.delayNanos = (long) (oneWayMillis * 1_000_000);
        Thread acceptor = new Thread(this::accept, "latency-proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** A proxy in front of the server of {@code url}, and the same URL through it. */
    static LatencyProxy in(String url, double oneWayMillis, int defaultPort) throws IOException {
        Matcher m = HOST_PORT.matcher(url);
        if (!m.matches()) {
            throw new IllegalArgumentException("Cannot tell host and port in " + url);
        }
        return new LatencyProxy(m.group(2), m.group(3) == null ? defaultPort : Integer.parseInt(m.group(3)), oneWayMillis);
    }

    /** {@code url} with its host and port replaced by the proxy's. */
    String through(String url) {
        Matcher m = HOST_PORT.matcher(url);
        if (!m.matches()) {
            throw new IllegalArgumentException("Cannot tell host and port in " + url);
        }
        return m.group(1) + "127.0.0.1:" + server.getLocalPort() + m.group(4);
    }

    private void accept() {
        while (!closed) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket(host, port);
                client.setTcpNoDelay(true);
                upstream.setTcpNoDelay(true);
                pipe(client, upstream);
                pipe(upstream, client);
            } catch (IOException e) {
                if (!closed) {
                    System.err.println("latency proxy: " + e);
                }
            }
        }
    }

    private record Chunk(long due, byte[] bytes) {
    }

    /** Copies {@code from} to {@code to}, each chunk held until its delay has passed. */
    private void pipe(Socket from, Socket to) {
        BlockingQueue<Chunk> chunks = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            byte[] buffer = new byte[64 * 1024];
            try (InputStream in = from.getInputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    chunks.add(new Chunk(System.nanoTime() + delayNanos, Arrays.copyOf(buffer, n)));
                }
            } catch (IOException e) {
                // the connection ended
            }
            chunks.add(new Chunk(System.nanoTime() + delayNanos, null));
        }, "latency-proxy-read");
        Thread writer = new Thread(() -> {
            try (OutputStream out = to.getOutputStream()) {
                while (true) {
                    Chunk chunk = chunks.take();
                    // parkNanos, not sleep: Java 17's sleep rounds up to whole milliseconds.
                    for (long wait = chunk.due() - System.nanoTime(); wait > 0; wait = chunk.due() - System.nanoTime()) {
                        LockSupport.parkNanos(wait);
                    }
                    if (chunk.bytes() == null) {
                        break;
                    }
                    out.write(chunk.bytes());
                    out.flush();
                }
            } catch (IOException | InterruptedException e) {
                // the other side ended
            } finally {
                closeQuietly(to);
                closeQuietly(from);
            }
        }, "latency-proxy-write");
        reader.setDaemon(true);
        writer.setDaemon(true);
        reader.start();
        writer.start();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
    }
}
