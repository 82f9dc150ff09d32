package com.zoomvconnect.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.zoomvconnect.loadgen.SignalClient;
import com.zoomvconnect.store.DatabaseConfig;
import com.zoomvconnect.testing.NodeProcess;
import com.zoomvconnect.testing.PostgresServer;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * A bounded load across three appliance processes on loopback (docs/performance.md, "Cluster"):
 * guests join meetings spread over the nodes, all through node 1 (grant on node 1, signaling on the
 * meeting's node), {@code zvc.clients} of them with {@code zvc.concurrency} joining at once; then the
 * node hosting the most is killed with SIGKILL and its guests rejoin as the web client does. Prints
 * joins per second and the time from the kill until every guest of the killed node is welcomed again.
 * On demand, not in the default suite:
 *
 * <pre>flock /tmp/heavy.lock ./mvnw -o test -pl appliance -am -Dsurefire.failIfNoSpecifiedTests=false -Dtest=ThreeNodesBenchmark [-Dzvc.clients=150]</pre>
 */
class ThreeNodesBenchmark {
    private static final int CLIENTS = Integer.getInteger("zvc.clients", 150);
    private static final int CONCURRENCY = Integer.getInteger("zvc.concurrency", 16);
    private static final int MEETINGS = 15;

    @Test
    void joinsPerSecondAndFailoverOfAThirdOfTheParticipants() throws Exception {
        DatabaseConfig db = PostgresServer.shared().newDatabase();
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        List<NodeProcess> nodes = new ArrayList<>();
        List<SignalClient> clients = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(CONCURRENCY);
        try {
            for (int i = 1; i <= 3; i++) {
                nodes.add(NodeProcess.start("node" + i, db, key, Map.of(), List.of("-Xmx512m")));
            }
            for (NodeProcess n : nodes) {
                n.awaitReady(Duration.ofSeconds(240));
            }
            NodeProcess entry = nodes.getFirst();
            var r = entry.api().post("/api/v1/auth/register", null, Map.of("email", "host@example.com", "password", "password1",
                    "displayName", "Host"));
            String token = r.json().path("accessToken").asText();
            List<String> codes = new ArrayList<>();
            for (int i = 0; i < MEETINGS; i++) {
                codes.add(entry.api().post("/api/v1/meetings", token, Map.of("title", "Load " + i, "allowGuests", true))
                        .json().path("code").asText());
            }
            List<Callable<SignalClient>> joins = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                String code = codes.get(i % MEETINGS);
                String name = "g" + i;
                joins.add(() -> welcomed(SignalClient.connect(entry.base(), code, name, null)));
            }
            long start = System.nanoTime();
            for (Future<SignalClient> f : pool.invokeAll(joins)) {
                clients.add(f.get());
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            var perNode = new java.util.TreeMap<String, Integer>();
            for (SignalClient c : clients) {
                perNode.merge(c.url(), 1, Integer::sum);
            }
            System.out.printf("cluster joins: %d guests in %d meetings through node 1, %d at once: %.1f s, %.1f joins/s; per node %s "
                    + "(load %s)%n", CLIENTS, MEETINGS, CONCURRENCY, seconds, CLIENTS / seconds, perNode.values(), load());

            String busiest = perNode.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
            NodeProcess victim = nodes.stream().filter(n -> busiest.contains(":" + n.httpsPort() + "/")).findFirst().orElseThrow();
            NodeProcess asked = nodes.stream().filter(n -> n != victim).findFirst().orElseThrow();
            List<Callable<SignalClient>> rejoins = new ArrayList<>();
            for (SignalClient c : List.copyOf(clients)) {
                if (c.url().equals(busiest)) {
                    String code = codes.get(clients.indexOf(c) % MEETINGS);
                    rejoins.add(() -> ClientRejoin.rejoin(c, () -> welcomed(SignalClient.connect(asked.base(), code, "again", null))));
                }
            }
            long killed = System.nanoTime();
            victim.kill();
            ExecutorService all = Executors.newFixedThreadPool(rejoins.size()); // each client rejoins on its own, as browsers do
            List<SignalClient> back = new ArrayList<>();
            for (Future<SignalClient> f : all.invokeAll(rejoins)) {
                back.add(f.get());
            }
            all.shutdown();
            clients.addAll(back);
            long ms = (System.nanoTime() - killed) / 1_000_000;
            System.out.printf("cluster failover: SIGKILL of %s with %d guests -> all welcomed again on the others after %d ms (load %s)%n",
                    victim.nodeId(), back.size(), ms, load());
            assertEquals(rejoins.size(), back.stream().filter(c -> !c.url().equals(busiest)).count());
        } finally {
            pool.shutdownNow();
            for (SignalClient c : clients) {
                try {
                    c.close();
                } catch (RuntimeException e) {
                    // its node is gone
                }
            }
            nodes.forEach(NodeProcess::close);
        }
    }

    private static SignalClient welcomed(SignalClient c) {
        c.expect("welcome", Duration.ofSeconds(30));
        return c;
    }

    private static String load() throws java.io.IOException {
        return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim();
    }
}
