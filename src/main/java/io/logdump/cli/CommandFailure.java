package io.logdump.cli;

import java.util.List;
import java.util.stream.Stream;

/**
 * A client command that failed in a way the user can act on (exit status 1): the server refused
 * the request, could not be reached, or a local file could not be read. {@link #lines()} is what
 * goes to stderr; there is never a stack trace. A refusal keeps the server's HTTP status, for the
 * few commands that act on it ({@code logout} of a token the server no longer knows).
 */
final class CommandFailure extends RuntimeException {
    private final String sentence;
    private final List<String> details;
    private final int status;

    CommandFailure(String sentence) {
        this(sentence, List.of());
    }

    /** {@code details} (e.g. {@code field: message}) are printed indented under the sentence. */
    CommandFailure(String sentence, List<String> details) {
        this(0, sentence, details);
    }

    /** A refusal by the server: {@code status} is its HTTP status (0 for a failure that is not an answer). */
    CommandFailure(int status, String sentence, List<String> details) {
        super(sentence, null, false, false);
        this.sentence = sentence;
        this.details = List.copyOf(details);
        this.status = status;
    }

    /** The same failure with one more detail line under the sentence. */
    CommandFailure withDetail(String detail) {
        return new CommandFailure(status, sentence, Stream.concat(details.stream(), Stream.of(detail)).toList());
    }

    /** The HTTP status the server refused with; 0 when the failure is not the server's answer. */
    int status() {
        return status;
    }

    /**
     * The lines for stderr: {@code logdump: <sentence>}, then each detail indented by two spaces;
     * sentence and details, which often quote the server, are made {@link PlainText#safe}.
     */
    List<String> lines() {
        return Stream.concat(Stream.of("logdump: " + PlainText.safe(sentence)), details.stream().map(d -> "  " + PlainText.safe(d))).toList();
    }
}
