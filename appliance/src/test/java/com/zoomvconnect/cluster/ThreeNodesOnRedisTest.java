package com.zoomvconnect.cluster;

import com.zoomvconnect.testing.LazyRedis;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;

/**
 * The three-process tests with the bus on Redis pub/sub (a redis-server the test starts) while the
 * data, placement and node locks stay in the shared PostgreSQL.
 */
class ThreeNodesOnRedisTest extends ThreeNodesTest {
    private final LazyRedis redis = new LazyRedis();

    @Override
    Map<String, String> clusterSettings() {
        return Map.of("backend", "redis", "redis.uri", redis.uri());
    }

    @Override
    @AfterAll
    void stop() {
        redis.closeAfter(super::stop);
    }

    /**
     * Not a test here (no {@code @Test} on the override): the browsers' join is placement in
     * PostgreSQL, which {@link ThreeNodesTest} proves; the Redis bus carries no part of it.
     */
    @Override
    void browsersJoiningThroughNodes1And3DecodeEachOtherInTheRoomOnNode2() {
    }
}
