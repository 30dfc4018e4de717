package io.logdump.catalog.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An embedded (SQLite) metadata database of an install from before accounts, migrated when it opens. */
class MetadataMigrationTest {
    @TempDir
    Path dir;

    @Test
    void everyRowOfAnInstallFromBeforeAccountsLandsInTheDefaultAccount() {
        PreAccountsCatalog.create("jdbc:sqlite:" + dir.resolve("metadata.db"), "sqlite");

        Jdbi jdbi = MetadataDatabase.openEmbedded(dir);

        PreAccountsCatalog.assertAllInDefault(jdbi);
    }

    @Test
    void theRebuiltTablesForeignKeysNameTheRenamedTables() {
        PreAccountsCatalog.create("jdbc:sqlite:" + dir.resolve("metadata.db"), "sqlite");
        Jdbi jdbi = MetadataDatabase.openEmbedded(dir);

        List<Map<String, Object>> broken = jdbi.withHandle(h -> h.createQuery("PRAGMA foreign_key_check").mapToMap().list());
        assertThat(broken).isEmpty();
        assertThat(referenced(jdbi, "logsets")).containsExactly("accounts");
        assertThat(referenced(jdbi, "subjects")).containsExactly("logsets");
        assertThat(referenced(jdbi, "dump_tasks")).containsExactly("subjects");
        List<String> stale = jdbi.withHandle(h -> h.createQuery("SELECT name FROM sqlite_master WHERE sql LIKE '%\\_v6%' ESCAPE '\\'")
                .mapTo(String.class).list());
        assertThat(stale).as("no table or index still names a temporary table").isEmpty();
    }

    private static List<Object> referenced(Jdbi jdbi, String table) {
        return jdbi.withHandle(h -> h.createQuery("PRAGMA foreign_key_list(" + table + ")").mapToMap().list()).stream()
                .map(row -> row.get("table")).distinct().toList();
    }
}
