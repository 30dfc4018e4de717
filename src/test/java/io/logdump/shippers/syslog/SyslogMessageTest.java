package io.logdump.shippers.syslog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SyslogMessageTest {
    private static final Instant RECEIVED = Instant.parse("2026-11-29T07:10:00Z");

    @Test
    void readsRfc5424WithStructuredDataAsLoggerSendsIt() {
        SyslogMessage m = parse("<13>1 2026-11-29T07:09:49.861725+00:00 vm myapp 4711 ID47 [timeQuality tzKnown=\"1\" isSynced=\"0\"]"
                + "[ex@32473 iut=\"3\" eventSource=\"Appli\\\"cation\\]\"] hello 5424", ZoneOffset.UTC);
        assertThat(m.format()).isEqualTo("rfc5424");
        assertThat(m.facility()).isEqualTo(1);
        assertThat(m.severity()).isEqualTo(5);
        assertThat(m.time()).isEqualTo(Instant.parse("2026-11-29T07:09:49.861725Z"));
        assertThat(m.host()).isEqualTo("vm");
        assertThat(m.app()).isEqualTo("myapp");
        assertThat(m.procId()).isEqualTo("4711");
        assertThat(m.msgId()).isEqualTo("ID47");
        assertThat(m.structuredData()).containsEntry("ex@32473", Map.of("iut", "3", "eventSource", "Appli\"cation]"))
                .containsKey("timeQuality");
        assertThat(m.message()).isEqualTo("hello 5424");
    }

    @Test
    void nilValuesAreLeftOutAndAByteOrderMarkIsDropped() {
        SyslogMessage m = parse("<165>1 - - - - - - \uFEFFcaf\u00e9", ZoneOffset.UTC);
        assertThat(m.time()).as("no time stamp: the receive time").isEqualTo(RECEIVED);
        assertThat(m.host()).isNull();
        assertThat(m.app()).isNull();
        assertThat(m.structuredData()).isEmpty();
        assertThat(m.message()).isEqualTo("caf\u00e9");
        assertThat(m.facility()).isEqualTo(20);
        assertThat(m.severity()).isEqualTo(5);
        JsonNode json = json(m);
        assertThat(json.get("facility").asText()).isEqualTo("local4");
        assertThat(json.get("severity").asText()).isEqualTo("notice");
        assertThat(json.has("host")).isFalse();
    }

    @Test
    void readsRfc3164InTheListenersZoneAndTheYearThatIsNotInTheFuture() {
        SyslogMessage m = parse("<156>Nov 29 15:09:49 vm myapp[123]: hello 3164", ZoneId.of("Asia/Shanghai"));
        assertThat(m.format()).isEqualTo("rfc3164");
        assertThat(m.facility()).isEqualTo(19);
        assertThat(m.severity()).isEqualTo(4);
        assertThat(m.time()).isEqualTo(Instant.parse("2026-11-29T07:09:49Z"));
        assertThat(m.host()).isEqualTo("vm");
        assertThat(m.app()).isEqualTo("myapp");
        assertThat(m.procId()).isEqualTo("123");
        assertThat(m.message()).isEqualTo("hello 3164");

        SyslogMessage lastYear = parse("<13>Dec 31 23:59:59 vm app: old", ZoneOffset.UTC);
        assertThat(lastYear.time()).as("December, read in late November: last year's").isEqualTo(Instant.parse("2025-12-31T23:59:59Z"));
        SyslogMessage padded = parse("<13>Nov  2 01:02:03 vm app: padded day", ZoneOffset.UTC);
        assertThat(padded.time()).isEqualTo(Instant.parse("2026-11-02T01:02:03Z"));
    }

    @Test
    void readsTheCommonVariantsOfRfc3164() {
        SyslogMessage iso = parse("<14>2026-11-29T07:09:49.5+01:00 host1 su: session opened", ZoneOffset.UTC);
        assertThat(iso.time()).isEqualTo(Instant.parse("2026-11-29T06:09:49.500Z"));
        assertThat(iso.host()).isEqualTo("host1");
        assertThat(iso.app()).isEqualTo("su");

        SyslogMessage noHost = parse("<13>Nov 29 07:09:49 myapp: no host here", ZoneOffset.UTC);
        assertThat(noHost.host()).isNull();
        assertThat(noHost.app()).isEqualTo("myapp");
        assertThat(noHost.message()).isEqualTo("no host here");

        SyslogMessage noPriority = parse("just a line of text", ZoneOffset.UTC);
        assertThat(noPriority.facility()).as("user.notice, as RFC 3164 says").isEqualTo(1);
        assertThat(noPriority.severity()).isEqualTo(5);
        assertThat(noPriority.time()).isEqualTo(RECEIVED);
        assertThat(noPriority.message()).isEqualTo("just a line of text");
    }

    @Test
    void whatIsNotAHeaderStaysInTheMessage() {
        for (String text : new String[] {"<999>1 x", "<13>1 not-a-time host app - - - m", "<13>1 2026-11-29T07:09:49Z h a p m [broken",
                "<>", "<13", "<13>", "\u0000\u0001\u0002", ""}) {
            SyslogMessage m = parse(text, ZoneOffset.UTC);
            assertThat(m).as(text).isNotNull();
            assertThat(m.time()).as(text).isEqualTo(RECEIVED);
        }
        assertThat(parse("<13>1 not-a-time host app - - - m", ZoneOffset.UTC).message()).contains("not-a-time");
        assertThat(parse("<999>1 x", ZoneOffset.UTC).message()).isEqualTo("<999>1 x");
    }

    @Test
    void aMessageWithThousandsOfParametersKeepsABoundedNumber() {
        StringBuilder sd = new StringBuilder("<13>1 - h a - - [many");
        for (int i = 0; i < 5000; i++) {
            sd.append(" p").append(i).append("=\"v\"");
        }
        SyslogMessage m = parse(sd.append("] msg").toString(), ZoneOffset.UTC);
        assertThat(m.structuredData().get("many")).hasSize(SyslogMessage.MAX_SD_PARAMS);
        assertThat(m.message()).isEqualTo("msg");
    }

    private static SyslogMessage parse(String text, ZoneId zone) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return SyslogMessage.parse(bytes, 0, bytes.length, RECEIVED, zone);
    }

    private static JsonNode json(SyslogMessage m) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (JsonGenerator g = new JsonFactory().createGenerator(out)) {
                m.writeJson(g);
            }
            return new ObjectMapper().readTree(out.toByteArray());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
