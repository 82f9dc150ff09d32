package com.zoomvconnect.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.util.stream.Stream;

/**
 * Files zvc-admin creates in the data directory as root must stay usable by the service user:
 * everything under it is given the directory's owner.
 */
final class Ownership {
    private Ownership() {
    }

    static void match(Path dataDir, Path under) {
        try {
            UserPrincipal owner = Files.getOwner(dataDir);
            try (Stream<Path> files = Files.walk(under)) {
                for (Path p : files.toList()) {
                    if (!Files.getOwner(p, java.nio.file.LinkOption.NOFOLLOW_LINKS).equals(owner)) {
                        Files.setOwner(p, owner);
                    }
                }
            }
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            // not root, or not POSIX: files are already the caller's, which is what runs the appliance
        }
    }
}
