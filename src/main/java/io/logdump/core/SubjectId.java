package io.logdump.core;

import java.util.Objects;

/**
 * Names one log subject: the account that owns it, its log set and its own name. Two accounts may
 * have subjects of the same log set and subject names; they are different subjects.
 */
public record SubjectId(String account, String logset, String subject) {
    public SubjectId {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(logset, "logset");
        Objects.requireNonNull(subject, "subject");
    }

    /** {@code logset/subject}: the subject as its account names it, for messages to that account. */
    @Override
    public String toString() {
        return logset + "/" + subject;
    }

    /** {@code account/logset/subject}: the subject on the whole server, for the server's own log. */
    public String qualified() {
        return account + "/" + logset + "/" + subject;
    }
}
