package io.logdump.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.logdump.core.FieldError;
import io.logdump.core.Strftime;
import io.logdump.dump.DumpWorker;
import io.logdump.dump.naming.ObjectKeys;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The bound on object keys that {@link DumpTaskRules} checks before a task exists, against the keys {@link ObjectKeys} makes. */
class DumpTaskRulesTest {
    private static final List<FormatSpec> FORMATS = List.of(FormatSpec.JSON, new FormatSpec("raw", null, null, null),
            new FormatSpec("csv", List.of(new FormatSpec.Column("a", null)), ",", true),
            new FormatSpec("parquet", List.of(new FormatSpec.Column("a", "string")), null, null));

    @Test
    void everyKeyOfSettingsTheRulesAcceptFitsTheBoundTheyChecked() {
        String longPrefix = ("\u00e9".repeat(120) + "/").repeat(2);
        List<String[]> accepted = List.of(new String[] {longPrefix, "%c/".repeat(16)}, new String[] {"p", "%A %B %Z %s %G"},
                new String[] {"a".repeat(255) + "/", "x".repeat(100) + "%c%c%c"}, new String[] {"", ""}, new String[] {"q/", "dt=%F/"});
        for (String[] settings : accepted) {
            List<FieldError> errors = new ArrayList<>();
            DumpTaskRules.checkPartitionFormat(Strftime.compile(settings[1]), errors);
            assertThat(errors).as(settings[0] + " " + settings[1]).isEmpty();
            int bound = settings[0].getBytes(StandardCharsets.UTF_8).length + (settings[0].isEmpty() || settings[0].endsWith("/") ? 0 : 1)
                    + Strftime.compile(settings[1]).longestOutput().getBytes(StandardCharsets.UTF_8).length
                    + (settings[1].isEmpty() || settings[1].endsWith("/") ? 0 : 1)
                    + DumpTaskRules.TASK_ID_CHARS + 1 + DumpTaskRules.MAX_BATCH_DIGITS + DumpTaskRules.MAX_EXTENSION_CHARS;
            for (FormatSpec format : FORMATS) {
                for (String compression : DumpTaskRules.COMPRESSIONS) {
                    for (String zone : List.of("UTC", "+14:00", "-12:00", "Asia/Aqtau")) {
                        for (Instant time : List.of(Instant.EPOCH, Instant.parse("2017-09-27T21:59:59Z"), Instant.parse("9999-12-31T23:59:59.999Z"))) {
                            String key = DumpWorker.exampleKey(new DumpSettings(settings[0], settings[1], zone, 100, 300, format, compression),
                                    "dt-abcdefgh", Long.MAX_VALUE, time);
                            assertThat(key.getBytes(StandardCharsets.UTF_8).length).as(key).isLessThanOrEqualTo(bound)
                                    .isLessThanOrEqualTo(DumpTaskRules.MAX_KEY_BYTES);
                            assertThat(io.logdump.objectstore.ObjectKeys.isValid(key)).as(key).isTrue();
                            for (String segment : key.split("/")) {
                                assertThat(segment.getBytes(StandardCharsets.UTF_8).length).as(key).isLessThanOrEqualTo(DumpTaskRules.MAX_SEGMENT_BYTES);
                            }
                        }
                    }
                }
            }
        }
    }
}
