package io.logdump.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The random password of a fresh server's first admin: printed once on the console and kept in
 * {@code <dataDir>/initial-admin-password}, readable by its owner only, until it is changed.
 */
final class InitialAdminPassword {
    static final String FILE = "initial-admin-password";
    private static final Logger LOG = LoggerFactory.getLogger(InitialAdminPassword.class);
    private final Path file;

    InitialAdminPassword(Path dataDir) {
        this.file = dataDir.resolve(FILE);
    }

    void write(String password) {
        try {
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, password + "\n", StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        System.out.println();
        System.out.println("  A new Logdump: sign in as user 'admin' with the password " + password);
        System.out.println("  (kept in " + file + " until you change it; shown only this once)");
        System.out.println();
        System.out.flush();
    }

    void delete() {
        try {
            if (Files.deleteIfExists(file)) {
                LOG.info("the first admin's password was changed; {} is deleted", file);
            }
        } catch (IOException e) {
            LOG.warn("cannot delete {}: {}", file, e.toString());
        }
    }
}
