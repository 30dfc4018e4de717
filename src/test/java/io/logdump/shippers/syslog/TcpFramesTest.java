package io.logdump.shippers.syslog;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;

class TcpFramesTest {
    @Test
    void tellsOctetCountingFromNewlinesFrameByFrame() throws IOException {
        String octet = "<13>1 - h a - - - one\ntwo";
        String body = octet.length() + " " + octet + "<13>newline framed\r\n"
                + "5 <13>x" + "2026-11-29 starts with a digit\n" + "last line without a line feed";
        assertThat(frames(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)), 1024))
                .containsExactly(octet, "<13>newline framed", "<13>x", "2026-11-29 starts with a digit", "last line without a line feed");
    }

    @Test
    void skipsFramesLongerThanTheLimitWithoutHoldingThem() throws IOException {
        String body = "100000 " + "x".repeat(100_000) + "ok1\n" + "y".repeat(50_000) + "\nok2\n";
        assertThat(frames(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)), 1000))
                .containsExactly("OVERSIZED", "ok1", "OVERSIZED", "ok2");
    }

    @Test
    void aReadThatTimesOutLosesNothing() throws IOException {
        String octet = "<13>1 - h a - - - split across reads";
        Deque<Object> parts = new ArrayDeque<>(List.of("3", new SocketTimeoutException(), "6 " + octet.substring(0, 10),
                new SocketTimeoutException(), octet.substring(10) + "<13>line ", new SocketTimeoutException(), "two\n"));
        InputStream in = new InputStream() {
            @Override
            public int read() {
                throw new UnsupportedOperationException();
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                Object next = parts.poll();
                if (next == null) {
                    return -1;
                }
                if (next instanceof IOException e) {
                    throw e;
                }
                byte[] bytes = ((String) next).getBytes(StandardCharsets.UTF_8);
                System.arraycopy(bytes, 0, b, off, bytes.length);
                return bytes.length;
            }
        };
        assertThat(octet.length()).isEqualTo(36);
        TcpFrames frames = new TcpFrames(in, 1024);
        List<String> out = new ArrayList<>();
        int timeouts = 0;
        while (true) {
            int kind;
            try {
                kind = frames.next();
            } catch (SocketTimeoutException e) {
                timeouts++;
                continue;
            }
            if (kind == TcpFrames.END) {
                break;
            }
            out.add(new String(frames.buffer(), frames.frameStart(), frames.frameEnd() - frames.frameStart(), StandardCharsets.UTF_8));
        }
        assertThat(timeouts).isEqualTo(3);
        assertThat(out).containsExactly(octet, "<13>line two");
    }

    @Test
    void aConnectionThatEndsInsideAnOctetCountedFrameDropsOnlyThatFrame() throws IOException {
        assertThat(frames(new ByteArrayInputStream("<13>a\n50 <13>1 cut short".getBytes(StandardCharsets.UTF_8)), 1024))
                .containsExactly("<13>a");
    }

    private static List<String> frames(InputStream in, int max) throws IOException {
        TcpFrames frames = new TcpFrames(in, max);
        List<String> out = new ArrayList<>();
        while (true) {
            int kind = frames.next();
            if (kind == TcpFrames.END) {
                return out;
            }
            out.add(kind == TcpFrames.OVERSIZED ? "OVERSIZED"
                    : new String(frames.buffer(), frames.frameStart(), frames.frameEnd() - frames.frameStart(), StandardCharsets.UTF_8));
        }
    }
}
