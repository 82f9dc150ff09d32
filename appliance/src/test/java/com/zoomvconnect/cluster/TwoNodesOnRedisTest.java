package com.zoomvconnect.cluster;

import com.zoomvconnect.testing.LazyRedis;
import org.junit.jupiter.api.AfterAll;

/**
 * The two-node tests with the bus on Redis pub/sub (a redis-server the test starts) while the data
 * stays in the shared PostgreSQL: a meeting ended through one node ends the live room on the other.
 */
class TwoNodesOnRedisTest extends TwoNodesTest {
    private final LazyRedis redis = new LazyRedis();

    @Override
    ClusterConfig cluster(String nodeId) {
        return ClusterConfig.redis(nodeId, redis.uri(), BEAT, TIMEOUT);
    }

    @Override
    @AfterAll
    void stop() {
        redis.closeAfter(super::stop);
    }
}
