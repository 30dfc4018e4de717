package io.logdump.objectstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ObjectKeysTest {

    @ParameterizedTest
    @ValueSource(strings = {"a", "a/b/c.jsonl.gz", ".hidden", "..a", "a..", "...", "a b", "\u00fc/\u540d\u524d", "\ud83d\ude00",
            "x:y/+=&?#%*"})
    void acceptsOrdinaryKeys(String key) {
        assertThat(ObjectKeys.check(key)).isEqualTo(key);
        assertThat(ObjectKeys.isValid(key)).isTrue();
    }

    @Test
    void acceptsExactly1024BytesOfUtf8() {
        String segments = ("x".repeat(250) + "/").repeat(4); // 1004 bytes
        assertThat(ObjectKeys.isValid(segments + "x".repeat(20))).isTrue();
        assertThat(ObjectKeys.isValid(segments + "\u00e9".repeat(10))).as("2 bytes each").isTrue();
        assertThat(ObjectKeys.isValid(segments + "x".repeat(21))).isFalse();
        assertThat(ObjectKeys.isValid(segments + "\u00e9".repeat(10) + "x")).isFalse();
    }

    @Test
    void aSegmentIsAtMost255BytesOfUtf8AsAFileNameMustBe() {
        assertThat(ObjectKeys.isValid("a/" + "x".repeat(255))).isTrue();
        assertThat(ObjectKeys.isValid("a/" + "\u00e9".repeat(128))).as("256 bytes").isFalse();
        assertThatThrownBy(() -> ObjectKeys.check("x".repeat(256) + "/b"))
                .hasMessageContaining("has a segment of 256 bytes, more than the 255 a file name may have");
    }

    @Test
    void theMessageNamesTheKeyAndTheRule() {
        assertThatThrownBy(() -> ObjectKeys.check("a//b")).hasMessage("object key 'a//b' has an empty segment");
        assertThatThrownBy(() -> ObjectKeys.check("a/../b")).hasMessage("object key 'a/../b' has a '..' segment");
        assertThatThrownBy(() -> ObjectKeys.check("/a")).hasMessage("object key '/a' starts with '/'");
        assertThatThrownBy(() -> ObjectKeys.check("a\nb")).hasMessage("object key 'a\\u000Ab' contains the control character U+000A");
        assertThatThrownBy(() -> ObjectKeys.check("a\\b")).hasMessage("object key 'a\\b' contains a backslash");
        assertThatThrownBy(() -> ObjectKeys.check("")).hasMessage("object key '' is empty");
        assertThatThrownBy(() -> ObjectKeys.check(null)).hasMessage("object key null is missing");
        assertThatThrownBy(() -> ObjectKeys.check("y".repeat(2000)))
                .hasMessageContaining("is 2000 bytes long in UTF-8, more than 1024").hasMessageContaining("(2000 characters)");
    }

    @Test
    void refusesUnpairedSurrogates() {
        assertThat(ObjectKeys.isValid("a\ud800")).isFalse();
        assertThat(ObjectKeys.isValid("\udc00a")).isFalse();
        assertThat(ObjectKeys.isValid("a\ud800\ud800\udc00")).isFalse();
    }
}
