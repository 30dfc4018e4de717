package io.logdump.shippers.syslog;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One syslog message, read from RFC 5424 ({@code <PRI>1 TIMESTAMP HOST APP PROCID MSGID SD MSG})
 * or RFC 3164 ({@code <PRI>Mmm dd hh:mm:ss HOST TAG[PID]: MSG}, and the common variants: an
 * RFC 3339 time stamp, no host, no tag, no priority). Any text is a message: what cannot be read
 * as a header stays in the message, and a message without a priority is {@code user.notice}, as
 * RFC 3164 says. An RFC 3164 time stamp has no year and no zone: it is read in the listener's zone,
 * in the year that puts it at most a day after the receive time.
 *
 * @param time the message's time, or the receive time when it has none
 * @param structuredData SD-ID → parameter → value (a parameter given twice keeps its last value)
 */
public record SyslogMessage(String format, int facility, int severity, Instant time, String host, String app, String procId,
                            String msgId, Map<String, Map<String, String>> structuredData, String message) {
    static final List<String> FACILITIES = List.of("kern", "user", "mail", "daemon", "auth", "syslog", "lpr", "news", "uucp", "cron",
            "authpriv", "ftp", "ntp", "security", "console", "solaris-cron", "local0", "local1", "local2", "local3", "local4",
            "local5", "local6", "local7");
    static final List<String> SEVERITIES = List.of("emerg", "alert", "crit", "err", "warning", "notice", "info", "debug");
    private static final List<String> MONTHS = List.of("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec");
    private static final int DEFAULT_PRI = 13; // user.notice
    /** Structured data elements and parameters kept per message; more are left in no field. */
    static final int MAX_SD_PARAMS = 256;

    /**
     * Reads a message from {@code [start, end)} of {@code buf} (UTF-8; invalid bytes become U+FFFD;
     * line ends and NUL bytes at its end are not part of it).
     *
     * @param received when the message arrived: the time of a message without one, and the anchor of an RFC 3164 year
     * @param zone the zone of an RFC 3164 time stamp
     */
    public static SyslogMessage parse(byte[] buf, int start, int end, Instant received, ZoneId zone) {
        while (end > start && (buf[end - 1] == '\n' || buf[end - 1] == '\r' || buf[end - 1] == 0)) {
            end--; // a line end inside an octet-counted frame (rsyslog's templates end in one) or a datagram
        }
        String text = new String(buf, start, end - start, StandardCharsets.UTF_8);
        Cursor c = new Cursor(text);
        int pri = c.priority();
        if (pri < 0) {
            c.at = 0;
            return rfc3164(c, DEFAULT_PRI, received, zone);
        }
        int afterPri = c.at;
        if (c.peek('1') && c.peekAt(1, ' ')) {
            c.at += 2;
            SyslogMessage m = rfc5424(c, pri, received);
            if (m != null) {
                return m;
            }
            c.at = afterPri;
        }
        return rfc3164(c, pri, received, zone);
    }

    /** The message's fields, as one JSON object (those without a value left out). */
    public void writeJson(JsonGenerator g) throws IOException {
        g.writeStartObject();
        g.writeStringField("time", time.toString());
        if (host != null) {
            g.writeStringField("host", host);
        }
        if (app != null) {
            g.writeStringField("app", app);
        }
        if (procId != null) {
            g.writeStringField("procId", procId);
        }
        if (msgId != null) {
            g.writeStringField("msgId", msgId);
        }
        g.writeStringField("facility", FACILITIES.get(facility));
        g.writeNumberField("facilityCode", facility);
        g.writeStringField("severity", SEVERITIES.get(severity));
        g.writeNumberField("severityCode", severity);
        if (!structuredData.isEmpty()) {
            g.writeObjectFieldStart("structuredData");
            for (var element : structuredData.entrySet()) {
                g.writeObjectFieldStart(element.getKey());
                for (var param : element.getValue().entrySet()) {
                    g.writeStringField(param.getKey(), param.getValue());
                }
                g.writeEndObject();
            }
            g.writeEndObject();
        }
        g.writeStringField("message", message);
        g.writeStringField("format", format);
        g.writeEndObject();
    }

    /** The rest after {@code 1 }: null when the header is not RFC 5424's, so that RFC 3164's reading applies. */
    private static SyslogMessage rfc5424(Cursor c, int pri, Instant received) {
        String timestamp = c.token();
        String host = c.token();
        String app = c.token();
        String procId = c.token();
        String msgId = c.token();
        if (msgId == null) {
            return null;
        }
        Instant time = received;
        if (!timestamp.equals("-")) {
            try {
                time = OffsetDateTime.parse(timestamp).toInstant();
            } catch (DateTimeParseException e) {
                return null;
            }
        }
        Map<String, Map<String, String>> sd = new LinkedHashMap<>();
        if (c.peek('-')) {
            c.at++;
            if (!c.atEnd() && !c.peek(' ')) {
                return null;
            }
        } else if (c.peek('[')) {
            if (!structuredData(c, sd)) {
                return null;
            }
        } else if (!c.atEnd()) {
            return null;
        }
        String message = c.rest();
        if (message.startsWith("\uFEFF")) {
            message = message.substring(1);
        }
        return new SyslogMessage("rfc5424", pri >> 3, pri & 7, time, nil(host), nil(app), nil(procId), nil(msgId), sd, message);
    }

    /** {@code [ID name="value" ...][ID ...]}; false when it is malformed. */
    private static boolean structuredData(Cursor c, Map<String, Map<String, String>> sd) {
        int params = 0;
        while (c.peek('[')) {
            c.at++;
            String id = c.name();
            if (id == null) {
                return false;
            }
            Map<String, String> element = sd.computeIfAbsent(id, k -> new LinkedHashMap<>());
            while (c.peek(' ')) {
                c.at++;
                String name = c.name();
                if (name == null || !c.peek('=') || !c.peekAt(1, '"')) {
                    return false;
                }
                c.at += 2;
                StringBuilder value = new StringBuilder();
                while (!c.atEnd() && !c.peek('"')) {
                    char ch = c.text.charAt(c.at++);
                    if (ch == '\\' && !c.atEnd() && "\"\\]".indexOf(c.text.charAt(c.at)) >= 0) {
                        ch = c.text.charAt(c.at++);
                    }
                    value.append(ch);
                }
                if (c.atEnd()) {
                    return false;
                }
                c.at++;
                if (++params <= MAX_SD_PARAMS) {
                    element.put(name, value.toString());
                }
            }
            if (!c.peek(']')) {
                return false;
            }
            c.at++;
        }
        return true;
    }

    private static SyslogMessage rfc3164(Cursor c, int pri, Instant received, ZoneId zone) {
        Instant time = bsdTime(c, received, zone);
        if (time == null) {
            int mark = c.at;
            String first = c.token();
            try {
                time = first == null ? null : OffsetDateTime.parse(first).toInstant();
            } catch (DateTimeParseException e) {
                time = null;
            }
            if (time == null) {
                c.at = mark;
            }
        }
        boolean stamped = time != null;
        String host = null;
        String app = null;
        String procId = null;
        int beforeHost = c.at;
        String word = stamped ? c.token() : null; // without a time stamp there is no header to find a host in
        if (word != null && !isTag(word)) {
            host = word;
        } else {
            c.at = beforeHost;
        }
        int beforeTag = c.at;
        String tag = c.token();
        if (tag != null && isTag(tag)) {
            String name = tag.substring(0, tag.length() - 1);
            int bracket = name.indexOf('[');
            if (bracket > 0 && name.endsWith("]")) {
                procId = name.substring(bracket + 1, name.length() - 1);
                name = name.substring(0, bracket);
            }
            app = name;
        } else {
            c.at = beforeTag;
        }
        return new SyslogMessage("rfc3164", pri >> 3, pri & 7, stamped ? time : received, host, app, procId, null, Map.of(), c.rest());
    }

    /** A tag ends with {@code :} ({@code name:} or {@code name[pid]:}). */
    private static boolean isTag(String word) {
        return word.length() > 1 && word.endsWith(":");
    }

    /** {@code Mmm dd hh:mm:ss } (the day padded with a space or a zero), or null. */
    private static Instant bsdTime(Cursor c, Instant received, ZoneId zone) {
        String t = c.text;
        int at = c.at;
        if (t.length() < at + 16 || t.charAt(at + 3) != ' ' || t.charAt(at + 6) != ' ' || t.charAt(at + 15) != ' ') {
            return null;
        }
        int month = MONTHS.indexOf(t.substring(at, at + 3)) + 1;
        if (month == 0) {
            return null;
        }
        try {
            int day = Integer.parseInt(t.substring(at + 4, at + 6).trim());
            int hour = Integer.parseInt(t.substring(at + 7, at + 9));
            int minute = Integer.parseInt(t.substring(at + 10, at + 12));
            int second = Integer.parseInt(t.substring(at + 13, at + 15));
            if (t.charAt(at + 9) != ':' || t.charAt(at + 12) != ':') {
                return null;
            }
            ZonedDateTime now = received.atZone(zone);
            ZonedDateTime stamp = LocalDateTime.of(now.getYear(), month, day, hour, minute, second).atZone(zone);
            if (stamp.isAfter(now.plusDays(1))) {
                stamp = stamp.minusYears(1);
            }
            c.at = at + 16;
            return stamp.toInstant();
        } catch (NumberFormatException | DateTimeException e) {
            return null;
        }
    }

    private static String nil(String value) {
        return value.equals("-") ? null : value;
    }

    /** A position in the text of a message. */
    private static final class Cursor {
        final String text;
        int at;

        Cursor(String text) {
            this.text = text;
        }

        boolean atEnd() {
            return at >= text.length();
        }

        boolean peek(char ch) {
            return at < text.length() && text.charAt(at) == ch;
        }

        boolean peekAt(int offset, char ch) {
            return at + offset < text.length() && text.charAt(at + offset) == ch;
        }

        /** {@code <N>} with N from 0 to 191, or -1 (the cursor then is anywhere). */
        int priority() {
            if (!peek('<')) {
                return -1;
            }
            int value = 0;
            int digits = 0;
            at++;
            while (at < text.length() && Character.isDigit(text.charAt(at)) && digits < 3) {
                value = value * 10 + (text.charAt(at++) - '0');
                digits++;
            }
            if (digits == 0 || !peek('>') || value > 191) {
                return -1;
            }
            at++;
            return value;
        }

        /** The next word ending at a space (the space is skipped), or null at the end of the text or before a space. */
        String token() {
            if (atEnd() || peek(' ')) {
                return null;
            }
            int end = text.indexOf(' ', at);
            if (end < 0) {
                end = text.length();
            }
            String word = text.substring(at, end);
            at = Math.min(end + 1, text.length());
            return word;
        }

        /** An SD name: printable ASCII but {@code = ] "} and space, 1 to 32 characters; null otherwise. */
        String name() {
            int start = at;
            while (at < text.length() && at - start < 32) {
                char ch = text.charAt(at);
                if (ch <= ' ' || ch > '~' || ch == '=' || ch == ']' || ch == '"') {
                    break;
                }
                at++;
            }
            return at == start ? null : text.substring(start, at);
        }

        /** The rest of the text, without the one space that separates it from the header. */
        String rest() {
            if (peek(' ')) {
                at++;
            }
            return atEnd() ? "" : text.substring(at);
        }
    }
}
