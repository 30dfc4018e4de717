/*
 * Oracle for StrftimeTest: prints what glibc's strftime produces in the C locale.
 *
 * Regenerate glibc-expected.tsv from the project root with:
 *   cd src/test/resources/strftime && gcc -std=c11 -O2 -Wall -Wextra -o /tmp/strftime-oracle oracle.c \
 *     && /tmp/strftime-oracle > glibc-expected.tsv
 *
 * The committed file was generated with gcc 12.2.0, glibc 2.36 (Debian 12) and tzdata 2025b.
 * Each line is: epochSeconds TAB TZ TAB pattern TAB output.
 * The TZ column is the value given to setenv("TZ", ...); the test maps it to a java.time.ZoneId.
 */
#define _POSIX_C_SOURCE 200809L
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

/* Instants formatted in every zone. */
static const long long COMMON_INSTANTS[] = {
    0LL,           /* 1970-01-01T00:00:00Z, Thursday */
    -1LL,          /* 1969-12-31T23:59:59Z, %s is negative */
    -31539600LL,   /* 1968-12-31T23:00:00Z */
    1500208496LL,  /* 2017-07-16T12:34:56Z, Sunday, New York on daylight time */
    1489301999LL,  /* 2017-03-12T06:59:59Z, last second of EST in New York */
    1489302000LL,  /* 2017-03-12T07:00:00Z, first second of EDT in New York */
    1678003747LL,  /* 2023-03-05T08:09:07Z, single-digit day and hour */
    1609372800LL,  /* 2020-12-31T00:00:00Z, ISO week 53 of 2020 */
    1609459199LL,  /* 2020-12-31T23:59:59Z */
    1609459200LL,  /* 2021-01-01T00:00:00Z, Friday, ISO week 53 of 2020 */
    1609718399LL,  /* 2021-01-03T23:59:59Z, Sunday, still ISO week-year 2020 */
    1609718400LL,  /* 2021-01-04T00:00:00Z, Monday, ISO week 1 of 2021 */
    1735560000LL,  /* 2024-12-30T12:00:00Z, Monday, ISO week 1 of 2025 (noon in UTC) */
    1735563600LL,  /* 2024-12-30T13:00:00Z */
    1709164800LL,  /* 2024-02-29T00:00:00Z, leap day, midnight in UTC */
    1709208000LL,  /* 2024-02-29T12:00:00Z, noon in UTC */
    1709211600LL,  /* 2024-02-29T13:00:00Z */
    1709251199LL,  /* 2024-02-29T23:59:59Z */
    1704067200LL,  /* 2024-01-01T00:00:00Z, Monday: %U and %W differ */
    1451606400LL,  /* 2016-01-01T00:00:00Z, Friday, ISO week 53 of 2015 */
    1230508800LL,  /* 2008-12-29T00:00:00Z, Monday, ISO week 1 of 2009 */
    1262476800LL,  /* 2010-01-03T00:00:00Z, Sunday, ISO week 53 of 2009 */
    646790400LL,   /* 1990-07-01T00:00:00Z, Shanghai on daylight time (CDT) */
    978307200LL,   /* 2001-01-01T00:00:00Z */
    4118083200LL,  /* 2100-07-01T00:00:00Z, far-future daylight time */
};

/* Instants far from today, formatted only in zones without history (UTC and fixed offsets). */
static const long long FAR_INSTANTS[] = {
    -2208988800LL,   /* 1900-01-01T00:00:00Z */
    -62135596800LL,  /* 0001-01-01T00:00:00Z */
    -62135596801LL,  /* 0000-12-31T23:59:59Z */
    -62167219200LL,  /* 0000-01-01T00:00:00Z */
    -62198755200LL,  /* -0001-01-01T00:00:00Z */
    -65322979200LL,  /* -0101-12-31T00:00:00Z */
    -59042995200LL,  /* 0099-01-01T00:00:00Z */
    -61851657600LL,  /* 0009-12-31T08:00:00Z */
    -30578774400LL,  /* 1000-12-31T00:00:00Z */
    253402300799LL,  /* 9999-12-31T23:59:59Z */
    253402300800LL,  /* 10000-01-01T00:00:00Z */
    3833727840000LL, /* 123456-01-01T00:00:00Z */
};

static const char *ALL_ZONES[] = {
    "UTC",
    "Etc/UTC",
    "Asia/Shanghai",
    "America/New_York",
    "Asia/Kolkata",
    "Etc/GMT-3",
    "UTC0",
    "<+08>-8",
    "<-0330>3:30",
    "<+0530>-5:30",
    "<+053015>-5:30:15",
    "<-033045>3:30:45",
};

static const char *FIXED_ZONES[] = {
    "UTC",
    "UTC0",
    "<+08>-8",
    "<-0330>3:30",
    "<+053015>-5:30:15",
    "<-033045>3:30:45",
};

static const char *PATTERNS[] = {
    "%a", "%A", "%b", "%B", "%c", "%C", "%d", "%D", "%e", "%F", "%g", "%G", "%h",
    "%H", "%I", "%j", "%m", "%M", "%p", "%r", "%R", "%S", "%T", "%u", "%U", "%V",
    "%w", "%W", "%x", "%X", "%y", "%Y", "%z", "%Z", "%%", "%k", "%l", "%P", "%s",
    "%Ec", "%EC", "%Ex", "%EX", "%Ey", "%EY",
    "%Od", "%Oe", "%OH", "%OI", "%Om", "%OM", "%OS", "%Ou", "%OU", "%OV", "%Ow", "%OW", "%Oy",
    "",
    "plain-text_no-conversions",
    "%Y/%m/%d",
    "dt=%Y-%m-%d/hour=%H/",
    "%Y%%%m",
    "%%%%",
    "a.%%.b",
    "%s.log",
    "logs/%G-W%V-%u/%H%M%S",
    "%a, %d %b %Y %H:%M:%S %z",
    "%Y-%m-%dT%H:%M:%S%z",
    "%Y%m%d_%H%M%S-%Z",
    "%j-%U-%W-%V-%w-%u",
    "%l:%M %P|%k|%I %p",
    "%C%y=%Y %g~%G",
    "%D %T %Z",
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static void emit(long long epoch, const char *tz) {
    if (setenv("TZ", tz, 1) != 0) {
        perror("setenv");
        exit(1);
    }
    tzset();
    time_t t = (time_t) epoch;
    struct tm tm;
    if (localtime_r(&t, &tm) == NULL) {
        fprintf(stderr, "localtime_r failed for %lld in %s\n", epoch, tz);
        exit(1);
    }
    for (size_t i = 0; i < COUNT(PATTERNS); i++) {
        char out[512];
        size_t n = strftime(out, sizeof out, PATTERNS[i], &tm);
        if (n == 0 && PATTERNS[i][0] != '\0') {
            fprintf(stderr, "strftime produced nothing for '%s'\n", PATTERNS[i]);
            exit(1);
        }
        out[n] = '\0';
        printf("%lld\t%s\t%s\t%s\n", epoch, tz, PATTERNS[i], out);
    }
}

int main(void) {
    if (setlocale(LC_ALL, "C") == NULL) {
        fputs("setlocale failed\n", stderr);
        return 1;
    }
    for (size_t z = 0; z < COUNT(ALL_ZONES); z++) {
        for (size_t i = 0; i < COUNT(COMMON_INSTANTS); i++) {
            emit(COMMON_INSTANTS[i], ALL_ZONES[z]);
        }
    }
    for (size_t z = 0; z < COUNT(FIXED_ZONES); z++) {
        for (size_t i = 0; i < COUNT(FAR_INSTANTS); i++) {
            emit(FAR_INSTANTS[i], FIXED_ZONES[z]);
        }
    }
    return 0;
}
