package io.logdump.testutil;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The fenced blocks of the repository's README.md, as a new user would paste them. A block is left
 * out of the README's test only when the line right before its fence is
 * {@code <!-- readme-test: skip (reason) -->}.
 */
public final class Readme {
    public static final Path PATH = Path.of("README.md");
    public static final Set<String> SHELLS = Set.of("sh", "bash", "shell");
    private static final Pattern SKIP = Pattern.compile("\\s*<!--\\s*readme-test:\\s*skip\\s*\\((.+)\\)\\s*-->\\s*");
    private static final Pattern FENCE = Pattern.compile("```\\s*([\\w-]*)\\s*");

    private Readme() {}

    /**
     * A fenced block: the line of its opening fence, its language, its text, why the test leaves it
     * out (null when it runs), and the lines right after its closing fence up to the next blank
     * line (the Markdown table of the rows a query gives, for example).
     */
    public record Block(int line, String lang, String text, String skip, List<String> after) {
        public boolean isShell() {
            return SHELLS.contains(lang);
        }

        @Override
        public String toString() {
            return "README.md line " + line + " (" + lang + ")";
        }
    }

    /** The blocks of README.md, in order. */
    public static List<Block> blocks() throws IOException {
        return blocks(Files.readString(PATH, StandardCharsets.UTF_8));
    }

    /** The fenced blocks of a Markdown text, each with the skip marker right before it, if any. */
    public static List<Block> blocks(String markdown) {
        List<String> lines = markdown.lines().toList();
        List<Block> blocks = new ArrayList<>();
        String previous = "";
        for (int i = 0; i < lines.size(); i++) {
            Matcher fence = FENCE.matcher(lines.get(i));
            if (!fence.matches()) {
                if (SKIP.matcher(previous).matches() && !lines.get(i).isBlank()) {
                    throw new IllegalArgumentException("README.md line " + (i + 1)
                            + ": a readme-test marker must stand right before a fence, not before this line");
                }
                if (!lines.get(i).isBlank()) {
                    previous = lines.get(i);
                }
                continue;
            }
            Matcher skip = SKIP.matcher(previous);
            int start = i;
            StringBuilder text = new StringBuilder();
            for (i++; i < lines.size() && !lines.get(i).strip().equals("```"); i++) {
                text.append(lines.get(i)).append('\n');
            }
            List<String> after = new ArrayList<>();
            int j = i + 1;
            while (j < lines.size() && lines.get(j).isBlank()) {
                j++;
            }
            for (; j < lines.size() && !lines.get(j).isBlank(); j++) {
                after.add(lines.get(j));
            }
            blocks.add(new Block(start + 1, fence.group(1), text.toString(), skip.matches() ? skip.group(1) : null, after));
            previous = "";
        }
        return blocks;
    }
}
