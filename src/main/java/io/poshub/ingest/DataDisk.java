package io.poshub.ingest;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.poshub.PoshubProperties;
import io.poshub.alert.Alert;
import io.poshub.alert.Alerts;
import io.poshub.common.DomainException;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The free space of the folders the hub writes files to: the data dir (inbox, archive, error, SFTP downloads, the
 * embedded database) and every folder feed's folder. Shown in {@code /actuator/health} ({@code dataDisk}) and as the
 * gauge {@code poshub.disk.free.bytes{folder}}. Below {@code poshub.disk.min-free} on any of them uploads are refused
 * with 507, feeds pause taking files (a poll is skipped, so no file is half moved or half downloaded), and the alert
 * {@code DISK_LOW} is raised — once, and {@code DISK_RESTORED} once when there is room again. The till API goes on.
 */
@Component("dataDiskHealthIndicator")
class DataDisk implements HealthIndicator {

    private static final Logger log = LoggerFactory.getLogger(DataDisk.class);

    /** One watched folder as last measured. */
    record Folder(Path path, long freeBytes, long totalBytes) {
    }

    private final PoshubProperties properties;
    private final DiskProperties disk;
    private final Feeds feeds;
    private final FeedSourceStatus sources;
    private final Alerts alerts;
    private final MeterRegistry meters;
    private final Clock clock;
    private final Map<Path, AtomicLong> gauges = new ConcurrentHashMap<>();
    private volatile List<Folder> folders = List.of();
    private volatile Folder low;

    DataDisk(PoshubProperties properties, DiskProperties disk, Feeds feeds, FeedSourceStatus sources, Alerts alerts,
             MeterRegistry meters, Clock clock) {
        this.properties = properties;
        this.disk = disk;
        this.feeds = feeds;
        this.sources = sources;
        this.alerts = alerts;
        this.meters = meters;
        this.clock = clock;
    }

    /** Measures every folder, and acts on crossing the threshold either way. */
    @Scheduled(fixedDelayString = "${poshub.disk.check-interval:10s}")
    void check() {
        List<Folder> measured = new ArrayList<>();
        for (Path path : watched()) {
            measure(path).ifPresent(measured::add);
        }
        folders = List.copyOf(measured);
        measured.forEach(f -> gauges.computeIfAbsent(f.path(), p -> {
            AtomicLong free = new AtomicLong();
            Gauge.builder("poshub.disk.free.bytes", free, AtomicLong::get).tag("folder", p.toString())
                    .description("Free bytes on the file system of a folder the hub writes files to").baseUnit("bytes")
                    .register(meters);
            return free;
        }).set(f.freeBytes()));
        Folder lowest = measured.stream().filter(f -> f.freeBytes() < disk.minFree().toBytes())
                .min((a, b) -> Long.compare(a.freeBytes(), b.freeBytes())).orElse(null);
        if (lowest != null && low == null) {
            alerts.raise(new Alert(Alert.Type.DISK_LOW, null, null, null, null, lowest.path().toString(),
                    "Only " + mb(lowest.freeBytes()) + " MB free for " + lowest.path() + " (poshub.disk.min-free " + mb(disk.minFree().toBytes())
                            + " MB): uploads are refused and feeds take no files until there is room", clock.instant()));
            log.warn("Disk low: {} MB free for {}; uploads refused and feeds paused until there is room", mb(lowest.freeBytes()), lowest.path());
            sources.pause("only " + mb(lowest.freeBytes()) + " MB free for " + lowest.path());
        } else if (lowest == null && low != null) {
            alerts.raise(new Alert(Alert.Type.DISK_RESTORED, null, null, null, null, low.path().toString(),
                    "Room again for " + low.path() + ": uploads and feeds go on", clock.instant()));
            log.info("Disk has room again for {}: uploads and feeds go on", low.path());
            sources.resume();
        }
        low = lowest;
    }

    /** Refuses a file the hub would write while a data folder is low. */
    void requireRoom() {
        Folder short_ = low;
        if (short_ != null) {
            throw new DomainException(DomainException.Kind.NO_ROOM, "Disk low", "DISK_LOW",
                    "Only " + mb(short_.freeBytes()) + " MB are free for the hub's data; files are refused until an operator makes room "
                            + "(poshub.disk.min-free " + mb(disk.minFree().toBytes()) + " MB).", null);
        }
    }

    @Override
    public Health health() {
        Folder short_ = low;
        return Health.up()
                .withDetail("minFreeBytes", disk.minFree().toBytes())
                .withDetail("low", short_ != null)
                .withDetail("folders", folders.stream().map(f -> Map.of("path", f.path().toString(), "freeBytes", f.freeBytes(),
                        "totalBytes", f.totalBytes())).toList())
                .build();
    }

    private Set<Path> watched() {
        Set<Path> paths = new LinkedHashSet<>();
        paths.add(properties.dataDir().toAbsolutePath().normalize());
        for (Feeds.Feed feed : feeds.all()) {
            feed.folder().ifPresent(folder -> paths.add(folder.toAbsolutePath().normalize()));
        }
        return paths;
    }

    /** A folder's free space, measured at the nearest folder that exists (a feed's inbox may not yet). */
    private static Optional<Folder> measure(Path path) {
        Path existing = path;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return Optional.empty();
        }
        try {
            FileStore store = Files.getFileStore(existing);
            return Optional.of(new Folder(path, store.getUsableSpace(), store.getTotalSpace()));
        } catch (IOException e) {
            log.debug("cannot measure the free space of {}", path, e);
            return Optional.empty();
        }
    }

    private static long mb(long bytes) {
        return bytes / (1024 * 1024);
    }
}
