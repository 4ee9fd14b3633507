package io.poshub.common;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which watched files changed since they were last looked at, by modification time and size — what the
 * admin's edits of {@code routes/} and {@code mappings/} are noticed by.
 */
public final class WatchedFiles<K> {

    private record Stamp(FileTime modified, long size) {
    }

    private final Map<K, Stamp> seen = new ConcurrentHashMap<>();

    /** Whether the file is new or changed since the last call for its key; from now on it counts as seen. */
    public boolean changed(K key, Path file) throws IOException {
        Stamp now = new Stamp(Files.getLastModifiedTime(file), Files.size(file));
        return !now.equals(seen.put(key, now));
    }

    /** Forgets a file that is gone; answers whether it was known. */
    public boolean forget(K key) {
        return seen.remove(key) != null;
    }

    public Set<K> known() {
        return Set.copyOf(seen.keySet());
    }
}
