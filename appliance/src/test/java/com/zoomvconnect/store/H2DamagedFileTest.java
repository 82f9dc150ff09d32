package com.zoomvconnect.store;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An embedded database file that cannot be opened stops the start with one message naming the file and the way back. */
class H2DamagedFileTest {
    @Test
    void aDamagedFileIsNamedWithTheBackupToRestoreAndLeftAsItWas(@TempDir Path dir) throws Exception {
        DatabaseConfig config = DatabaseConfig.embedded(dir);
        try (Database db = Database.open(config)) {
            db.jdbi().useHandle(h -> h.execute("INSERT INTO settings (name, setting_value, updated_at) VALUES ('k', 'v', CURRENT_TIMESTAMP)"));
        }
        Path file = dir.resolve("db").resolve("zoomvconnect.mv.db");
        Path saved = dir.resolve("db").resolve("zoomvconnect.before-v9.zip");
        Files.write(saved, new byte[] {1});
        // A disk or copy that went wrong: the header and the first chunk overwritten with garbage.
        byte[] garbage = new byte[16_384];
        Arrays.fill(garbage, (byte) 0x5a);
        try (var ch = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.wrap(garbage), 0);
        }
        byte[] before = Files.readAllBytes(file);

        var e = assertThrows(StoreException.class, () -> Database.open(config));
        String m = e.getMessage();
        assertTrue(m.contains(file.toString()), "names the file: " + m);
        assertTrue(m.contains("zvc-admin restore"), "says how to restore a backup: " + m);
        assertTrue(m.contains(saved.toString()), "names the copy saved before the last upgrade: " + m);
        assertTrue(Arrays.equals(before, Files.readAllBytes(file)), "the damaged file is left as it was, for recovery");
    }
}
