package io.poshub.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Where a process's CPU goes, by kind of thread: the JIT's compilers, the garbage collector, and the work itself. Read
 * from Linux's {@code /proc/<pid>/task/<tid>/stat} (user and system time, in the kernel's 100 Hz ticks) and grouped by
 * the thread's name; elsewhere, or for a process that is gone, empty. A cold hub pays its JIT on the first big file:
 * this is what tells that from the booking's own cost.
 */
record ThreadCpu(Map<String, Long> ticks) {

    private static final long TICKS_PER_SECOND = 100;

    /** Thread kinds in the order reported; a thread goes to the first whose test its name passes. */
    private static final List<Map.Entry<String, Predicate<String>>> KINDS = List.of(
            Map.entry("jit", name -> name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler")),
            Map.entry("gc", name -> name.startsWith("GC Thread") || name.startsWith("G1 ") || name.equals("VM Thread")),
            Map.entry("booking", name -> name.startsWith("Camel")),
            Map.entry("parsing", name -> name.startsWith("poshub-read")),
            Map.entry("other", name -> true));

    /** The process's threads' CPU so far, by kind (empty where /proc cannot be read). */
    static ThreadCpu of(long pid) {
        Map<String, Long> ticks = new LinkedHashMap<>();
        KINDS.forEach(kind -> ticks.put(kind.getKey(), 0L));
        Path tasks = Path.of("/proc", Long.toString(pid), "task");
        if (!Files.isDirectory(tasks)) {
            return new ThreadCpu(Map.of());
        }
        try (Stream<Path> threads = Files.list(tasks)) {
            threads.forEach(thread -> {
                try {
                    String name = Files.readString(thread.resolve("comm")).strip();
                    String stat = Files.readString(thread.resolve("stat"));
                    // Fields after the name's closing parenthesis: state is the 3rd field, utime the 14th, stime the 15th.
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    long used = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                    String kind = KINDS.stream().filter(k -> k.getValue().test(name)).findFirst().orElseThrow().getKey();
                    ticks.merge(kind, used, Long::sum);
                } catch (IOException | RuntimeException gone) {
                    // A thread that ended between the listing and the read: its time is no longer the process's to show.
                }
            });
        } catch (IOException gone) {
            return new ThreadCpu(Map.of());
        }
        return new ThreadCpu(ticks);
    }

    /**
     * Seconds per kind between an earlier reading and this one, and {@code ended}: the process's CPU in that time
     * ({@code total}) less the kinds' — threads that ended before this reading, such as a file's parsing thread, whose
     * time /proc no longer shows per thread. Empty when either reading is.
     */
    Map<String, Double> since(ThreadCpu earlier, double total) {
        Map<String, Double> seconds = new LinkedHashMap<>();
        if (ticks.isEmpty() || earlier.ticks.isEmpty()) {
            return seconds;
        }
        long counted = 0;
        for (Map.Entry<String, Long> kind : ticks.entrySet()) {
            long used = kind.getValue() - earlier.ticks.getOrDefault(kind.getKey(), 0L);
            counted += used;
            seconds.put(kind.getKey(), Bench.round((double) used / TICKS_PER_SECOND));
        }
        seconds.put("ended", Bench.round(Math.max(0, total - (double) counted / TICKS_PER_SECOND)));
        return seconds;
    }
}
