package io.logdump.format.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class JsonObjectScannerTest {
    private static final ObjectMapper JACKSON = JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();
    private static final String SEED = "{\"a\":[1,-2.5e+3,true,false,null,{\"b\":\"x\\\"y\\\\z\\u00e9\\n\"}],\"c\":{},\"d\":[],\"e\":\"plain text here\",\"f\":0}";

    private static JsonObjectScanner createObjectUnderTest() {
        return new JsonObjectScanner();
    }

    private static boolean jacksonReadsOneObject(byte[] b) {
        try {
            JsonNode node = JACKSON.readTree(b);
            return node != null && node.isObject();
        } catch (Exception e) {
            return false;
        }
    }

    @Test
    void findsTheTopLevelMembersAndTheirSpans() {
        JsonObjectScanner scanner = createObjectUnderTest();
        byte[] b = " {\"k\" : \"v\", \"n\\u0041\":[1, {\"x\":2}] ,\"s\":\"a\\tb\"} ".getBytes(StandardCharsets.UTF_8);
        assertThat(scanner.scan(b)).isTrue();
        assertThat(scanner.objectStart()).isEqualTo(1);
        assertThat(scanner.objectEnd()).isEqualTo(b.length - 2);
        assertThat(scanner.memberCount()).isEqualTo(3);
        assertThat(span(b, scanner.keyStart(0), scanner.keyEnd(0))).isEqualTo("k");
        assertThat(span(b, scanner.valueStart(0), scanner.valueEnd(0))).isEqualTo("\"v\"");
        assertThat(scanner.keyEscaped(1)).isTrue();
        assertThat(span(b, scanner.valueStart(1), scanner.valueEnd(1))).isEqualTo("[1, {\"x\":2}]");
        assertThat(scanner.valueEscaped(0)).isFalse();
        assertThat(scanner.valueEscaped(2)).isTrue();
        assertThat(scanner.hasWhitespace()).isTrue();
        assertThat(scanner.hasLineBreak()).isFalse();
        assertThat(scanner.keyEquals(0, new byte[] {'k'})).isTrue();
    }

    @Test
    void acceptsExactlyWhatJacksonReadsAsOneObject() {
        Random random = new Random(1);
        byte[] seed = SEED.getBytes(StandardCharsets.UTF_8);
        String alphabet = "{}[]\",:\\ 0123456789eE.+-tfrunlsabu\t\n\u0001";
        JsonObjectScanner scanner = createObjectUnderTest();
        int accepted = 0;
        for (int n = 0; n < 30_000; n++) {
            byte[] b = seed.clone();
            for (int m = random.nextInt(3) + 1; m > 0; m--) {
                int at = random.nextInt(b.length);
                byte c = (byte) alphabet.charAt(random.nextInt(alphabet.length()));
                b = switch (random.nextInt(3)) {
                    case 0 -> replace(b, at, c);
                    case 1 -> insert(b, at, c);
                    default -> delete(b, at);
                };
            }
            boolean jackson = jacksonReadsOneObject(b);
            assertThat(scanner.scan(b)).as(new String(b, StandardCharsets.UTF_8)).isEqualTo(jackson);
            accepted += jackson ? 1 : 0;
        }
        assertThat(accepted).as("some mutations stay valid").isGreaterThan(1000);
    }

    @Test
    void rejectsStringsThatAreNotWellFormedUtf8() {
        JsonObjectScanner scanner = createObjectUnderTest();
        int[][] bad = {{0xC0, 0x80}, {0xC1, 0xBF}, {0xE0, 0x9F, 0xBF}, {0xED, 0xA0, 0x80}, {0xF0, 0x8F, 0xBF, 0xBF},
                {0xF4, 0x90, 0x80, 0x80}, {0xF5, 0x80, 0x80, 0x80}, {0x80}, {0xE4, 0xBD}, {0xC3, 0x28}};
        for (int[] sequence : bad) {
            assertThat(scanner.scan(withString(sequence))).as(java.util.Arrays.toString(sequence)).isFalse();
        }
        int[][] good = {{0xC3, 0xA9}, {0xE4, 0xBD, 0xA0}, {0xEF, 0xBF, 0xBD}, {0xF0, 0x9F, 0x98, 0x80}, {0xF4, 0x8F, 0xBF, 0xBF}};
        for (int[] sequence : good) {
            assertThat(scanner.scan(withString(sequence))).as(java.util.Arrays.toString(sequence)).isTrue();
        }
    }

    @Test
    void plainTextEndsAtTheFirstSpecialByteWhereverItIs() {
        Random random = new Random(3);
        byte[] specials = {'"', '\\', 0, 0x1F, '\n', (byte) 0x80, (byte) 0xE4, (byte) 0xFF};
        for (int n = 0; n < 5000; n++) {
            byte[] b = new byte[random.nextInt(40)];
            for (int i = 0; i < b.length; i++) {
                b[i] = (byte) (0x20 + random.nextInt(0x5F));
                if (b[i] == '"' || b[i] == '\\') {
                    b[i] = 'x';
                }
            }
            int expected = b.length;
            if (b.length > 0 && random.nextBoolean()) {
                expected = random.nextInt(b.length);
                b[expected] = specials[random.nextInt(specials.length)];
            }
            int from = b.length == 0 ? 0 : random.nextInt(Math.min(expected, b.length) + 1);
            assertThat(Ascii.skipPlain(b, from, b.length)).isEqualTo(expected);
            int found = Ascii.indexOfAny(b, from, b.length, (byte) '"', (byte) '\n', (byte) '\r', (byte) '|');
            int naive = from;
            while (naive < b.length && b[naive] != '"' && b[naive] != '\n' && b[naive] != '\r' && b[naive] != '|') {
                naive++;
            }
            assertThat(found).isEqualTo(naive);
        }
    }

    private static byte[] withString(int[] sequence) {
        byte[] b = new byte[sequence.length + 8];
        byte[] head = "{\"a\":\"".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(head, 0, b, 0, head.length);
        for (int i = 0; i < sequence.length; i++) {
            b[head.length + i] = (byte) sequence[i];
        }
        b[b.length - 2] = '"';
        b[b.length - 1] = '}';
        return b;
    }

    private static String span(byte[] b, int from, int to) {
        return new String(b, from, to - from, StandardCharsets.UTF_8);
    }

    private static byte[] replace(byte[] b, int at, byte c) {
        byte[] out = b.clone();
        out[at] = c;
        return out;
    }

    private static byte[] insert(byte[] b, int at, byte c) {
        byte[] out = new byte[b.length + 1];
        System.arraycopy(b, 0, out, 0, at);
        out[at] = c;
        System.arraycopy(b, at, out, at + 1, b.length - at);
        return out;
    }

    private static byte[] delete(byte[] b, int at) {
        byte[] out = new byte[b.length - 1];
        System.arraycopy(b, 0, out, 0, at);
        System.arraycopy(b, at + 1, out, at, b.length - at - 1);
        return out;
    }
}
