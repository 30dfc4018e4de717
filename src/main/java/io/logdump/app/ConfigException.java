package io.logdump.app;

import java.util.List;

/** The configuration breaks rules; {@link #problems()} lists each as "key: value — rule". */
public final class ConfigException extends Exception {
    private final List<String> problems;

    public ConfigException(String source, List<String> problems) {
        super(source + " is invalid:\n  - " + String.join("\n  - ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
