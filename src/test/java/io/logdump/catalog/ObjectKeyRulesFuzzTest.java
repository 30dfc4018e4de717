package io.logdump.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.logdump.core.FieldError;
import io.logdump.core.JsonFields;
import io.logdump.core.LogTimeRange;
import io.logdump.core.Strftime;
import io.logdump.core.ValidationException;
import io.logdump.dump.naming.ObjectKeys;
import io.logdump.testutil.FuzzInput;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * A dump task's prefix, partition format and time zone from the fuzzer, checked by the task rules
 * as a PATCH body is: what the rules accept gives, for every log time, an object key that every
 * object store takes ({@link io.logdump.objectstore.ObjectKeys}) in its longest form (the longest
 * task id, batch number and extension); what they refuse is refused with field errors, never
 * another exception. Any text is also checked as an object key itself.
 *
 * <p>Each input is a prefix, a partition format, a time zone (the three with {@code \\uXXXX} escapes read, see
 * {@link FuzzInput#unescape}) and an instant's epoch milliseconds
 * (taken into {@link LogTimeRange}), one a line.
 */
class ObjectKeyRulesFuzzTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DumpTaskRules RULES = new DumpTaskRules(DumpLimits.DEFAULT);
    private static final DumpSettings CURRENT = new DumpSettings("shop/app/", "%Y/%m/%d", "UTC", 100, 300, FormatSpec.JSON, "none");
    /** The longest extension the rules allow for ({@link DumpTaskRules#MAX_EXTENSION_CHARS}). */
    private static final String LONGEST_EXTENSION = "." + "x".repeat(DumpTaskRules.MAX_EXTENSION_CHARS - 1);

    @FuzzTest(maxDuration = "3m")
    void taskKeys(byte[] data) {
        FuzzInput in = new FuzzInput(data);
        String prefix = FuzzInput.unescape(in.line());
        String partitionFormat = FuzzInput.unescape(in.line());
        String timeZone = FuzzInput.unescape(in.line());
        String millis = in.line();
        checkKeyRules(prefix);
        checkKeyRules(partitionFormat);

        ObjectNode node = JSON.createObjectNode().put("prefix", prefix).put("partitionFormat", partitionFormat).put("timeZone", timeZone);
        List<FieldError> errors = new ArrayList<>();
        DumpSettings settings;
        try {
            settings = RULES.readPatch(JsonFields.of(node, "", errors), CURRENT);
        } catch (ValidationException e) {
            assertThat(e.errors()).isNotEmpty().allSatisfy(error ->
                    assertThat(error.field()).isIn("prefix", "partitionFormat", "timeZone"));
            return;
        }
        Instant time = instant(millis);
        String partition = Strftime.compile(settings.partitionFormat()).format(time, ZoneId.of(settings.timeZone()));
        String key = ObjectKeys.key(settings.prefix(), settings.partitionFormat(), partition,
                "dt-" + "z".repeat(DumpTaskRules.TASK_ID_CHARS - 3), Long.MIN_VALUE, LONGEST_EXTENSION);
        assertThat(String.valueOf(Long.MIN_VALUE)).hasSize(DumpTaskRules.MAX_BATCH_DIGITS);
        assertThat(io.logdump.objectstore.ObjectKeys.isValid(key)).as("the key %s of accepted settings %s at %s", key, settings, time)
                .isTrue();
    }

    /** Any text is a valid key, or refused with an IllegalArgumentException; never another exception. */
    private static void checkKeyRules(String text) {
        if (io.logdump.objectstore.ObjectKeys.isValid(text)) {
            assertThat(io.logdump.objectstore.ObjectKeys.check(text)).isEqualTo(text);
        } else {
            assertThatThrownBy(() -> io.logdump.objectstore.ObjectKeys.check(text)).isExactlyInstanceOf(IllegalArgumentException.class);
        }
    }

    private static Instant instant(String text) {
        long millis;
        try {
            millis = Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            millis = text.hashCode();
        }
        return Instant.ofEpochMilli(Math.floorMod(millis, LogTimeRange.END.toEpochMilli()));
    }
}
