package com.zoomvconnect.cluster;

import com.zoomvconnect.testing.RedisServer;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;

/**
 * The three-process tests with the bus on Redis pub/sub (a redis-server the test starts) while the
 * data, placement and node locks stay in the shared PostgreSQL.
 */
class ThreeNodesOnRedisTest extends ThreeNodesTest {
    private RedisServer redis;

    @Override
    Map<String, String> clusterSettings() {
        if (redis == null) {
            redis = RedisServer.start();
        }
        return Map.of("backend", "redis", "redis.uri", redis.uri());
    }

    @Override
    @AfterAll
    void stop() {
        try {
            super.stop(); // the nodes first, so their buses do not see Redis vanish
        } finally {
            if (redis != null) {
                redis.close();
            }
        }
    }
}
