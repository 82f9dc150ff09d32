package com.zoomvconnect.cluster;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zoomvconnect.testing.Ports;
import com.zoomvconnect.testing.RedisServer;
import java.io.IOException;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** The bus contract on Redis pub/sub (Debian's redis-server, started by the test), and a Redis that is not there at start. */
class RedisEventBusTest extends ClusterEventBusContractTest {
    private RedisServer server;

    @Override
    void startEngine() {
        server = RedisServer.start();
    }

    @Override
    ClusterEventBus startBus(String nodeId, ClusterEvents events, BooleanSupplier insideTransaction) {
        return RedisEventBus.start(server.uri(), nodeId, events, insideTransaction);
    }

    @Override
    void stopEngine() {
        server.stopServer();
    }

    @Override
    void restartEngine() {
        server.startServer();
    }

    @Override
    void closeEngine() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aRedisThatIsNotThereAtStartIsAClearErrorWithoutThePassword() throws IOException {
        int port = Ports.free(); // nothing listens there
        String uri = "redis://:s3cret@127.0.0.1:" + port;
        var e = assertThrows(IllegalStateException.class, () -> RedisEventBus.start(uri, "c", events(), () -> false));
        assertTrue(e.getMessage().startsWith("Cannot subscribe on Redis at redis://:***@127.0.0.1:" + port + " for the cluster bus: "),
                e.getMessage());
        assertTrue(e.getMessage().contains("Connection refused"), e.getMessage());
        assertFalse(e.getMessage().contains("s3cret"), e.getMessage());
    }

    @Test
    void aPasswordRedisRefusesIsAClearStartupError() {
        String uri = server.uri().replace("redis://", "redis://:s3cret@"); // this server has no password set
        var e = assertThrows(IllegalStateException.class, () -> RedisEventBus.start(uri, "c", events(), () -> false));
        assertTrue(e.getMessage().contains("AUTH"), e.getMessage());
        assertFalse(e.getMessage().contains("s3cret"), e.getMessage());
    }

    @Test
    void aUriThatIsNotRedisIsRefusedBeforeAnyConnection() {
        var e = assertThrows(IllegalArgumentException.class, () -> RedisEventBus.start("http://127.0.0.1:6379", "c", events(), () -> false));
        assertTrue(e.getMessage().contains("must start with redis:// or rediss://"), e.getMessage());
    }
}
