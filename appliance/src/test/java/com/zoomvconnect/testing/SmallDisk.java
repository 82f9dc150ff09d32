package com.zoomvconnect.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A small tmpfs a test mounts (it needs root, as CI has) to fill up and free again: the full-disk
 * tests of the databases. Closing unmounts it.
 */
public final class SmallDisk implements AutoCloseable {
    private final Path mount;

    private SmallDisk(Path mount) {
        this.mount = mount;
    }

    /** Mounts a tmpfs of {@code megabytes} that every user may write to (PostgreSQL runs as its own user). */
    public static SmallDisk mount(int megabytes) throws Exception {
        Path mount = Files.createTempDirectory("zvc-small-disk-");
        run("mount", "-t", "tmpfs", "-o", "size=" + megabytes + "m,mode=1777", "tmpfs", mount.toString());
        return new SmallDisk(mount);
    }

    public Path path() {
        return mount;
    }

    /** Writes a file until the file system is full; deleting it gives the space back. */
    public Path fill() throws IOException {
        Path filler = mount.resolve("filler");
        try (var out = Files.newOutputStream(filler)) {
            byte[] mb = new byte[1 << 20];
            while (true) {
                out.write(mb);
            }
        } catch (IOException full) {
            return filler; // the file system is full now
        }
    }

    @Override
    public void close() throws Exception {
        run("umount", "-l", mount.toString());
        Files.deleteIfExists(mount);
    }

    private static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + ": " + out);
        }
    }
}
