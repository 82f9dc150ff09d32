package com.zoomvconnect.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zoomvconnect.store.DatabaseConfig;
import com.zoomvconnect.testing.Ports;
import com.zoomvconnect.testing.TestAppliance;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A start that fails halfway stops, in reverse order, whatever it had started. */
class StartFailureTest {
    private static final String LOOPBACK = "127.0.0.1";

    @Test
    void aMediaPortInUseReleasesTheDatabase(@TempDir Path dir) throws Exception {
        try (var taken = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(LOOPBACK), 0))) {
            AppConfig base = TestAppliance.config(dir, DatabaseConfig.embedded(dir));
            var config = new AppConfig(base.dataDir(), base.server(), base.tls(), base.database(), base.auth(),
                    new AppConfig.Media(taken.getLocalPort(), List.of(), base.media().consentTimeout(), 25, 0), base.source());
            var e = assertThrows(BadConfigException.class, () -> Appliance.start(config));
            assertTrue(e.getMessage().startsWith("Cannot open the media port " + taken.getLocalPort()), e.getMessage());
        }
        assertEquals(1, sessionsOfTheDatabase(dir), "only this check's own connection: the pool was closed");
    }

    @Test
    void anAdminChannelThatCannotOpenStopsTheWebServerThatHadStarted(@TempDir Path dir) throws Exception {
        int httpsPort = Ports.free();
        // A directory where the channel's socket goes: the last part to start cannot open.
        Path socket = com.zoomvconnect.admin.AdminChannel.socketPath(dir);
        Files.createDirectories(socket.resolve("in-the-way"));
        AppConfig base = TestAppliance.config(dir, DatabaseConfig.embedded(dir));
        var config = new AppConfig(base.dataDir(), new AppConfig.Server(LOOPBACK, httpsPort, -1, "",
                base.server().shutdownGrace()), base.tls(), base.database(), base.auth(), base.media(), base.source());
        var e = assertThrows(BadConfigException.class, () -> Appliance.start(config));
        assertTrue(e.getMessage().startsWith("Cannot open the admin channel"), e.getMessage());
        try (var again = new ServerSocket(httpsPort, 50, InetAddress.getByName(LOOPBACK))) {
            assertEquals(httpsPort, again.getLocalPort(), "the HTTPS port is free again");
        }
        assertEquals(1, sessionsOfTheDatabase(dir));
    }

    @Test
    void closeStopsInTheReverseOrderOfTheStart() {
        var order = new java.util.ArrayList<String>();
        var started = new Started();
        started.onStop("database", () -> order.add("database"));
        started.onStop("media engine", () -> order.add("media engine"));
        started.onStop("web server", () -> {
            order.add("web server");
            throw new IllegalStateException("stuck");
        });
        started.onStop("admin channel", () -> order.add("admin channel"));
        var e = assertThrows(IllegalStateException.class, started::close);
        assertEquals("stuck", e.getMessage());
        assertEquals(List.of("admin channel", "web server", "media engine", "database"), order,
                "a part that fails to stop does not keep the others running");
    }

    /** Open sessions of the embedded database, counting the one this opens to ask. */
    private static int sessionsOfTheDatabase(Path dir) throws Exception {
        String url = DatabaseConfig.embedded(dir).url() + ";WRITE_DELAY=0;REUSE_SPACE=FALSE";
        try (var c = DriverManager.getConnection(url, "", "");
             var rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM INFORMATION_SCHEMA.SESSIONS")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
