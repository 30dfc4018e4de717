package io.logdump.store.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logdump.core.SubjectId;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TopicNamesTest {
    private static final String LEGAL = "[A-Za-z0-9.-]{1,249}";

    @Test
    void lettersDigitsAndDashesStayAndEverythingElseIsEscaped() {
        assertThat(TopicNames.of("logdump", new SubjectId("default", "shop", "nginx-access")))
                .isEqualTo("logdump.default.shop.nginx-access");
        assertThat(TopicNames.of("logdump", new SubjectId("default", "web_logs", "中")))
                .isEqualTo("logdump.default.web..5flogs...e4..b8..ad");
    }

    @Test
    void differentSubjectsGetDifferentLegalNamesWithoutUnderscores() {
        List<SubjectId> tricky = List.of(
                new SubjectId("a", "b", "c"), new SubjectId("a", "b_c", "d"), new SubjectId("a", "b", "c_d"),
                new SubjectId("a_b", "c", "d"), new SubjectId("a", "b..5fc", "d"), new SubjectId("a", "b-c", "d"),
                new SubjectId("a", "b", "中文"), new SubjectId("a", "b", "中"), new SubjectId("a", "b中", "文"),
                new SubjectId("A", "b", "c"), new SubjectId("a", "b", "5f"), new SubjectId("a", "b", "_5f"));
        Set<String> names = new HashSet<>();
        Set<String> asMetricNames = new HashSet<>();
        for (SubjectId s : tricky) {
            String name = TopicNames.of("logdump", s);
            assertThat(name).as("%s", s).matches(LEGAL).doesNotContain("_");
            names.add(name);
            asMetricNames.add(name.replace('.', '_'));
        }
        assertThat(names).as("one to one").hasSize(tricky.size());
        assertThat(asMetricNames).as("no two collide once . and _ are the same, as Kafka checks").hasSize(tricky.size());
    }

    @Test
    void aNameTooLongForKafkaIsCutAndEndsWithAHashOfTheWholeName() {
        String longHan = "中".repeat(64);
        String one = TopicNames.of("logdump", new SubjectId("default", longHan, longHan));
        String other = TopicNames.of("logdump", new SubjectId("default", longHan, longHan + "x"));
        assertThat(one).hasSize(TopicNames.MAX_LENGTH).matches(LEGAL).matches(".*\\.h[0-9a-f]{16}");
        assertThat(other).hasSize(TopicNames.MAX_LENGTH).isNotEqualTo(one);
    }

    @Test
    void aPrefixIsLettersDigitsAndDashes() {
        assertThat(TopicNames.validPrefix("logdump-prod")).isTrue();
        assertThat(TopicNames.validPrefix("log.dump")).isFalse();
        assertThat(TopicNames.validPrefix("log_dump")).isFalse();
        assertThat(TopicNames.validPrefix("")).isFalse();
        assertThatThrownBy(() -> TopicNames.of("a_b", new SubjectId("a", "b", "c"))).isInstanceOf(IllegalArgumentException.class);
    }
}
