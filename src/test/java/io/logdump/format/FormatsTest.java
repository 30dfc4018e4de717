package io.logdump.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class FormatsTest {

    @Test
    void givesEachBuiltFormatByItsType() {
        assertThat(Formats.of(new FormatSettings("json", null, ',', false)).extension()).isEqualTo(".json");
        assertThat(Formats.of(new FormatSettings("raw", null, ',', false)).extension()).isEqualTo(".log");
        assertThat(Formats.of(new FormatSettings("csv", List.of(new FormatSettings.Column("a", null)), ',', true)).extension())
                .isEqualTo(".csv");
        assertThat(Formats.of(new FormatSettings("parquet", List.of(new FormatSettings.Column("a", "string")), ',', false)).extension())
                .isEqualTo(".parquet");
    }

    @Test
    void anUnknownTypeIsRefusedWithTheKnownOnes() {
        assertThatThrownBy(() -> Formats.of(new FormatSettings("xml", null, ',', false)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'xml'").hasMessageContaining("json, raw, csv or parquet");
    }
}
