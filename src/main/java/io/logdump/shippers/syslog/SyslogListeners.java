package io.logdump.shippers.syslog;

import io.logdump.core.FailureLog;
import io.logdump.shippers.RecordSink;
import java.io.Closeable;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The syslog listeners of the operator configuration, each on its own port, each message a
 * record of the listener's subject (see {@link SyslogMessage} for its fields). TCP: a thread per
 * connection, at most {@value #MAX_CONNECTIONS} per listener, frames told apart per frame
 * ({@link TcpFrames}); TLS (RFC 5425): the same over TLS 1.3 or 1.2 with the server's certificate,
 * the handshake done within {@value #HANDSHAKE_SECONDS} s; UDP: one message per datagram, one thread. Messages are stored in batches
 * ({@link MessageBatch}) when a batch is full or the sender pauses for {@value #PAUSE_MILLIS} ms,
 * so a message is durable at most that long after it arrived. {@link #close} stops accepting,
 * stores what was received and waits for the threads. Thread-safe.
 */
public final class SyslogListeners implements AutoCloseable {
    static final int MAX_CONNECTIONS = 256;
    static final int PAUSE_MILLIS = 200;
    static final int HANDSHAKE_SECONDS = 10;
    private static final String[] TLS_PROTOCOLS = {"TLSv1.3", "TLSv1.2"};
    private static final int MAX_DATAGRAM = 65_535;
    private static final Logger LOG = LoggerFactory.getLogger(SyslogListeners.class);

    private final List<Listener> listeners = new ArrayList<>();
    private volatile boolean open = true;

    private SyslogListeners() {}

    /**
     * Binds and starts every listener.
     *
     * @param tls the server's certificate and key, for listeners of protocol {@code tls}; null when the server has none
     * @throws IllegalStateException when a port cannot be bound (those already bound are closed)
     */
    public static SyslogListeners start(List<SyslogSettings> settings, RecordSink sink, Clock clock, SSLContext tls) {
        SyslogListeners out = new SyslogListeners();
        FailureLog failures = new FailureLog(LOG, Duration.ofMillis(100), Duration.ofSeconds(10));
        for (SyslogSettings s : settings) {
            Listener listener = switch (s.protocol()) {
                case UDP -> out.new Udp(s, sink, clock, failures);
                case TCP -> out.new Tcp(s, sink, clock, failures, null);
                case TLS -> out.new Tcp(s, sink, clock, failures, tls);
            };
            try {
                listener.start();
            } catch (IOException e) {
                out.close();
                throw new IllegalStateException("cannot listen for syslog on " + s.protocol().configName() + " port " + s.port() + " of " + s.host()
                        + ": " + e.getMessage() + "; stop what uses it, or give the listener another port", e);
            }
            out.listeners.add(listener);
            LOG.info("syslog listener {} started", listener.name());
        }
        return out;
    }

    /** The port each listener is bound to, in the order of the configuration. */
    public List<Integer> ports() {
        return listeners.stream().map(Listener::port).toList();
    }

    @Override
    public void close() {
        open = false;
        for (Listener l : listeners) {
            l.stop();
        }
        for (Listener l : listeners) {
            l.await();
        }
    }

    private abstract class Listener {
        final SyslogSettings settings;
        final RecordSink sink;
        final Clock clock;
        final FailureLog failures;
        final Set<Thread> threads = ConcurrentHashMap.newKeySet();

        Listener(SyslogSettings settings, RecordSink sink, Clock clock, FailureLog failures) {
            this.settings = settings;
            this.sink = sink;
            this.clock = clock;
            this.failures = failures;
        }

        abstract void start() throws IOException;

        abstract int port();

        String name() {
            return settings.describe(port());
        }

        abstract void stop();

        MessageBatch batch() {
            return new MessageBatch(name(), settings, sink, clock, () -> open, failures);
        }

        Thread thread(String name, Runnable body) {
            Thread t = new Thread(() -> {
                try {
                    body.run();
                } finally {
                    threads.remove(Thread.currentThread());
                }
            }, name);
            t.setDaemon(true);
            threads.add(t);
            t.start();
            return t;
        }

        void await() {
            for (Thread t : List.copyOf(threads)) {
                try {
                    t.join(Duration.ofSeconds(30).toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private final class Tcp extends Listener {
        private ServerSocket server;
        private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
        private final AtomicInteger numbers = new AtomicInteger();
        private final SSLContext tls;

        /** @param tls the context of a TLS listener; null for plain TCP */
        Tcp(SyslogSettings settings, RecordSink sink, Clock clock, FailureLog failures, SSLContext tls) {
            super(settings, sink, clock, failures);
            if (settings.protocol() == SyslogProtocol.TLS && tls == null) {
                throw new IllegalStateException("syslog tls listener without the server's certificate");
            }
            this.tls = tls;
        }

        @Override
        void start() throws IOException {
            if (tls == null) {
                server = new ServerSocket();
            } else {
                SSLServerSocket secure = (SSLServerSocket) tls.getServerSocketFactory().createServerSocket();
                secure.setEnabledProtocols(TLS_PROTOCOLS);
                server = secure;
            }
            try {
                server.setReuseAddress(true);
                server.bind(new InetSocketAddress(InetAddress.getByName(settings.host()), settings.port()), 128);
            } catch (IOException e) {
                closeQuietly(server);
                throw e;
            }
            thread("logdump-syslog-tcp-" + port(), this::accept);
        }

        @Override
        int port() {
            return server.getLocalPort();
        }

        private void accept() {
            while (open) {
                Socket socket;
                try {
                    socket = server.accept();
                } catch (IOException e) {
                    if (!open || server.isClosed()) {
                        return;
                    }
                    LOG.warn("syslog {}: accepting a connection failed: {}", name(), e.toString());
                    continue;
                }
                if (connections.size() >= MAX_CONNECTIONS) {
                    LOG.warn("syslog {}: refused a connection from {}: {} connections are open already", name(),
                            socket.getInetAddress().getHostAddress(), MAX_CONNECTIONS);
                    closeQuietly(socket);
                    continue;
                }
                connections.add(socket);
                thread("logdump-syslog-tcp-" + port() + "-" + numbers.incrementAndGet(), () -> serve(socket));
            }
        }

        private void serve(Socket socket) {
            String from = socket.getInetAddress().getHostAddress();
            MessageBatch batch = batch();
            long oversized = 0;
            try {
                if (socket instanceof SSLSocket secure) {
                    secure.setSoTimeout(HANDSHAKE_SECONDS * 1000); // a client that never finishes its handshake is dropped
                    secure.startHandshake();
                }
                socket.setSoTimeout(PAUSE_MILLIS);
                TcpFrames frames = new TcpFrames(socket.getInputStream(), settings.maxMessageBytes());
                while (true) {
                    int kind;
                    try {
                        kind = frames.next();
                    } catch (SocketTimeoutException pause) {
                        batch.flush();
                        continue;
                    }
                    if (kind == TcpFrames.END) {
                        break;
                    }
                    if (kind == TcpFrames.OVERSIZED) {
                        if (oversized++ == 0) {
                            LOG.warn("syslog {}: a message from {} is longer than {} bytes and was dropped (reported once per connection)",
                                    name(), from, settings.maxMessageBytes());
                        }
                        continue;
                    }
                    batch.add(frames.buffer(), frames.frameStart(), frames.frameEnd(), from);
                }
            } catch (SocketException | SocketTimeoutException | SSLException e) {
                if (open) {
                    LOG.info("syslog {}: the connection from {} failed: {}", name(), from, e.toString());
                }
            } catch (IOException | RuntimeException e) {
                LOG.warn("syslog {}: the connection from {} failed", name(), from, e);
            } finally {
                batch.flush();
                connections.remove(socket);
                closeQuietly(socket);
            }
        }

        @Override
        void stop() {
            closeQuietly(server);
            for (Socket s : connections) {
                try {
                    s.shutdownInput(); // the connection's thread reads the end, stores its batch and closes
                } catch (IOException e) {
                    closeQuietly(s);
                }
            }
        }
    }

    private final class Udp extends Listener {
        private DatagramSocket socket;

        Udp(SyslogSettings settings, RecordSink sink, Clock clock, FailureLog failures) {
            super(settings, sink, clock, failures);
        }

        @Override
        void start() throws IOException {
            socket = new DatagramSocket(null);
            try {
                socket.setReuseAddress(true);
                socket.bind(new InetSocketAddress(InetAddress.getByName(settings.host()), settings.port()));
                socket.setSoTimeout(PAUSE_MILLIS);
            } catch (IOException e) {
                socket.close();
                throw e;
            }
            thread("logdump-syslog-udp-" + port(), this::receive);
        }

        @Override
        int port() {
            return socket.getLocalPort();
        }

        private void receive() {
            byte[] buf = new byte[MAX_DATAGRAM];
            DatagramPacket packet = new DatagramPacket(buf, buf.length);
            MessageBatch batch = batch();
            long oversized = 0;
            try {
                while (open) {
                    packet.setLength(buf.length);
                    try {
                        socket.receive(packet);
                    } catch (SocketTimeoutException pause) {
                        batch.flush();
                        continue;
                    }
                    int end = packet.getLength();
                    while (end > 0 && (buf[end - 1] == '\n' || buf[end - 1] == '\r' || buf[end - 1] == 0)) {
                        end--;
                    }
                    if (end == 0) {
                        continue;
                    }
                    if (end > settings.maxMessageBytes()) {
                        if (oversized++ % 1000 == 0) {
                            LOG.warn("syslog {}: {} datagram(s) longer than {} bytes dropped so far", name(), oversized,
                                    settings.maxMessageBytes());
                        }
                        continue;
                    }
                    batch.add(buf, 0, end, packet.getAddress().getHostAddress());
                }
            } catch (IOException e) {
                if (open) {
                    LOG.warn("syslog {}: receiving failed; the listener stops", name(), e);
                }
            } finally {
                batch.flush();
                socket.close();
            }
        }

        @Override
        void stop() {
            // the receiving thread sees the listener closed within PAUSE_MILLIS, stores its batch and closes the socket
        }
    }

    private static void closeQuietly(Closeable c) {
        try {
            c.close();
        } catch (IOException e) {
            // closing: nothing to do
        }
    }
}
