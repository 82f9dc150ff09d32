package com.zoomvconnect.testing.browser;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A browser process with its own temporary profile: started, its remote-protocol WebSocket
 * URL read from the line of stderr that announces it, and killed (with its children) at close.
 */
final class BrowserProcess implements AutoCloseable {
    private final Process process;
    private final Path profile;
    private final String wsUrl;

    private BrowserProcess(Process process, Path profile, String wsUrl) {
        this.process = process;
        this.profile = profile;
        this.wsUrl = wsUrl;
        Runtime.getRuntime().addShutdownHook(new Thread(this::close)); // killed, and its profile removed, if still there
    }

    /** The browser's own process (its renderers, GPU and utility processes are its descendants). */
    ProcessHandle handle() {
        return process.toHandle();
    }

    /** Starts {@code command} and waits until a stderr line containing {@code marker} names a ws:// URL. */
    static BrowserProcess start(List<String> command, Path profile, String marker, String name) {
        return start(command, Map.of(), profile, marker, name);
    }

    /** As {@link #start(List, Path, String, String)}, with {@code env} added to the environment. */
    static BrowserProcess start(List<String> command, Map<String, String> env, Path profile, String marker, String name) {
        try {
            var builder = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD);
            builder.environment().putAll(env);
            Process p = builder.start();
            var url = new CompletableFuture<String>();
            var lines = new ArrayList<String>();
            Thread.ofVirtual().start(() -> {
                try (var r = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = r.readLine()) != null) {
                        synchronized (lines) {
                            if (lines.size() < 300) {
                                lines.add(line);
                            }
                        }
                        int i = line.indexOf("ws://");
                        if (line.contains(marker) && i >= 0) {
                            url.complete(line.substring(i).trim());
                        }
                    }
                } catch (IOException e) {
                    // the process ended
                }
                url.completeExceptionally(new IllegalStateException(name + " exited: " + lines));
            });
            try {
                return new BrowserProcess(p, profile, url.get(60, TimeUnit.SECONDS));
            } catch (Exception e) {
                p.destroyForcibly();
                throw new IllegalStateException(name + " did not start: " + lines, e);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot launch " + name + ": " + e.getMessage(), e);
        }
    }

    String wsUrl() {
        return wsUrl;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    private void kill() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    @Override
    public void close() {
        kill();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> walk = Files.walk(profile)) {
            walk.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // best effort
        }
    }
}
