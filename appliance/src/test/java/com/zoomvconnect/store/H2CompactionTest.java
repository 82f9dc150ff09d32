package com.zoomvconnect.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Embedded H2 appends every commit (no space reuse, for crash recovery); each open compacts the file again. */
class H2CompactionTest {
    @Test
    void theFileGrownByAppendedCommitsIsCompactedAtTheNextOpen(@TempDir Path dir) throws Exception {
        DatabaseConfig config = DatabaseConfig.embedded(dir);
        try (Database db = Database.open(config)) {
            db.jdbi().useHandle(h -> h.execute("CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(40))"));
            for (int i = 0; i < 1000; i++) {
                int n = i;
                db.jdbi().useTransaction(h -> h.execute("MERGE INTO t KEY(id) VALUES (?, ?)", n % 20, "value " + n));
            }
        }
        Path file = dir.resolve("db").resolve("zoomvconnect.mv.db");
        long grown = Files.size(file);
        assertTrue(grown > 2_000_000, "1,000 appended commits leave a large file: " + grown);

        try (Database db = Database.open(config)) {
            long compacted = Files.size(file);
            assertTrue(compacted < grown / 10, "compacted at open: " + grown + " -> " + compacted);
            int rows = db.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM t").mapTo(Integer.class).one());
            assertEquals(20, rows);
            assertEquals("value 999", db.jdbi().withHandle(h -> h.createQuery("SELECT v FROM t WHERE id = 19")
                    .mapTo(String.class).one()));
        }
    }
}
