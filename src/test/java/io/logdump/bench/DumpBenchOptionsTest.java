package io.logdump.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Which combinations of {@code logdump bench dump} options are refused, and with which sentence. */
class DumpBenchOptionsTest {

    private static DumpBench parse(String... args) {
        DumpBench bench = new DumpBench();
        new CommandLine(bench).parseArgs(args);
        return bench;
    }

    @Test
    void aFluentBitComparisonWithAStartedS3ProxyIsAccepted() {
        DumpBench bench = parse("--end-to-end", "--fluent-bit", "/opt/fluent-bit", "--s3proxy", "--compressions", "gzip,zstd");
        assertThat(bench.problems()).isEmpty();
        assertThat(bench.fluentBitRunner).as("the timing script is found in the project folder by default")
                .hasToString("bench/fluentbit/run.py");
    }

    @Test
    void aFluentBitComparisonWithAGivenEndpointAndItsFolderIsAccepted() {
        DumpBench bench = parse("--end-to-end", "--fluent-bit", "/opt/fluent-bit", "--s3-endpoint", "http://127.0.0.1:8099",
                "--s3-dir", "data/s3proxy", "--compressions", "zstd");
        assertThat(bench.problems()).isEmpty();
    }

    @Test
    void fluentBitNeedsTheEndToEndRun() {
        assertThat(parse("--fluent-bit", "/opt/fluent-bit", "--s3proxy", "--compressions", "gzip").problems())
                .containsExactly("--fluent-bit compares end-to-end runs: add --end-to-end");
    }

    @Test
    void fluentBitNeedsAnS3Endpoint() {
        assertThat(parse("--end-to-end", "--fluent-bit", "/opt/fluent-bit", "--compressions", "gzip").problems())
                .containsExactly("--fluent-bit writes into S3: add --s3proxy, or --s3-endpoint with --s3-dir");
    }

    @Test
    void fluentBitNeedsTheFolderBehindAGivenEndpointToCountItsLines() {
        assertThat(parse("--end-to-end", "--fluent-bit", "/opt/fluent-bit", "--s3-endpoint", "http://127.0.0.1:8099",
                "--compressions", "gzip").problems()).singleElement().asString().contains("--s3-dir");
    }

    @Test
    void fluentBitIsComparedOnGzipAndZstdOnly() {
        List<String> problems = parse("--end-to-end", "--fluent-bit", "/opt/fluent-bit", "--s3proxy").problems();
        assertThat(problems).as("the default compressions include none, snappy and lz4").singleElement().asString()
                .contains("none, snappy, lz4").contains("--compressions gzip,zstd");
    }

    @Test
    void startingS3ProxyAndGivingAnEndpointIsRefused() {
        assertThat(parse("--s3proxy", "--s3-endpoint", "http://127.0.0.1:8099").problems())
                .containsExactly("--s3proxy starts an S3 endpoint: give it or --s3-endpoint, not both");
    }

    @Test
    void theDefaultsNeedNothingMore() {
        assertThat(parse().problems()).isEmpty();
    }
}
