package io.logdump.shippers.syslog;

import java.util.Locale;

/** How a syslog listener takes messages: TCP, TCP over TLS (RFC 5425) or UDP, as the configuration names them. */
public enum SyslogProtocol {
    TCP, TLS, UDP;

    /** The protocol the configuration names ({@code tcp}, {@code tls}, {@code udp}); null for any other text. */
    public static SyslogProtocol of(String name) {
        for (SyslogProtocol p : values()) {
            if (p.configName().equals(name)) {
                return p;
            }
        }
        return null;
    }

    /** The name in the configuration and in log lines. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether it listens on a TCP port (TCP and TLS share the port space; UDP has its own). */
    public boolean overTcp() {
        return this != UDP;
    }
}
