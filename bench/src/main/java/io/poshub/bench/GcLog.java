package io.poshub.bench;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads what a JVM's {@code -Xlog:gc,gc+heap,gc+init} log says of its heap: the heap in use as each collection began,
 * and the old generation after the collections that clean it — G1's mixed and full ones, the others' full ones (G1:
 * old and humongous regions times the region size; Parallel and Serial: their old generation's size). When none ran,
 * the old generation after the last collection.
 */
final class GcLog {

    private static final Pattern PAUSE = Pattern.compile("GC\\((\\d+)\\) Pause (.*) (\\d+)M->(\\d+)M\\((\\d+)M\\)");
    private static final Pattern REGION_SIZE = Pattern.compile("Heap Region Size: (\\d+)M");
    private static final Pattern G1_OLD = Pattern.compile("GC\\((\\d+)\\) (Old|Humongous) regions: \\d+->(\\d+)");
    private static final Pattern OTHER_OLD = Pattern.compile("GC\\((\\d+)\\) (?:ParOldGen|Tenured): \\d+K\\(\\d+K\\)->(\\d+)K");
    private static final long MB = 1024 * 1024;

    private GcLog() {
    }

    /** The heap as the log tells it from byte {@code from} on; the region size is read from the whole log. */
    static Hub.Heap heap(Path log, long from) throws IOException {
        long regionMb = 1;
        long peak = 0;
        long oldAfterCleaning = -1;
        long oldAfterLast = 0;
        long gcOfOld = -1;
        long old = 0;
        long offset = 0;
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
            String raw;
            while ((raw = file.readLine()) != null) {
                String line = new String(raw.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
                boolean counted = offset >= from;
                offset = file.getFilePointer();
                Matcher m;
                if ((m = REGION_SIZE.matcher(line)).find()) {
                    regionMb = Long.parseLong(m.group(1));
                } else if (!counted) {
                    continue;
                } else if ((m = G1_OLD.matcher(line)).find()) {
                    long gc = Long.parseLong(m.group(1));
                    old = (gc == gcOfOld ? old : 0) + Long.parseLong(m.group(3)) * regionMb * MB;
                    gcOfOld = gc;
                } else if ((m = OTHER_OLD.matcher(line)).find()) {
                    gcOfOld = Long.parseLong(m.group(1));
                    old = Long.parseLong(m.group(2)) * 1024;
                } else if ((m = PAUSE.matcher(line)).find()) {
                    peak = Math.max(peak, Long.parseLong(m.group(3)) * MB);
                    if (Long.parseLong(m.group(1)) == gcOfOld) {
                        oldAfterLast = old;
                        String kind = m.group(2);
                        if (kind.startsWith("Full") || kind.contains("(Mixed)")) {
                            oldAfterCleaning = Math.max(oldAfterCleaning, old);
                        }
                    }
                }
            }
        }
        return new Hub.Heap(peak, oldAfterCleaning >= 0 ? oldAfterCleaning : oldAfterLast);
    }
}
