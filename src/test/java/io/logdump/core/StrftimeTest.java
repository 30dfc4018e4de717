package io.logdump.core;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.logdump.core.Strftime.StrftimeException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class StrftimeTest {

    /**
     * Rows printed by glibc 2.36 in the C locale; see src/test/resources/strftime/oracle.c for how to
     * regenerate them.
     */
    private static final String GLIBC_EXPECTED = "/strftime/glibc-expected.tsv";

    /**
     * Maps each glibc TZ value used by oracle.c to the equivalent java.time zone.
     *
     * <p>Region names are the same tz database zones in both. A POSIX TZ string gives the offset to
     * add to local time to reach UTC, so its sign is the opposite of a ZoneOffset's: "<+08>-8" is
     * ZoneOffset "+08:00" and "<-0330>3:30" is "-03:30". The text in angle brackets is the
     * abbreviation glibc prints for %Z, which Strftime derives from the offset in the same style
     * ("+08", "+0530", "+053015"). "UTC0" is ZoneOffset.UTC, for which both print "UTC".
     *
     * <p>All zones here match glibc exactly, %Z included. Java's short names are known to differ from
     * the tz database for zones that tzdata abbreviates numerically (Asia/Dubai is "GST" in Java and
     * "+04" in glibc, America/Sao_Paulo "BRT" versus "-03"), so such zones are not listed.
     */
    private static final Map<String, ZoneId> JAVA_ZONE_FOR_GLIBC_TZ = Map.ofEntries(
            entry("UTC", ZoneId.of("UTC")),
            entry("Etc/UTC", ZoneId.of("Etc/UTC")),
            entry("Asia/Shanghai", ZoneId.of("Asia/Shanghai")),
            entry("America/New_York", ZoneId.of("America/New_York")),
            entry("Asia/Kolkata", ZoneId.of("Asia/Kolkata")),
            entry("Etc/GMT-3", ZoneId.of("Etc/GMT-3")),
            entry("UTC0", ZoneOffset.UTC),
            entry("<+08>-8", ZoneId.of("+08:00")),
            entry("<-0330>3:30", ZoneId.of("-03:30")),
            entry("<+0530>-5:30", ZoneId.of("+05:30")),
            entry("<+053015>-5:30:15", ZoneId.of("+05:30:15")),
            entry("<-033045>3:30:45", ZoneId.of("-03:30:45")));

    private static final List<String> SUPPORTED_DIRECTIVES = List.of(
            "%a", "%A", "%b", "%B", "%c", "%C", "%d", "%D", "%e", "%F", "%g", "%G", "%h", "%H", "%I",
            "%j", "%m", "%M", "%p", "%r", "%R", "%S", "%T", "%u", "%U", "%V", "%w", "%W", "%x", "%X",
            "%y", "%Y", "%z", "%Z", "%%", "%k", "%l", "%P", "%s",
            "%Ec", "%EC", "%Ex", "%EX", "%Ey", "%EY",
            "%Od", "%Oe", "%OH", "%OI", "%Om", "%OM", "%OS", "%Ou", "%OU", "%OV", "%Ow", "%OW", "%Oy");

    private static final Instant SUNDAY_2017_07_16 = Instant.parse("2017-07-16T12:34:56Z");

    record GlibcRow(long epochSeconds, String tz, String pattern, String output) {
        static GlibcRow parse(String line) {
            String[] fields = line.split("\t", -1);
            if (fields.length != 4) {
                throw new IllegalStateException("malformed oracle row: " + line);
            }
            return new GlibcRow(Long.parseLong(fields[0]), fields[1], fields[2], fields[3]);
        }

        @Override
        public String toString() {
            return "'" + pattern + "' at " + epochSeconds + " in TZ=" + tz;
        }
    }

    /** One instant in one zone, with every pattern glibc formatted for it. */
    record GlibcCase(long epochSeconds, String tz, List<GlibcRow> rows) {
        @Override
        public String toString() {
            return Instant.ofEpochSecond(epochSeconds) + " in TZ=" + tz + " (" + rows.size() + " patterns)";
        }
    }

    static List<GlibcRow> glibcRows() {
        try (InputStream in = StrftimeTest.class.getResourceAsStream(GLIBC_EXPECTED)) {
            if (in == null) {
                throw new IllegalStateException(GLIBC_EXPECTED + " is missing from the test classpath");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            return reader.lines().map(GlibcRow::parse).collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<GlibcCase> glibcCases() {
        Map<List<Object>, List<GlibcRow>> grouped = glibcRows().stream().collect(Collectors.groupingBy(
                row -> List.of(row.epochSeconds(), row.tz()), LinkedHashMap::new, Collectors.toList()));
        return grouped.values().stream()
                .map(rows -> new GlibcCase(rows.get(0).epochSeconds(), rows.get(0).tz(), rows))
                .collect(Collectors.toList());
    }

    /** Every row of glibc-expected.tsv is compared; rows are grouped by instant and zone to keep the run short. */
    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("glibcCases")
    void formatsExactlyLikeGlibcInTheCLocale(GlibcCase glibcCase) {
        Instant instant = Instant.ofEpochSecond(glibcCase.epochSeconds());
        ZoneId zone = javaZoneFor(glibcCase.tz());

        SoftAssertions.assertSoftly(softly -> {
            for (GlibcRow row : glibcCase.rows()) {
                softly.assertThat(Strftime.compile(row.pattern()).format(instant, zone))
                        .as("%s", row)
                        .isEqualTo(row.output());
            }
        });
    }

    @Test
    void glibcOracleCoversEverySupportedDirectiveAndEveryMappedZone() {
        List<GlibcRow> rows = glibcRows();

        assertThat(rows).hasSizeGreaterThan(20_000);
        assertThat(glibcCases()).hasSizeGreaterThan(300);
        assertThat(rows).extracting(GlibcRow::pattern).containsAll(SUPPORTED_DIRECTIVES)
                .contains("%Y/%m/%d", "dt=%Y-%m-%d/hour=%H/", "%Y%%%m", "");
        assertThat(rows).extracting(GlibcRow::tz)
                .containsOnly(JAVA_ZONE_FOR_GLIBC_TZ.keySet().toArray(String[]::new));
        assertThat(rows).extracting(GlibcRow::output)
                .contains("-1", "EDT", "EST", "CST", "CDT", "IST", "+08", "+0530", "-0330", "+03");
    }

    @Test
    void refusesUnknownDirectiveNamingIt() {
        StrftimeException e = refusal("dt=%Q");

        assertThat(e).hasMessage("unknown strftime directive %Q at position 3");
        assertThat(e.directive()).isEqualTo("%Q");
    }

    @ParameterizedTest
    @ValueSource(strings = {"%i", "%v", "%+", "%EQ", "%O@", "%€"})
    void refusesEveryUnknownDirectiveNamingIt(String pattern) {
        StrftimeException e = refusal("x" + pattern);

        assertThat(e.getMessage()).isEqualTo("unknown strftime directive " + pattern + " at position 1");
        assertThat(e.directive()).isEqualTo(pattern);
    }

    @Test
    void refusesSupplementaryCharacterAfterPercentNamingTheWholeCharacter() {
        String pattern = "%\uD800\uDC61";

        StrftimeException e = refusal(pattern);

        assertThat(e.directive()).isEqualTo(pattern);
        assertThat(e).hasMessage("unknown strftime directive " + pattern + " at position 0");
    }

    @ParameterizedTest
    @ValueSource(strings = {"%Ea", "%Ed", "%EH", "%Oc", "%OY", "%OC", "%Ob", "%Oj", "%E%", "%Oz", "%EZ"})
    void refusesModifierOnConversionThatDoesNotTakeIt(String directive) {
        StrftimeException e = refusal("%Y-" + directive);

        assertThat(e.directive()).isEqualTo(directive);
        assertThat(e.getMessage())
                .startsWith("strftime directive " + directive + " at position 3 is not allowed because")
                .endsWith("does not take the " + directive.charAt(1) + " modifier");
    }

    @ParameterizedTest
    @ValueSource(strings = {"%-d", "%_H", "%010Y", "%^a", "%#Z", "%0e", "%5Ey", "%-OH"})
    void refusesGnuFlagsAndFieldWidthsNamingTheDirective(String directive) {
        StrftimeException e = refusal("a" + directive + "b");

        assertThat(e).hasMessage(
                "unsupported strftime flag or field width in directive " + directive + " at position 1");
        assertThat(e.directive()).isEqualTo(directive);
    }

    @Test
    void refusesLonePercentAtTheEnd() {
        StrftimeException e = refusal("%Y%");

        assertThat(e).hasMessage("strftime pattern ends with the incomplete directive % at position 2");
        assertThat(e.directive()).isEqualTo("%");
    }

    @ParameterizedTest
    @ValueSource(strings = {"%E", "%O", "%-", "%_10"})
    void refusesIncompleteDirectiveAtTheEnd(String directive) {
        StrftimeException e = refusal("%Y" + directive);

        assertThat(e).hasMessage(
                "strftime pattern ends with the incomplete directive " + directive + " at position 2");
        assertThat(e.directive()).isEqualTo(directive);
    }

    @ParameterizedTest
    @ValueSource(strings = {"%n", "%t"})
    void refusesNewlineAndTabDirectivesBecauseTheyOutputControlCharacters(String directive) {
        StrftimeException e = refusal("%H" + directive + "%M");

        assertThat(e).hasMessage("strftime directive " + directive
                + " at position 2 is not allowed because it outputs a control character");
        assertThat(e.directive()).isEqualTo(directive);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\u0000", "\t", "\n", "\r", "\u001b", "\u007f", "\u0085", "\u009f"})
    void refusesLiteralControlCharactersNamingTheirCodePoint(String control) {
        StrftimeException e = refusal("%Y" + control + "%m");

        assertThat(e).hasMessage(String.format(
                "control character U+%04X at position 2 is not allowed in object keys", (int) control.charAt(0)));
        assertThat(e.directive()).isNull();
    }

    @Test
    void refusesControlCharacterRightAfterPercent() {
        StrftimeException e = refusal("%\t");

        assertThat(e).hasMessage("control character U+0009 at position 1 is not allowed in object keys");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "/%Y", "//logs", "/dt=%F/"})
    void refusesPatternWhoseOutputStartsWithSlash(String pattern) {
        StrftimeException e = refusal(pattern);

        assertThat(e).hasMessage(
                "strftime pattern must not start with '/' because its output would start with '/'");
        assertThat(e.directive()).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"%%/", "%D", "%Y/%m/", "logs/%Y/"})
    void acceptsSlashesThatCannotStartTheOutput(String pattern) {
        assertThat(Strftime.compile(pattern).format(SUNDAY_2017_07_16, ZoneOffset.UTC)).doesNotStartWith("/");
    }

    @Test
    void refusesDoubleDotNamingItsPosition() {
        StrftimeException e = refusal("dt=%F/..");

        assertThat(e).hasMessage(
                "strftime pattern would output '..' at position 6, which is not allowed in object keys");
        assertThat(e.directive()).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"..", "a..b", "%Y..%m", "%%..", "..%%", "x/../y", "%Y.%%..", "%m/%d/..."})
    void refusesEveryPatternWhoseOutputContainsDoubleDot(String pattern) {
        assertThat(refusal(pattern).getMessage()).contains("would output '..'");
    }

    @Test
    void acceptsDotsSeparatedByEscapedPercentOrConversions() {
        Instant instant = SUNDAY_2017_07_16;

        assertThat(Strftime.compile(".%%.").format(instant, ZoneOffset.UTC)).isEqualTo(".%.");
        assertThat(Strftime.compile("%Y.%m.%d.").format(instant, ZoneOffset.UTC)).isEqualTo("2017.07.16.");
        assertThat(Strftime.compile(".%H.").format(instant, ZoneOffset.UTC)).isEqualTo(".12.");
        assertThat(Strftime.compile("a.%%.%%.b").format(instant, ZoneOffset.UTC)).isEqualTo("a.%.%.b");
    }

    @Test
    void refusesPatternLongerThan128Characters() {
        String pattern = "%Y" + "x".repeat(127);

        StrftimeException e = refusal(pattern);

        assertThat(e).hasMessage("strftime pattern has 129 characters, more than the limit of 128");
        assertThat(e.directive()).isNull();
    }

    @Test
    void accepts128CharacterPattern() {
        String pattern = "%Y" + "x".repeat(126);

        assertThat(Strftime.compile(pattern).format(SUNDAY_2017_07_16, ZoneOffset.UTC))
                .isEqualTo("2017" + "x".repeat(126));
    }

    @Test
    void formatsEmptyPatternAsEmptyString() {
        assertThat(Strftime.compile("").format(SUNDAY_2017_07_16, ZoneId.of("Asia/Shanghai"))).isEmpty();
    }

    @Test
    void copiesNonAsciiLiteralTextUnchanged() {
        assertThat(Strftime.compile("日志/%Y/😀").format(SUNDAY_2017_07_16, ZoneOffset.UTC))
                .isEqualTo("日志/2017/😀");
    }

    @Test
    void refusesNullPattern() {
        assertThatNullPointerException().isThrownBy(() -> Strftime.compile(null));
    }

    @Test
    void exposesThePatternThroughPatternAndToString() {
        Strftime strftime = Strftime.compile("dt=%Y-%m-%d/hour=%H/");

        assertThat(strftime.pattern()).isEqualTo("dt=%Y-%m-%d/hour=%H/");
        assertThat(strftime).hasToString("dt=%Y-%m-%d/hour=%H/");
    }

    @Test
    void exceptionIsAnIllegalArgumentException() {
        assertThat(refusal("%Q")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void printsNumericAbbreviationForZoneOffsetsAndUtcForZoneOffsetUtc() {
        Strftime zone = Strftime.compile("%Z");

        assertThat(zone.format(SUNDAY_2017_07_16, ZoneOffset.UTC)).isEqualTo("UTC");
        assertThat(zone.format(SUNDAY_2017_07_16, ZoneOffset.ofHours(8))).isEqualTo("+08");
        assertThat(zone.format(SUNDAY_2017_07_16, ZoneOffset.ofHoursMinutes(5, 30))).isEqualTo("+0530");
        assertThat(zone.format(SUNDAY_2017_07_16, ZoneOffset.ofHoursMinutes(-3, -30))).isEqualTo("-0330");
        assertThat(zone.format(SUNDAY_2017_07_16, ZoneOffset.ofHours(-10))).isEqualTo("-10");
    }

    @Test
    void printsNumericAbbreviationForRegionZonesWithoutAlphabeticShortName() {
        Strftime zone = Strftime.compile("%Z");

        assertThat(zone.format(SUNDAY_2017_07_16, ZoneId.of("UTC+08:00"))).isEqualTo("+08");
        assertThat(zone.format(SUNDAY_2017_07_16, ZoneId.of("Etc/GMT+10"))).isEqualTo("-10");
    }

    @Test
    void theLongestOutputIsNeverShorterThanARealOutputInTheLogTimeRange() {
        String conversions = "aAbBcCdDeFgGhHIjklmMpPrRsSTuUVwWxXyYzZ";
        List<ZoneId> zones = List.of(ZoneOffset.UTC, ZoneId.of("+14:00"), ZoneId.of("-12:00"), ZoneId.of("+05:30:15"),
                ZoneId.of("Asia/Aqtau"), ZoneId.of("America/St_Johns"), ZoneId.of("Pacific/Chatham"), ZoneId.of("Europe/Dublin"));
        List<Instant> instants = List.of(Instant.EPOCH, Instant.parse("1982-07-01T00:00:00Z"), Instant.parse("2026-09-30T23:59:59Z"),
                Instant.parse("9999-12-31T23:59:59.999Z"), Instant.parse("9999-12-31T10:00:00Z"), Instant.parse("1970-01-01T11:59:59Z"));
        SoftAssertions softly = new SoftAssertions();
        for (char c : conversions.toCharArray()) {
            Strftime one = Strftime.compile("%" + c);
            int longest = one.longestOutput().length();
            softly.assertThat(one.longestOutput()).as("%%%s", c).matches("[0/:\\- ]*");
            for (ZoneId zone : zones) {
                for (Instant instant : instants) {
                    String out = one.format(instant, zone);
                    softly.assertThat(out.getBytes(StandardCharsets.UTF_8).length).as("%%%s of %s in %s: %s", c, instant, zone, out)
                            .isLessThanOrEqualTo(longest);
                }
            }
        }
        softly.assertAll();
        assertThat(Strftime.compile("dt=%F/%D_%%x").longestOutput()).isEqualTo("dt=00000-00-00/00/00/00_%x");
    }

    @Test
    void formatsConsistentlyFromManyThreads() {
        Strftime strftime = Strftime.compile("dt=%F/hour=%H/%Z-%s");
        ZoneId newYork = ZoneId.of("America/New_York");
        List<Instant> instants = IntStream.range(0, 5_000)
                .mapToObj(i -> SUNDAY_2017_07_16.plusSeconds(i * 7_919L))
                .collect(Collectors.toList());
        List<String> sequential = instants.stream()
                .map(i -> strftime.format(i, newYork))
                .collect(Collectors.toList());

        List<String> parallel = instants.parallelStream()
                .map(i -> strftime.format(i, newYork))
                .collect(Collectors.toList());

        assertThat(parallel).isEqualTo(sequential);
        assertThat(Set.copyOf(sequential)).hasSizeGreaterThan(1_000);
    }

    private static ZoneId javaZoneFor(String tz) {
        ZoneId zone = JAVA_ZONE_FOR_GLIBC_TZ.get(tz);
        if (zone == null) {
            throw new IllegalStateException("no Java zone mapped for TZ=" + tz);
        }
        return zone;
    }

    private static StrftimeException refusal(String pattern) {
        StrftimeException e = catchThrowableOfType(StrftimeException.class, () -> Strftime.compile(pattern));
        assertThat(e).as("compile(\"%s\") should have been refused", pattern).isNotNull();
        assertThat(e.getMessage()).doesNotContain("\n");
        return e;
    }
}
