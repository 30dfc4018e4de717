package io.logdump.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The tokens {@code logdump login} stored, one per server: {@code credentials.json}, a JSON object
 * from a server's base URL (as given to {@code --server}, without a trailing slash) to
 * {@code {"token", "id", "user", "createdAt"}} ({@code id} is the token's id on the server, for
 * {@code logout}; {@code user} whom it acts for).
 *
 * <p>The folder is {@code $XDG_CONFIG_HOME/logdump}, else {@code ~/.config/logdump}. The system
 * property {@value #FOLDER_PROPERTY} replaces it: for tests, which run the commands in-process
 * and cannot set environment variables, and for packagings that keep configuration elsewhere
 * ({@code java -Dlogdump.configDir=... -jar logdump.jar}). The folder is created with mode 0700
 * and the file is written with mode 0600 (where the file system has POSIX permissions), into a
 * temporary file first and moved over the old one, so a reader never sees half a file. Two
 * logins at the same moment: the last one written wins. Not thread-safe.
 */
final class CredentialsFile {
    /** The system property that names the folder of {@code credentials.json} instead of the default. */
    static final String FOLDER_PROPERTY = "logdump.configDir";
    static final String FILE_NAME = "credentials.json";
    private static final Set<PosixFilePermission> FOLDER_MODE = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> FILE_MODE = PosixFilePermissions.fromString("rw-------");

    /** A stored token; {@link #toString()} never shows it. */
    record Entry(String token, String id, String user, Instant createdAt) {
        @Override
        public String toString() {
            return "Entry[id=" + id + ", user=" + user + ", createdAt=" + createdAt + "]";
        }
    }

    private final Path file;

    CredentialsFile(Path file) {
        this.file = file;
    }

    /** The file in the folder {@link #folder} names for this process. */
    static CredentialsFile standard() {
        return new CredentialsFile(folder(System.getProperty(FOLDER_PROPERTY), System.getenv(), System.getProperty("user.home"))
                .resolve(FILE_NAME));
    }

    /**
     * The folder of the credentials file: {@code override} (the system property) when given, else
     * {@code $XDG_CONFIG_HOME/logdump} when that is an absolute path (the XDG rule), else
     * {@code ~/.config/logdump}, where {@code ~} is {@code $HOME} as for any other command (Java's
     * {@code user.home}, {@code userHome}, comes from the password database and ignores it) and
     * {@code userHome} only when {@code $HOME} is unset.
     */
    static Path folder(String override, Map<String, String> environment, String userHome) {
        if (override != null && !override.isBlank()) {
            return Path.of(override);
        }
        String xdg = environment.get("XDG_CONFIG_HOME");
        if (absolute(xdg)) {
            return Path.of(xdg, "logdump");
        }
        String home = environment.get("HOME");
        return Path.of(absolute(home) ? home : userHome, ".config", "logdump");
    }

    private static boolean absolute(String path) {
        try {
            return path != null && !path.isBlank() && Path.of(path).isAbsolute();
        } catch (java.nio.file.InvalidPathException e) {
            return false;
        }
    }

    Path path() {
        return file;
    }

    /** The token stored for {@code server}; empty when there is none (no file, no entry, or an entry without a token). */
    Optional<Entry> get(String server) {
        JsonNode entry = read().get(server);
        String token = entry == null || !entry.isObject() ? "" : entry.path("token").asText("");
        if (token.isEmpty()) {
            return Optional.empty();
        }
        Instant created = null;
        try {
            created = entry.hasNonNull("createdAt") ? Instant.parse(entry.get("createdAt").asText()) : null;
        } catch (DateTimeParseException e) {
            // shown as unknown
        }
        return Optional.of(new Entry(token, entry.path("id").asText(null), entry.path("user").asText(null), created));
    }

    /** Stores {@code entry} for {@code server}, replacing what was stored for it; the other servers' entries stay. */
    void put(String server, Entry entry) {
        ObjectNode all = read();
        ObjectNode stored = all.putObject(server).put("token", entry.token()).put("id", entry.id()).put("user", entry.user());
        stored.put("createdAt", entry.createdAt() == null ? null : entry.createdAt().toString());
        write(all);
    }

    /** Removes the entry of {@code server}; whether there was one. */
    boolean remove(String server) {
        ObjectNode all = read();
        if (all.remove(server) == null) {
            return false;
        }
        write(all);
        return true;
    }

    private ObjectNode read() {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Client.object();
        } catch (IOException e) {
            throw new CommandFailure("cannot read " + file + ": " + reason(e));
        }
        try {
            JsonNode node = Client.JSON.readTree(text);
            if (node == null || node.isMissingNode()) {
                return Client.object();
            }
            if (!node.isObject()) {
                throw new CommandFailure(file + " must hold a JSON object from server URL to token; remove it and run logdump login again");
            }
            return (ObjectNode) node;
        } catch (JsonProcessingException e) {
            throw new CommandFailure(file + " is not valid JSON; remove it and run logdump login again");
        }
    }

    /** Why a file operation failed, without repeating the path (which is all many of them say). */
    private static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileSystemException f) {
            return f.getReason() != null ? f.getReason() : f.getClass().getSimpleName();
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    private void write(ObjectNode all) {
        Path folder = file.toAbsolutePath().getParent();
        boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
        Path temporary = null;
        try {
            if (!Files.isDirectory(folder)) {
                Files.createDirectories(folder, posix ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(FOLDER_MODE)}
                        : new FileAttribute<?>[0]);
                if (posix) {
                    Files.setPosixFilePermissions(folder, FOLDER_MODE);
                }
            }
            temporary = posix ? Files.createTempFile(folder, FILE_NAME, ".tmp", PosixFilePermissions.asFileAttribute(FILE_MODE))
                    : Files.createTempFile(folder, FILE_NAME, ".tmp");
            Files.writeString(temporary, Client.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(all) + "\n",
                    StandardCharsets.UTF_8);
            try {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
            }
            temporary = null;
        } catch (IOException e) {
            throw new CommandFailure("cannot write " + file + ": " + reason(e));
        } finally {
            if (temporary != null) {
                try {
                    Files.deleteIfExists(temporary);
                } catch (IOException e) {
                    // the failure above is the one to report
                }
            }
        }
    }
}
