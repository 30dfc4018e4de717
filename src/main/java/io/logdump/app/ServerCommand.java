package io.logdump.app;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code logdump server}: runs Logdump until it is stopped (Ctrl-C or SIGTERM). */
@Command(name = "server", mixinStandardHelpOptions = true,
        description = "Run the Logdump server (embedded defaults: 127.0.0.1:8080, data under ./data, region 'local').")
final class ServerCommand implements Callable<Integer> {
    @Option(names = "--config", paramLabel = "FILE", description = "YAML configuration file.")
    Path config;

    @Option(names = "--port", paramLabel = "N", description = "Port of the API, HTTPS when the file has tls (overrides the file; 0 picks a free port).")
    Integer port;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Data folder (overrides the file).")
    Path dataDir;

    @Override
    public Integer call() throws InterruptedException {
        Config cfg;
        try {
            cfg = new ConfigLoader().load(config, port, dataDir);
        } catch (ConfigException e) {
            System.err.println("logdump: " + e.getMessage());
            return 2;
        }
        LogdumpServer server;
        try {
            server = LogdumpServer.start(cfg, Clock.tick(Clock.systemUTC(), Duration.ofMillis(1)));
        } catch (RuntimeException e) {
            System.err.println("logdump: cannot start: " + rootMessage(e));
            return 1;
        }
        System.out.println("Logdump listening on " + server.url());
        System.out.flush();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "logdump-shutdown"));
        stopped.await();
        return 0;
    }

    /** The message of {@code e} and of each of its causes, on one line. */
    static String rootMessage(Throwable e) {
        Throwable t = e;
        StringBuilder out = new StringBuilder(String.valueOf(e.getMessage()));
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
            out.append(": ").append(t.getMessage());
        }
        return out.toString();
    }
}
