package com.zoomvconnect.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * What another JVM holds, seen from outside: its heap after a full GC ({@code jcmd <pid> GC.run},
 * then {@code GC.heap_info}), and its resident memory, threads and open file descriptors from
 * {@code /proc/<pid>}. Threads are the kernel's count: every thread of the JVM, its own (GC,
 * compiler) included.
 */
public record ProcessUse(double heapAfterGcMb, double rssMb, int threads, int fds) {
    /** {@code garbage-first heap   total reserved 6172672K, committed 110592K, used 34816K [...]}: the heap's line. */
    private static final Pattern HEAP_USED = Pattern.compile("heap\\s+total[^\\n]*?used (\\d+)K");

    /** Runs a full GC in process {@code pid}, then measures it. */
    public static ProcessUse of(long pid) {
        jcmd(pid, "GC.run");
        var used = HEAP_USED.matcher(jcmd(pid, "GC.heap_info"));
        if (!used.find()) {
            throw new IllegalStateException("no heap line in jcmd " + pid + " GC.heap_info");
        }
        double rss = 0;
        int threads = 0;
        Path proc = Path.of("/proc", Long.toString(pid));
        try {
            for (String line : Files.readAllLines(proc.resolve("status"))) {
                if (line.startsWith("VmRSS:")) {
                    rss = Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                } else if (line.startsWith("Threads:")) {
                    threads = Integer.parseInt(line.replaceAll("[^0-9]", ""));
                }
            }
            try (var fd = Files.list(proc.resolve("fd"))) {
                return new ProcessUse(Long.parseLong(used.group(1)) / 1024.0, rss, threads, (int) fd.count());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("process " + pid + " is gone", e);
        }
    }

    /** The JDK's {@code jcmd} (beside the running {@code java}): runs {@code command} in process {@code pid}, returns its output. */
    private static String jcmd(long pid, String command) {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        try {
            Process p = new ProcessBuilder(List.of(jcmd.toString(), Long.toString(pid), command)).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("jcmd " + pid + " " + command + " failed: " + out);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("no jcmd at " + jcmd, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during jcmd " + command, e);
        }
    }
}
