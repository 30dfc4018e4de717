package io.logdump.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code logdump logs send|read|tail}: a subject's logs, in and out. */
@Command(name = "logs", mixinStandardHelpOptions = true, description = "Send logs to a subject, read them back, or follow them.",
        subcommands = {LogsCommand.SendLogs.class, LogsCommand.ReadLogs.class, LogsCommand.TailLogs.class})
final class LogsCommand extends GroupCommand {

    static String path(String logset, String subject) {
        return SubjectsCommand.path(logset, subject) + "/logs";
    }

    /** The content types of ingest. */
    enum Type {
        text("text/plain; charset=utf-8"), ndjson("application/x-ndjson"), json("application/json");

        final String contentType;

        Type(String contentType) {
            this.contentType = contentType;
        }
    }

    @Command(name = "send", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Send log lines to a subject, from a file or standard input (a gzip-compressed input is "
                    + "decompressed first). The subject's collection configuration parses each line.",
                    "A large input goes in several requests of at most --chunk-mb each, cut at line ends, so no line is ever split; "
                            + "a JSON array (--type json) cannot be cut and goes whole. A line longer than the chunk limit is not sent "
                            + "and counts as rejected.",
                    "Prints what the server accepted and rejected, with the first reasons (--json: one object like the server's "
                            + "answer, with line numbers of the whole input, plus lines, bytes and requests). A progress line goes "
                            + "to stderr when it is a terminal, or with --progress.",
                    "Exit status 1 when the server refused a request: the requests before it were stored, the lines after it were not sent."})
    static final class SendLogs extends ClientCommand {
        /** Longer than a normal request: a chunk must arrive at the server's minimum rate, which may be slow. */
        static final Duration TIMEOUT = Duration.ofMinutes(10);
        /** How many rejection reasons the text summary shows (--json keeps {@link #MAX_REASONS}). */
        static final int SHOWN_REASONS = 10;
        static final int MAX_REASONS = 100;

        @Parameters(index = "0", paramLabel = "LOGSET", description = "The log set.")
        String logset;

        @Parameters(index = "1", paramLabel = "SUBJECT", description = "The subject.")
        String subject;

        @Parameters(index = "2", arity = "0..1", paramLabel = "FILE", defaultValue = "-",
                description = "The file to send; - or nothing: standard input.")
        String file;

        @Option(names = "--type", paramLabel = "TYPE", defaultValue = "text",
                description = "text (one record a line, default), ndjson (one JSON object a line) or json (one JSON array).")
        Type type;

        @Option(names = "--gzip", description = "Compress each request (Content-Encoding: gzip).")
        boolean gzip;

        @Option(names = "--source", paramLabel = "NAME", description = "Who sends the logs, stored with each record (default: this machine's address).")
        String source;

        @Option(names = "--chunk-mb", paramLabel = "N", defaultValue = "8",
                description = "At most N MiB of lines a request, before compression (default 8; the server takes up to its ingest.maxBodyMB).")
        int chunkMB;

        @Option(names = "--progress", description = "Print a progress line on stderr after each request even when stderr is not a terminal.")
        boolean progress;

        @Override
        void run(Client client) {
            if (chunkMB < 1 || chunkMB > 1024) {
                throw usage("--chunk-mb must be 1 to 1024, not " + chunkMB);
            }
            if (source != null && !source.chars().allMatch(c -> c >= 0x20 && c < 0x7F)) {
                throw usage("--source must be printable ASCII (it is sent as an HTTP header)");
            }
            Progress progressLine = new Progress(client, progress ? Progress.Mode.LINES
                    : Progress.stderrIsTerminal() ? Progress.Mode.TERMINAL : Progress.Mode.NONE);
            Totals totals = new Totals();
            CommandFailure failure = null;
            try (InputStream in = open()) {
                if (type == Type.json) {
                    sendArray(client, in, totals);
                } else {
                    sendLines(client, in, totals, progressLine);
                }
            } catch (IOException e) {
                failure = new CommandFailure("cannot read " + inputName() + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
            } catch (CommandFailure e) {
                failure = e;
            } finally {
                progressLine.end();
            }
            if (failure == null || totals.requests > 0) {
                print(client, totals); // what went in before a failure, too
            }
            if (failure != null) {
                throw failure;
            }
        }

        private void sendLines(Client client, InputStream in, Totals totals, Progress progressLine) throws IOException {
            LineChunker chunker = new LineChunker(in, chunkMB << 20);
            LineChunker.Chunk chunk;
            while ((chunk = chunker.next()) != null) {
                rejectSkipped(chunker, totals);
                long first = chunk.firstLine();
                try {
                    totals.add(post(client, chunk.bytes(), chunk.length()), first - 1, chunk.length());
                } catch (CommandFailure e) {
                    throw totals.requests == 0 ? e : e.withDetail("lines 1 to " + (first - 1) + " of " + inputName()
                            + " went in the requests before (the counts above); line " + first + " and the lines after it did not");
                }
                totals.lines = chunker.linesRead();
                progressLine.show(totals);
            }
            rejectSkipped(chunker, totals);
            totals.lines = chunker.linesRead();
        }

        /** Counts the lines the chunker left out since the last call as rejected, with their reason. */
        private void rejectSkipped(LineChunker chunker, Totals totals) {
            List<LineChunker.Skipped> skipped = chunker.skipped();
            for (LineChunker.Skipped s : skipped.subList(totals.skipped, skipped.size())) {
                totals.reject(s.line(), "the line is " + s.bytes() + " bytes, more than the chunk limit of " + (chunkMB << 20)
                        + " bytes (--chunk-mb), so it was not sent");
            }
            totals.skipped = skipped.size();
        }

        private void sendArray(Client client, InputStream in, Totals totals) throws IOException {
            int limit = chunkMB << 20;
            byte[] body = in.readNBytes(limit + 1);
            if (body.length > limit) {
                throw new CommandFailure(inputName() + " is larger than the chunk limit of " + chunkMB + " MiB (--chunk-mb), and a JSON "
                        + "array cannot be split: send it as NDJSON (one object a line, --type ndjson), or give a larger --chunk-mb "
                        + "(up to the server's ingest.maxBodyMB)");
            }
            if (body.length > 0) {
                totals.add(post(client, body, body.length), 0, body.length);
                totals.lines = totals.accepted + totals.rejected;
            }
        }

        private JsonNode post(Client client, byte[] bytes, int length) throws IOException {
            List<String> headers = new ArrayList<>(List.of("Content-Type", type.contentType));
            if (source != null) {
                headers.addAll(List.of("X-Log-Source", source));
            }
            if (gzip) {
                ByteArrayOutputStream compressed = new ByteArrayOutputStream(Math.max(64, length / 4));
                try (GZIPOutputStream out = new GZIPOutputStream(compressed, 1 << 16)) {
                    out.write(bytes, 0, length);
                }
                headers.addAll(List.of("Content-Encoding", "gzip"));
                return client.postBytes(path(logset, subject), compressed.toByteArray(), compressed.size(), headers, TIMEOUT);
            }
            return client.postBytes(path(logset, subject), bytes, length, headers, TIMEOUT);
        }

        /** The input, decompressed when it is gzip (by its first two bytes). Standard input is not closed. */
        private InputStream open() throws IOException {
            InputStream raw;
            if (file.equals("-")) {
                raw = new BufferedInputStream(System.in, 1 << 16) {
                    @Override
                    public void close() {
                        // standard input stays open
                    }
                };
            } else {
                try {
                    raw = new BufferedInputStream(Files.newInputStream(Path.of(file)), 1 << 16);
                } catch (NoSuchFileException e) {
                    throw new CommandFailure("cannot read " + file + ": no such file");
                }
            }
            raw.mark(2);
            int b1 = raw.read();
            int b2 = raw.read();
            raw.reset();
            return b1 == 0x1f && b2 == 0x8b ? new GZIPInputStream(raw, 1 << 16) : raw;
        }

        private String inputName() {
            return file.equals("-") ? "standard input" : file;
        }

        private static void print(Client client, Totals totals) {
            ObjectNode summary = totals.json();
            if (client.json()) {
                client.printJson(summary);
                return;
            }
            for (String field : List.of("accepted", "rejected", "invalidUtf8", "lines", "bytes", "requests")) {
                client.printLine(field + ": " + summary.get(field).asText());
            }
            ArrayNode errors = totals.errors;
            for (int i = 0; i < Math.min(SHOWN_REASONS, errors.size()); i++) {
                client.printLine("rejected line " + errors.get(i).get("line").asLong() + ": " + errors.get(i).get("reason").asText());
            }
            if (totals.rejected > SHOWN_REASONS) {
                client.printLine("(" + (totals.rejected - SHOWN_REASONS) + " more rejected lines; --json lists the reasons of the first "
                        + MAX_REASONS + ")");
            }
        }
    }

    /** What the requests of one {@code logs send} gave, added up. Not thread-safe. */
    static final class Totals {
        long accepted;
        long rejected;
        long invalidUtf8;
        long lines;
        long bytes;
        long requests;
        /** Lines left out before sending (longer than a chunk). */
        int skipped;
        final ArrayNode errors = Client.JSON.createArrayNode();

        /** Adds an answer of the server to a request of {@code bytes} bytes whose first line is line {@code lineBase + 1}. */
        void add(JsonNode answer, long lineBase, long bytes) {
            requests++;
            this.bytes += bytes;
            accepted += answer.path("accepted").asLong();
            rejected += answer.path("rejected").asLong();
            invalidUtf8 += answer.path("invalidUtf8").asLong();
            for (JsonNode error : answer.path("errors")) {
                reason(lineBase + error.path("line").asLong(), error.path("reason").asText());
            }
        }

        /** A line rejected before it was sent. */
        void reject(long line, String reason) {
            rejected++;
            reason(line, reason);
        }

        private void reason(long line, String reason) {
            if (errors.size() < SendLogs.MAX_REASONS) {
                errors.addObject().put("line", line).put("reason", reason);
            }
        }

        ObjectNode json() {
            ObjectNode o = Client.object().put("accepted", accepted).put("rejected", rejected).put("invalidUtf8", invalidUtf8);
            o.set("errors", errors);
            return o.put("lines", lines).put("bytes", bytes).put("requests", requests);
        }
    }

    /** The progress line of {@code logs send} on stderr: redrawn in place on a terminal, else one line a request. */
    static final class Progress {
        enum Mode { NONE, TERMINAL, LINES }

        private final Client client;
        private final Mode mode;
        private boolean shown;

        Progress(Client client, Mode mode) {
            this.client = client;
            this.mode = mode;
        }

        void show(Totals t) {
            String line = "sent " + mib(t.bytes) + " MiB, " + t.lines + " lines in " + t.requests + (t.requests == 1 ? " request" : " requests")
                    + ": " + t.accepted + " accepted, " + t.rejected + " rejected";
            if (mode == Mode.TERMINAL) {
                client.err().print("\r" + line + "\u001b[K");
                client.err().flush();
                shown = true;
            } else if (mode == Mode.LINES) {
                client.note(line);
            }
        }

        /** Ends a line redrawn in place, so that what follows starts on a line of its own. */
        void end() {
            if (shown) {
                client.err().println();
                client.err().flush();
                shown = false;
            }
        }

        private static String mib(long bytes) {
            return String.format(java.util.Locale.ROOT, "%.1f", bytes / 1048576.0);
        }

        /** Whether stderr is a terminal: on Linux, where file descriptor 2 points; elsewhere, whether there is a console. */
        static boolean stderrIsTerminal() {
            try {
                String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
                return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
            } catch (IOException | UnsupportedOperationException | SecurityException e) {
                return System.console() != null;
            }
        }
    }

    @Command(name = "read", mixinStandardHelpOptions = true,
            description = {"Read a subject's records back, in the order they were stored: each record's log time and line "
                    + "(--json: the server's pages, with offsets, sources and parsed fields).",
                    "One page (--limit records) unless --all."})
    static final class ReadLogs extends ClientCommand {
        @Parameters(index = "0", paramLabel = "LOGSET", description = "The log set.")
        String logset;

        @Parameters(index = "1", paramLabel = "SUBJECT", description = "The subject.")
        String subject;

        @Option(names = "--from", paramLabel = "ISO", description = "Only records logged at or after this instant, e.g. 2026-11-26T08:00:00Z.")
        String from;

        @Option(names = "--to", paramLabel = "ISO", description = "Only records logged before this instant.")
        String to;

        @Option(names = "--limit", paramLabel = "N", description = "Records per page, 1 to 10000 (server default 100).")
        Integer limit;

        @Option(names = "--cursor", paramLabel = "C", description = "Start at this page: the 'next' of a page before.")
        String cursor;

        @Option(names = "--all", description = "Read every page, following each page's 'next'.")
        boolean all;

        @Override
        void run(Client client) {
            Map<String, String> query = new LinkedHashMap<>();
            query.put("from", from);
            query.put("to", to);
            query.put("limit", limit == null ? null : limit.toString());
            String next = client.pages(path(logset, subject), query, cursor, all, page -> {
                if (client.json()) {
                    client.printJson(page);
                } else {
                    page.path("items").forEach(item -> client.printLine(line(item)));
                }
            });
            if (next != null && !client.json()) {
                client.note("more records: --all reads every page, --cursor " + next + " the next one");
            }
        }
    }

    /** A record for people: its log time and its line. */
    static String line(JsonNode record) {
        return PlainText.text(record.path("time")) + "  " + record.path("raw").asText();
    }

    @Command(name = "tail", mixinStandardHelpOptions = true,
            description = {"Print a subject's last records, then each new record once as it is stored, until Ctrl-C (like tail -f).",
                    "--json prints each record as one line of JSON."})
    static final class TailLogs extends ClientCommand {
        /** Records asked for per request while catching up. */
        static final int PAGE = 1000;

        @Parameters(index = "0", paramLabel = "LOGSET", description = "The log set.")
        String logset;

        @Parameters(index = "1", paramLabel = "SUBJECT", description = "The subject.")
        String subject;

        @Option(names = {"-n", "--lines"}, paramLabel = "N", defaultValue = "10", description = "Start with the last N records stored (default 10).")
        long lines;

        @Option(names = "--interval", paramLabel = "S", defaultValue = "1",
                description = "Seconds between two looks for new records (default 1; decimals allowed).")
        double interval;

        @Option(names = "--max-records", paramLabel = "N", description = "Stop after printing N records.")
        Long maxRecords;

        @Override
        void run(Client client) {
            if (lines < 0) {
                throw usage("--lines must not be negative");
            }
            if (!(interval >= 0.01 && interval <= 3600)) {
                throw usage("--interval must be 0.01 to 3600 seconds");
            }
            if (maxRecords != null && maxRecords < 1) {
                throw usage("--max-records must be at least 1");
            }
            String path = path(logset, subject);
            Long offset = startOffset(client, path);
            long printed = 0;
            while (true) {
                JsonNode page = client.get(path + Client.query("limit", Integer.toString(PAGE), "cursor", offset == null ? null : offset.toString()));
                for (JsonNode record : page.path("items")) {
                    if (client.json()) {
                        client.printJsonLine(record);
                    } else {
                        client.printLine(line(record));
                    }
                    offset = record.path("offset").asLong() + 1;
                    if (maxRecords != null && ++printed >= maxRecords) {
                        return;
                    }
                }
                if (page.path("next").isTextual()) {
                    offset = Long.parseLong(page.get("next").asText());
                    continue;
                }
                try {
                    Thread.sleep((long) (interval * 1000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }

        /**
         * The offset of the first record to print: {@code --lines} before the end of the subject,
         * or null when it holds no record (then it is followed from its start). The API gives
         * no end offset and a page's cursor ({@code next}) is the offset of its next record, so
         * the end is found by asking for one record at growing offsets, then halving: about
         * {@code 2 log2(records)} small requests rather than reading every record.
         */
        private Long startOffset(Client client, String path) {
            JsonNode first = client.get(path + Client.query("limit", "1")).path("items");
            if (first.isEmpty()) {
                return null;
            }
            long start = first.get(0).path("offset").asLong();
            long below = start; // a record at or after it
            long step = 1;
            long above = start + step; // the end is at or before it, once found
            while (hasRecordFrom(client, path, above)) {
                below = above;
                step *= 2;
                above = start + step;
            }
            while (above - below > 1) {
                long middle = below + (above - below) / 2;
                if (hasRecordFrom(client, path, middle)) {
                    below = middle;
                } else {
                    above = middle;
                }
            }
            return Math.max(start, above - lines);
        }

        private static boolean hasRecordFrom(Client client, String path, long offset) {
            return !client.get(path + Client.query("limit", "1", "cursor", Long.toString(offset))).path("items").isEmpty();
        }
    }
}
