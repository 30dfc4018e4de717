package io.logdump.testutil;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;

/**
 * A real S3 server (S3Proxy) on a loopback port, with fixed keys: in memory for tests, or on a
 * folder for benchmarks ({@link #main}, started by {@code bench/s3proxy}). It can be stopped (the
 * object store is down: connections are refused) and started again on the same port with the
 * same buckets and objects.
 */
public final class S3ProxyServer implements AutoCloseable {
    public static final String ACCESS_KEY = "test-access";
    public static final String SECRET_KEY = "test-secret";

    private final BlobStore store;
    private final String accessKey;
    private final String secretKey;
    private final int port;
    private S3Proxy proxy;

    /** In memory, on a random port, with the test keys. */
    public S3ProxyServer() throws Exception {
        this(new TransientNio2BlobStore(), 0, ACCESS_KEY, SECRET_KEY);
    }

    private S3ProxyServer(BlobStore store, int port, String accessKey, String secretKey) throws Exception {
        this.store = store;
        this.accessKey = accessKey;
        this.secretKey = secretKey;
        this.proxy = start(port);
        this.port = proxy.getPort();
    }

    private S3Proxy start(int onPort) throws Exception {
        S3Proxy p = S3Proxy.builder()
                .blobStore(store)
                .endpoint(URI.create("http://127.0.0.1:" + onPort))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKey, secretKey)
                .build();
        p.start();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!p.getState().equals("STARTED")) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("S3Proxy did not start: " + p.getState());
            }
            Thread.sleep(10);
        }
        return p;
    }

    /**
     * {@code S3ProxyServer PORT FOLDER}: S3Proxy storing its buckets as folders of {@code FOLDER},
     * with the keys {@code bench-access} / {@code bench-secret}, until killed.
     */
    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: S3ProxyServer PORT FOLDER");
            System.exit(2);
        }
        Path folder = Files.createDirectories(Path.of(args[1])).toAbsolutePath();
        S3ProxyServer server = new S3ProxyServer(new FilesystemNio2BlobStore(folder.toString()), Integer.parseInt(args[0]),
                "bench-access", "bench-secret");
        System.out.println("S3Proxy on " + server.endpoint() + ", buckets in " + folder + ", keys bench-access / bench-secret");
        Thread.currentThread().join();
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    /** Stops serving: from now on connections to {@link #endpoint()} are refused. */
    public void stop() throws Exception {
        proxy.stop();
    }

    /** Serves again on the same port, with the buckets and objects it had. */
    public void restart() throws Exception {
        proxy = start(port);
    }

    /** The YAML of an s3 region named {@code name} pointing at this server. */
    public String regionYaml(String name) {
        return "  - name: " + name + "\n    objectStore: {type: s3, endpoint: \"" + endpoint() + "\", pathStyle: true, "
                + "signingRegion: us-east-1, accessKey: " + ACCESS_KEY + ", secretKey: " + SECRET_KEY + "}\n";
    }

    @Override
    public void close() throws Exception {
        proxy.stop();
    }
}
