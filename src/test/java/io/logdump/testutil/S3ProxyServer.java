package io.logdump.testutil;

import java.net.URI;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;

/**
 * A real S3 server (S3Proxy, in memory) on a random loopback port, with fixed test keys. It can be
 * stopped (the object store is down: connections are refused) and started again on the same port
 * with the same buckets and objects.
 */
public final class S3ProxyServer implements AutoCloseable {
    public static final String ACCESS_KEY = "test-access";
    public static final String SECRET_KEY = "test-secret";

    private final BlobStore blobs = new TransientNio2BlobStore();
    private S3Proxy proxy;
    private final int port;

    public S3ProxyServer() throws Exception {
        proxy = start(0);
        port = proxy.getPort();
    }

    private S3Proxy start(int onPort) throws Exception {
        S3Proxy p = S3Proxy.builder()
                .blobStore(blobs)
                .endpoint(URI.create("http://127.0.0.1:" + onPort))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
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
