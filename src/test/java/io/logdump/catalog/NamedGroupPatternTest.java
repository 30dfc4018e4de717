package io.logdump.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NamedGroupPatternTest {
    private static final Duration MILLISECONDS = Duration.ofMillis(500);

    @Test
    void aNestedQuantifierFailsOnANonMatchingLineInMilliseconds() {
        NamedGroupPattern pattern = NamedGroupPattern.compile("(?<x>(a+)+)$");
        String line = "a".repeat(30) + "!";
        assertThat(assertTimeoutPreemptively(MILLISECONDS, () -> pattern.match(line))).isNull();
        assertThat(assertTimeoutPreemptively(MILLISECONDS, () -> pattern.match("a".repeat(10_000) + "!"))).isNull();
        assertThat(pattern.match("aaa")).containsExactly(Map.entry("x", "aaa"));
    }

    @Test
    void keepsUnderscoreNamesBothNamedGroupFormsAndTheOrderGroupsOpen() {
        NamedGroupPattern pattern = NamedGroupPattern.compile("(?<ts>(?P<log_date>\\d{6}) (?<log_clock>\\d{6})) (?<level>\\w+)(?: (?<opt>x))?");
        assertThat(pattern.fieldNames()).containsExactly("ts", "log_date", "log_clock", "level", "opt");
        assertThat(pattern.match("081109 203615 INFO")).as("a group that took no part is left out")
                .containsExactly(Map.entry("ts", "081109 203615"), Map.entry("log_date", "081109"),
                        Map.entry("log_clock", "203615"), Map.entry("level", "INFO"));
        assertThat(pattern.match("081109 203615 INFO trailing")).as("the whole line must match").isNull();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "(?<a>\\w+) \\1|back-reference", "(?<a>\\w+) \\k<a>|back-reference", "(?<a>x)\\g1|back-reference",
            "(?=x)(?<a>.*)|look-ahead", "(?<a>.*)(?!x)|look-ahead", "(?<=x)(?<a>.*)|look-behind", "(?<a>.*)(?<!x)|look-behind",
            "(?<a>a++)|possessive", "(?<a>a*+)|possessive", "(?>x)(?<a>.*)|atomic",
            "(?<a>.*)(?<a>.*)|twice", "(?<1a>.*)|group name", "(\\w+) (.*)|no named group", "(unclosed|does not compile"})
    void refusesWhatALinearTimeEngineCannotRunWithAClearReason(String regex, String reason) {
        assertThatThrownBy(() -> NamedGroupPattern.compile(regex)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(reason);
    }

    @Test
    void aGroupWhoseNameTheEngineLosesIsRefusedNotSilentlyLeftWithoutFields() {
        for (String regex : List.of("(?<x>\\w){3}", "(?<x>a){10,}", "(?:(?<x>a)){2}", "((?<x>a)|b){2}")) {
            assertThatThrownBy(() -> NamedGroupPattern.compile(regex)).as(regex).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("names the group x, but the regex engine (RE2/J) loses that name");
        }
        NamedGroupPattern anchored = NamedGroupPattern.compile("^(?<x>\\w){3}");
        assertThat(anchored.fieldNames()).containsExactly("x");
        assertThat(anchored.match("abc")).containsExactly(Map.entry("x", "c"));
    }

    @Test
    void aCaseInsensitivePatternThatWouldMakeTheEngineLoopForeverIsRefused() {
        for (String regex : List.of("(?i)(?<x>[B-\\x{1E943}])", "(?i)(?<x>\u1c80)", "(?i:(?<x>\\p{Cyrillic}+))", "(?si)(?<x>[\u0100-\uff5a])")) {
            assertTimeoutPreemptively(Duration.ofSeconds(5), () -> assertThatThrownBy(() -> NamedGroupPattern.compile(regex)).as(regex)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("case-insensitive"));
        }
        assertThat(NamedGroupPattern.compile("(?i)(?<level>info|warn|[a-z_]+)").match("WARN")).containsEntry("level", "WARN");
        assertThat(NamedGroupPattern.compile("(?<msg>\\p{Cyrillic}+)").fieldNames()).as("without (?i)").containsExactly("msg");
    }

    @Test
    void escapedAndClassBracketsAreNotMistakenForGroups() {
        NamedGroupPattern pattern = NamedGroupPattern.compile("\\(?=\\) [(?=](?<a>[\\]\\\\1]+)\\\\1");
        assertThat(pattern.match("(=) ?]]\\1\\1")).containsEntry("a", "]]\\1");
    }

    @Test
    void patternsThatWouldCompileToAHugeProgramAreRefusedQuickly() {
        for (String regex : new String[] {"(?<a>((a{1000}){1000}){1000})", "(?<a>(((a{100}){100}){100}){100})",
                "(?<a>" + "(".repeat(5000) + "a" + ")".repeat(5000) + ")", "(?<a>" + "x".repeat(70_000) + ")"}) {
            assertTimeoutPreemptively(MILLISECONDS, () -> assertThatThrownBy(() -> NamedGroupPattern.compile(regex))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("too"));
        }
        assertThat(NamedGroupPattern.compile("(?<a>\\d{4}-\\d{2}-\\d{2}) (?<b>.{0,1000})").fieldNames()).containsExactly("a", "b");
    }
}
