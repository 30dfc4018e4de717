package io.logdump.shippers.loki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The Prometheus label text of Loki's protobuf streams, as Loki's {@code syntax.ParseLabels} reads it. */
class LokiLabelsTest {
    @Test
    void readsPairsInOrderWithWhiteSpaceAndATrailingComma() {
        assertThat(LokiLabels.parse(" { level=\"info\" ,job = \"api\", } ")).containsExactly(Map.entry("level", "info"), Map.entry("job", "api"));
        assertThat(LokiLabels.parse("{}")).isEmpty();
    }

    @Test
    void readsGoEscapesAndRawStrings() {
        assertThat(LokiLabels.parse("{a=\"q\\\"b\\\\s\\n\\t\\x41\\101\\u00e9\\U0001F600\"}").get("a")).isEqualTo("q\"b\\s\n\tAAé😀");
        assertThat(LokiLabels.parse("{a=`C:\\logs\\\"`}").get("a")).isEqualTo("C:\\logs\\\"");
        assertThat(LokiLabels.parse("{a=\"日志\"}").get("a")).isEqualTo("日志");
        assertThat(LokiLabels.parse("{a=\"\\xe6\\x97\\xa5\"}").get("a")).as("\\x escapes are bytes of UTF-8").isEqualTo("日");
    }

    @Test
    void anEmptyValueIsNoLabel() {
        assertThat(LokiLabels.parse("{a=\"\", b=\"x\"}")).containsExactly(Map.entry("b", "x"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
        "app=\"x\"                | '{' was expected",
        "{app=x}                  | a value in double quotes was expected",
        "{app=\"x\"               | ',' or '}' was expected",
        "{app=\"x                 | closing '\"' is missing",
        "{app!=\"x\"}             | not the matchers",
        "{app=~\"x\"}             | not the matchers",
        "{app=\"x\"} {b=\"y\"}    | nothing may follow",
        "{1app=\"x\"}             | a label name was expected",
        "{app.name=\"x\"}         | '=' was expected",
        "{a=\"x\", a=\"y\"}       | given twice",
        "{a=\"\\q\"}              | \\q is not an escape",
        "{a=\"\\x4\"}             | 2 hex digits",
        "{a=\"\\uD800\"}          | names no Unicode character",
        "{a=\"\\400\"}            | at most \\377",
        "{a=\"\\                   | the escape is cut short",
    })
    void textThatBreaksTheGrammarIsRefusedSayingWhereAndWhy(String text, String why) {
        assertThatThrownBy(() -> LokiLabels.parse(text.strip())).isInstanceOf(LokiLabels.SyntaxException.class)
                .hasMessageContaining(why).hasMessageContaining("at character");
    }
}
