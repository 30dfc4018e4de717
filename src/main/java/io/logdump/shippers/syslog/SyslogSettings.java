package io.logdump.shippers.syslog;

import io.logdump.shippers.Destination;
import java.time.ZoneId;

/**
 * A syslog listener of the operator configuration: {@code protocol} (TCP, TLS or UDP) on
 * {@code host:port} (0 picks a free port), whose messages go to {@code to}; an RFC 3164 time
 * stamp (no zone) is read in {@code timeZone}; a message longer than {@code maxMessageBytes} is
 * dropped.
 */
public record SyslogSettings(SyslogProtocol protocol, String host, int port, Destination to, ZoneId timeZone, int maxMessageBytes) {
    /** {@code tcp/127.0.0.1:5514 → shop/app}, for log lines, with the port the listener is bound to. */
    String describe(int boundPort) {
        return protocol.configName() + "/" + host + ":" + boundPort + " → " + to.name();
    }
}
