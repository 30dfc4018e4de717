package io.logdump.core;

/** Names one log subject: its log set and its own name. */
public record SubjectId(String logset, String subject) {
    @Override
    public String toString() {
        return logset + "/" + subject;
    }
}
