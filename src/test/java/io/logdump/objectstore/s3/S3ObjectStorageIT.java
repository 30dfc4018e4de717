package io.logdump.objectstore.s3;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logdump.objectstore.ObjectStorage;
import io.logdump.objectstore.ObjectStorageContractTest;
import io.logdump.testutil.S3ProxyServer;
import java.io.IOException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The object storage contract against a real S3 server (S3Proxy) on loopback. */
class S3ObjectStorageIT extends ObjectStorageContractTest {
    static S3ProxyServer s3;
    static S3ObjectStorage storage;

    @BeforeAll
    static void start() throws Exception {
        s3 = new S3ProxyServer();
        storage = new S3ObjectStorage(new S3ObjectStorage.Settings(s3.endpoint(), true, "us-east-1",
                S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY));
    }

    @AfterAll
    static void stop() throws Exception {
        storage.close();
        s3.close();
    }

    @Override
    protected ObjectStorage createObjectUnderTest() {
        return storage;
    }

    @Test
    void wrongKeysAreAnIOExceptionWithTheStatus() {
        try (S3ObjectStorage wrong = new S3ObjectStorage(new S3ObjectStorage.Settings(s3.endpoint(), true, "us-east-1",
                S3ProxyServer.ACCESS_KEY, "not-the-secret"))) {
            assertThatThrownBy(wrong::listBuckets).isInstanceOf(IOException.class)
                    .hasMessageContaining(s3.endpoint()).hasMessageContaining("HTTP 403");
        }
    }

    @Test
    void anUnreachableEndpointIsAnIOExceptionNamingIt() {
        try (S3ObjectStorage down = new S3ObjectStorage(new S3ObjectStorage.Settings("http://127.0.0.1:1", true, "us-east-1",
                "a", "b"))) {
            assertThatThrownBy(down::listBuckets).isInstanceOf(IOException.class).hasMessageContaining("http://127.0.0.1:1");
        }
    }
}
