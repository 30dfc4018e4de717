package io.logdump.cli;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Asks for what never goes on a command line: a password on the terminal without echo
 * ({@link Console#readPassword}) or, when standard input is not a terminal, one line of standard
 * input, so that scripts and tests can pipe it in ({@code logdump login --user ops < password-file}).
 * Passwords are never command-line arguments: {@code ps} shows every process's arguments to every
 * user of the machine, and shells keep them in their history.
 */
final class Prompt {
    private Prompt() {}

    /**
     * A password: asked on the terminal without echo ({@code confirm}: twice, and both must be the
     * same), else the first line of standard input.
     */
    static String password(String prompt, boolean confirm) {
        Console console = console();
        if (console == null) {
            if (stdinIsTerminal()) {
                throw new CommandFailure("cannot ask for the password without echo while standard output is not a terminal; "
                        + "pipe the password in as one line of standard input instead");
            }
            return stdinLine("the password");
        }
        char[] first = console.readPassword("%s", prompt);
        if (first == null) {
            throw new CommandFailure("no password was given");
        }
        try {
            if (confirm) {
                char[] again = console.readPassword("%s", "Again, to be sure: ");
                try {
                    if (again == null || !Arrays.equals(first, again)) {
                        throw new CommandFailure("the two passwords differ; nothing was changed");
                    }
                } finally {
                    if (again != null) {
                        Arrays.fill(again, '\0');
                    }
                }
            }
            return new String(first);
        } finally {
            Arrays.fill(first, '\0');
        }
    }

    /** A line typed on the terminal (echoed); null when there is no terminal to ask on. */
    static String askIfTerminal(String prompt) {
        Console console = console();
        if (console == null) {
            return null;
        }
        String line = console.readLine("%s", prompt);
        return line == null ? null : line.strip();
    }

    /**
     * The console when standard input and output are both a terminal. Java 22 and later give a
     * console even when they are not; {@code isTerminal()} (Java 22) then says whether it is one.
     */
    private static Console console() {
        Console console = System.console();
        if (console == null) {
            return null;
        }
        try {
            Method isTerminal = Console.class.getMethod("isTerminal");
            return Boolean.TRUE.equals(isTerminal.invoke(console)) ? console : null;
        } catch (ReflectiveOperationException e) {
            return console; // Java 17 to 21: a console is a terminal
        }
    }

    /** Whether file descriptor 0 is a terminal (Linux; elsewhere it is taken as not one). */
    private static boolean stdinIsTerminal() {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/0")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return false;
        }
    }

    private static String stdinLine(String what) {
        String line;
        try {
            line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        } catch (IOException e) {
            throw new CommandFailure("cannot read " + what + " from standard input: " + e.getMessage());
        }
        if (line == null) {
            throw new CommandFailure("standard input is empty: give " + what + " as one line of it, or run the command in a terminal to be asked");
        }
        return line;
    }
}
