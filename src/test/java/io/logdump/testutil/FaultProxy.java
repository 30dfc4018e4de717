package io.logdump.testutil;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small HTTP-aware TCP proxy on loopback in front of an S3 server, which injects faults into
 * the requests that reach it: refuse connections, answer a status (500, 503, 403, ...) without
 * forwarding, delay the answer, reset the connection in the middle of the request body, or hold
 * the request without ever answering. Each connection carries one request ({@code Connection:
 * close} is forced), so a fault applies from the next request on. Requests are otherwise
 * forwarded byte for byte (signatures stay valid). Thread-safe.
 */
public final class FaultProxy implements AutoCloseable {
    private enum Mode { PASS, REFUSE, STATUS, DELAY, RESET, STALL }

    private final int targetPort;
    private final int port;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final Thread acceptor;
    private volatile ServerSocket server;
    private volatile boolean closed;
    private volatile Mode mode = Mode.PASS;
    private volatile int status;
    private volatile long delayMs;
    private volatile long resetAfterBodyBytes;
    /** How many more requests the current fault applies to; then the proxy passes again. Negative: until changed. */
    private final AtomicInteger remaining = new AtomicInteger(-1);
    /** Requests that met the fault set last (a refused connection is not counted: it never arrives). */
    public final AtomicInteger faulted = new AtomicInteger();
    /** Requests forwarded to the server. */
    public final AtomicInteger forwarded = new AtomicInteger();

    public FaultProxy(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.server = listen(0);
        this.port = server.getLocalPort();
        this.acceptor = new Thread(this::acceptLoop, "fault-proxy-" + port);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    /** The YAML of an s3 region named {@code name} reached through this proxy. */
    public String regionYaml(String name) {
        return "  - name: " + name + "\n    objectStore: {type: s3, endpoint: \"" + endpoint() + "\", pathStyle: true, "
                + "signingRegion: us-east-1, accessKey: " + S3ProxyServer.ACCESS_KEY + ", secretKey: " + S3ProxyServer.SECRET_KEY + "}\n";
    }

    /** Forwards everything again (and listens again after {@link #refuse}). */
    public synchronized void pass() throws IOException {
        set(Mode.PASS, -1);
    }

    /** Stops listening: connections are refused until the mode changes. */
    public synchronized void refuse() throws IOException {
        set(Mode.REFUSE, -1);
        ServerSocket s = server;
        server = null;
        s.close();
    }

    /** Answers the next {@code times} requests (negative: all) with {@code code} and an S3 error body, forwarding nothing. */
    public synchronized void answer(int code, int times) throws IOException {
        status = code;
        set(Mode.STATUS, times);
    }

    /** Forwards the next {@code times} requests but holds each answer back for {@code ms}. */
    public synchronized void delay(long ms, int times) throws IOException {
        delayMs = ms;
        set(Mode.DELAY, times);
    }

    /** Forwards the next {@code times} requests, but resets both connections after {@code bodyBytes} bytes of the body. */
    public synchronized void resetMidBody(long bodyBytes, int times) throws IOException {
        resetAfterBodyBytes = bodyBytes;
        set(Mode.RESET, times);
    }

    /** Reads requests and never answers them, until the mode changes. */
    public synchronized void stall() throws IOException {
        set(Mode.STALL, -1);
    }

    private void set(Mode m, int times) throws IOException {
        if (server == null && m != Mode.REFUSE) {
            server = listen(port);
        }
        remaining.set(times);
        if (m != Mode.PASS) {
            faulted.set(0);
        }
        mode = m;
        if (m != Mode.STALL) {
            for (Socket s : open) {
                closeQuietly(s); // held requests fail now, as a dropped connection would
            }
        }
    }

    private static ServerSocket listen(int port) throws IOException {
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        return s;
    }

    private void acceptLoop() {
        while (!closed) {
            ServerSocket s = server;
            if (s == null) {
                sleep(5);
                continue;
            }
            try {
                Socket client = s.accept();
                Thread t = new Thread(() -> handle(client), "fault-proxy-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                if (server == s && !closed) {
                    sleep(5);
                }
            }
        }
    }

    private void handle(Socket client) {
        open.add(client);
        Socket upstream = null;
        try {
            InputStream in = client.getInputStream();
            String head = readHead(in);
            if (head == null) {
                return;
            }
            Mode m = takeMode();
            if (m == Mode.STATUS) {
                faulted.incrementAndGet();
                answerStatus(head, in, client.getOutputStream(), status);
                // a graceful close: the client reads the whole answer, not a reset
                client.shutdownOutput();
                client.setSoTimeout(2000);
                in.transferTo(OutputStream.nullOutputStream());
                return;
            }
            if (m == Mode.STALL) {
                faulted.incrementAndGet();
                in.transferTo(OutputStream.nullOutputStream());
                return;
            }
            if (m != Mode.PASS) {
                faulted.incrementAndGet();
            }
            forwarded.incrementAndGet();
            upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
            open.add(upstream);
            upstream.getOutputStream().write(withConnectionClose(head).getBytes(StandardCharsets.ISO_8859_1));
            Socket up = upstream;
            long limit = m == Mode.RESET ? resetAfterBodyBytes : Long.MAX_VALUE;
            long delay = m == Mode.DELAY ? delayMs : 0;
            Thread back = new Thread(() -> pump(up, client, Long.MAX_VALUE, delay), "fault-proxy-back");
            back.setDaemon(true);
            back.start();
            pump(client, upstream, limit, 0);
            if (m == Mode.RESET) {
                reset(upstream);
                reset(client);
                return;
            }
            back.join();
        } catch (IOException | InterruptedException e) {
            // the connection ends
        } finally {
            closeQuietly(client);
            if (upstream != null) {
                closeQuietly(upstream);
                open.remove(upstream);
            }
            open.remove(client);
        }
    }

    /** The mode for the request that just arrived, counting down a limited fault. */
    private synchronized Mode takeMode() {
        Mode m = mode;
        if (m != Mode.PASS && m != Mode.REFUSE && remaining.get() >= 0 && remaining.getAndDecrement() == 0) {
            mode = Mode.PASS;
            return Mode.PASS;
        }
        return m;
    }

    /** Copies {@code from} to {@code to} until the end, or until {@code limit} bytes; the first byte after {@code delayMs}. */
    private static void pump(Socket from, Socket to, long limit, long delayMs) {
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            byte[] buf = new byte[8192];
            long sent = 0;
            boolean first = true;
            int n;
            while (sent < limit && (n = in.read(buf, 0, (int) Math.min(buf.length, limit - sent))) > 0) {
                if (first && delayMs > 0) {
                    Thread.sleep(delayMs);
                }
                first = false;
                out.write(buf, 0, n);
                out.flush();
                sent += n;
            }
            if (limit == Long.MAX_VALUE) {
                to.shutdownOutput();
            }
        } catch (IOException | InterruptedException e) {
            // one side closed
        }
    }

    private static void answerStatus(String head, InputStream in, OutputStream out, int code) throws IOException {
        if (header(head, "expect") != null) {
            out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        }
        String length = header(head, "content-length");
        if (length != null) {
            in.readNBytes(Integer.parseInt(length.trim()));
        }
        String s3Code = switch (code) {
            case 403 -> "AccessDenied";
            case 404 -> "NoSuchBucket";
            case 503 -> "SlowDown";
            default -> "InternalError";
        };
        byte[] body = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>" + s3Code + "</Code><Message>injected " + code
                + "</Message></Error>").getBytes(StandardCharsets.UTF_8);
        out.write(("HTTP/1.1 " + code + " " + s3Code + "\r\nContent-Type: application/xml\r\nContent-Length: " + body.length
                + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.write(body);
        out.flush();
    }

    /** The request line and headers up to the blank line, or null when the client closed first. */
    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        int b;
        while ((b = in.read()) >= 0) {
            head.write(b);
            matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
            if (matched == 4) {
                return head.toString(StandardCharsets.ISO_8859_1);
            }
        }
        return null;
    }

    private static String header(String head, String name) {
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals(name)) {
                return line.substring(colon + 1).trim();
            }
        }
        return null;
    }

    private static String withConnectionClose(String head) {
        StringBuilder out = new StringBuilder();
        List<String> lines = List.of(head.substring(0, head.length() - 4).split("\r\n"));
        for (String line : lines) {
            if (!line.toLowerCase(Locale.ROOT).startsWith("connection:")) {
                out.append(line).append("\r\n");
            }
        }
        return out.append("Connection: close\r\n\r\n").toString();
    }

    private static void reset(Socket s) {
        try {
            s.setSoLinger(true, 0);
        } catch (SocketException ignored) {
            // closed already
        }
        closeQuietly(s);
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closed already
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        ServerSocket s = server;
        if (s != null) {
            s.close();
        }
        for (Socket c : open) {
            closeQuietly(c);
        }
    }
}
