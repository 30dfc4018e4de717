package io.logdump.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Where the time goes in a flight recording, without a GUI: the top frames of the CPU samples.
 * JDK 17's {@code jfr} tool has {@code print} and {@code summary} but no {@code view}, so this
 * reads the recording itself. Two kinds of samples are kept apart: {@code jdk.ExecutionSample}
 * (threads running Java code) and {@code jdk.NativeMethodSample} (threads inside a native method:
 * zstd and Deflater compression, fsync, SQLite; native samples of threads waiting for work in
 * {@code epoll}, {@code poll} or {@code accept} are idle, and counted apart). For each it prints
 * the hottest top frames ("self"), the nearest Logdump frame of each sample (which of our methods
 * the time is spent under, library and JDK calls included) and the threads.
 */
@Command(name = "jfr", mixinStandardHelpOptions = true,
        description = "Print the top frames of the CPU samples of flight recordings (e.g. those of bench dump --jfr).")
final class JfrSummary implements Callable<Integer> {
    private static final String OURS = "io.logdump.";
    /** Native top frames of a thread that waits for something to do. */
    static final java.util.Set<String> IDLE = java.util.Set.of("sun.nio.ch.EPoll.wait", "sun.nio.ch.Net.accept", "sun.nio.ch.Net.poll");

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Recordings (.jfr).")
    List<Path> files;
    @Option(names = "--top", defaultValue = "12", description = "Lines per list. Default: ${DEFAULT-VALUE}.")
    int top;

    @Override
    public Integer call() throws IOException {
        for (Path f : files) {
            print(f, top, System.out);
        }
        return 0;
    }

    /** Sample counts per key, for one event type. */
    static final class Tally {
        final Map<String, Integer> self = new HashMap<>();
        final Map<String, Integer> ours = new HashMap<>();
        final Map<String, Integer> threads = new HashMap<>();
        int samples;

        void add(RecordedStackTrace stack, RecordedThread thread) {
            samples++;
            List<RecordedFrame> frames = stack == null ? List.of() : stack.getFrames();
            self.merge(frames.isEmpty() ? "(no stack)" : name(frames.get(0)), 1, Integer::sum);
            String nearest = "(no Logdump frame)";
            for (RecordedFrame f : frames) {
                if (f.getMethod() != null && f.getMethod().getType().getName().startsWith(OURS)) {
                    nearest = name(f);
                    break;
                }
            }
            ours.merge(nearest, 1, Integer::sum);
            threads.merge(thread == null ? "(no thread)" : threadGroup(thread.getJavaName()), 1, Integer::sum);
        }
    }

    /** Prints the summary of {@code file}. */
    static void print(Path file, int top, PrintStream out) throws IOException {
        Tally java = new Tally();
        Tally nativ = new Tally();
        int idle = 0;
        try (RecordingFile recording = new RecordingFile(file)) {
            while (recording.hasMoreEvents()) {
                RecordedEvent e = recording.readEvent();
                String type = e.getEventType().getName();
                if (type.equals("jdk.ExecutionSample")) {
                    java.add(e.getStackTrace(), e.getThread("sampledThread"));
                } else if (type.equals("jdk.NativeMethodSample")) {
                    RecordedStackTrace stack = e.getStackTrace();
                    if (stack != null && !stack.getFrames().isEmpty() && IDLE.contains(name(stack.getFrames().get(0)))) {
                        idle++;
                    } else {
                        nativ.add(stack, e.getThread("sampledThread"));
                    }
                }
            }
        }
        out.printf("%s: %d Java samples (jdk.ExecutionSample), %d native samples (jdk.NativeMethodSample) besides %d of threads "
                + "waiting in epoll/poll/accept%n", file, java.samples, nativ.samples, idle);
        list(out, "Java samples, top frame", java.self, java.samples, top);
        list(out, "Java samples, nearest Logdump frame", java.ours, java.samples, top);
        list(out, "Java samples, threads", java.threads, java.samples, top);
        list(out, "native samples, top frame", nativ.self, nativ.samples, top);
        list(out, "native samples, nearest Logdump frame", nativ.ours, nativ.samples, top);
        list(out, "native samples, threads", nativ.threads, nativ.samples, top);
    }

    private static void list(PrintStream out, String title, Map<String, Integer> counts, int total, int top) {
        out.printf("  %s:%n", title);
        counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(top)
                .forEach(e -> out.printf("    %5.1f %%  %s%n", 100.0 * e.getValue() / Math.max(1, total), e.getKey()));
    }

    private static String name(RecordedFrame f) {
        if (f.getMethod() == null) {
            return "(unknown)";
        }
        return lambdaClass(f.getMethod().getType().getName()) + "." + f.getMethod().getName();
    }

    /** {@code A$$Lambda$95+0x0000...} as {@code A$$Lambda}: the numbers differ from run to run. */
    static String lambdaClass(String type) {
        int at = type.indexOf("$$Lambda");
        return at < 0 ? type : type.substring(0, at + "$$Lambda".length());
    }

    /** A thread's name with its numbers replaced by {@code #}, so that a pool's threads count together. */
    static String threadGroup(String name) {
        return name == null ? "(unnamed)" : name.replaceAll("[0-9]+", "#");
    }
}
