package io.logdump.testutil;

import java.net.URI;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;

/** A real S3 server (S3Proxy, in memory) on a random loopback port, with fixed test keys. */
public final class S3ProxyServer implements AutoCloseable {
    public static final String ACCESS_KEY = "test-access";
    public static final String SECRET_KEY = "test-secret";

    private final S3Proxy proxy;

    public S3ProxyServer() throws Exception {
        proxy = S3Proxy.builder()
                .blobStore(new TransientNio2BlobStore())
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .build();
        proxy.start();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!proxy.getState().equals("STARTED")) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("S3Proxy did not start: " + proxy.getState());
            }
            Thread.sleep(10);
        }
    }

    public String endpoint() {
        return "http://127.0.0.1:" + proxy.getPort();
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
