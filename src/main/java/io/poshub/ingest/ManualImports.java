package io.poshub.ingest;

import io.poshub.common.Conflict;
import io.poshub.common.Hashes;
import io.poshub.common.Names;
import io.poshub.common.NotFound;
import io.poshub.common.ReadAhead;
import io.poshub.csv.ByteSource;
import io.poshub.mapping.Mapping;
import io.poshub.mapping.MappingRepository;
import io.poshub.sale.BookingOutcome;
import io.poshub.sale.Reject;
import io.poshub.sale.SaleBooker;
import io.poshub.sale.Ticket;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Service;

/**
 * What an admin does by hand with files: upload one to a feed (the same pipeline as a drop), preview what a
 * file would do (nothing written anywhere), and reprocess an archived file past the file-level check.
 */
@Service
public class ManualImports {

    private final Feeds feeds;
    private final ImportFiles importFiles;
    private final MappingRepository mappings;
    private final ImportPipeline pipeline;
    private final SaleBooker booker;
    private final DataDisk disk;

    ManualImports(Feeds feeds, ImportFiles importFiles, MappingRepository mappings, ImportPipeline pipeline, SaleBooker booker,
                  DataDisk disk) {
        this.disk = disk;
        this.feeds = feeds;
        this.importFiles = importFiles;
        this.mappings = mappings;
        this.pipeline = pipeline;
        this.booker = booker;
    }

    /**
     * Opens the import (RECEIVED) and puts the file into the feed's folder under a name of its own
     * ({@code upload-<import id>--<name>}; the user's name stays on the import), written aside and renamed in; the feed's
     * route takes it from there and continues this very import. A second upload of the same name never touches the first.
     */
    public long upload(String feedName, String fileName, ByteSource content) {
        Feeds.Feed feed = feed(feedName);
        Path folder = folder(feed, "upload to a folder feed, or put the file on the SFTP server");
        disk.requireRoom();
        String name = safeName(fileName);
        Aside part = writeAside(folder, content);
        // Until it is renamed in, the import names the file written aside: no other file of the same content resumes it.
        long id = importFiles.create(feed.name(), feed.kind(), name, part.path().getFileName().toString(), part.sha256(), part.size());
        placeAs(part.path(), folder, id, name);
        return id;
    }

    /** Runs a previous import's file again as a new import: sale-level duplicates still hold. */
    public long reprocess(long importId) {
        ImportFiles.ImportFile of = importFiles.findById(importId).orElseThrow(() -> new NotFound("no import with id " + importId));
        Feeds.Feed feed = feed(of.feed());
        Path folder = folder(feed, "its files stay on the server");
        disk.requireRoom();
        Path stored = importFiles.storedPath(importId).map(Path::of).filter(Files::isRegularFile)
                .orElseThrow(() -> new Conflict("the file of import " + importId + " is no longer in archive/ or error/"));
        Aside part = writeAside(folder, () -> Files.newInputStream(stored));
        long id = importFiles.createReprocess(of, part.path().getFileName().toString());
        placeAs(part.path(), folder, id, of.name());
        return id;
    }

    /** The name an upload's (or a reprocess') file has in the feed's folder: its import's id makes it one of a kind. */
    static String inboxName(long importId, String name) {
        return "upload-" + importId + "--" + name;
    }

    private static Path folder(Feeds.Feed feed, String sftpHint) {
        return feed.folder().orElseThrow(() -> new Conflict("feed " + feed.name() + " reads from SFTP; " + sftpHint));
    }

    /** A file written aside in the feed's folder: where, its SHA-256 and its size. */
    private record Aside(Path path, String sha256, long size) {
    }

    /**
     * Streams the content under a temporary name the feed never reads, hashing it on the way (a full disk fails here,
     * before any import; the part written is removed).
     */
    private static Aside writeAside(Path folder, ByteSource content) {
        Path part = null;
        try {
            Files.createDirectories(folder);
            part = Files.createTempFile(folder, "upload-", ".part");
            MessageDigest digest = Hashes.sha256();
            long size;
            try (InputStream in = new DigestInputStream(content.open(), digest)) {
                size = Files.copy(in, part, StandardCopyOption.REPLACE_EXISTING);
            }
            return new Aside(part, Hashes.hex(digest.digest()), size);
        } catch (IOException e) {
            if (part != null) {
                try {
                    Files.deleteIfExists(part);
                } catch (IOException ignored) {
                    // the sweep of the folder's temporary files (the feeds page) shows it
                }
            }
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Names the import's file in the folder and moves it in whole. Had the move failed, the import is FAILED with the
     * reason (the sweep would find it otherwise) and the file written aside is removed.
     */
    private void placeAs(Path part, Path folder, long importId, String name) {
        String inboxName = inboxName(importId, name);
        try {
            importFiles.noteInboxName(importId, inboxName);
            Files.move(part, folder.resolve(inboxName), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            importFiles.finish(importId, ImportStatus.FAILED, "the file could not be put into the feed's folder: " + e.getMessage(), null);
            try {
                Files.deleteIfExists(part);
            } catch (IOException ignored) {
                // nothing more to do: the import already says why it failed
            }
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
    }

    /** How many tickets a preview shows in full unless asked otherwise. */
    public static final int PREVIEW_LIMIT = 1_000;

    /**
     * What a preview found: the counts an import would end with (over the whole file), and in full — each sale's fate and
     * the rejected rows — up to {@code limit} of each; {@code complete} is false when there were more.
     */
    public record Preview(String feed, String mapping, ImportCounts counts, int rowsTotal, int salesTotal, int limit,
                          boolean complete, List<Reject> rejects, List<BookingOutcome.SaleResult> sales) {
    }

    /** Reads the file as a feed would and says what booking it would do; nothing is written and no row is locked. */
    public Preview preview(String feedName, ByteSource content, int limit) {
        Feeds.Feed feed = feed(feedName);
        if (feed.kind() != ImportKind.SALES) {
            throw new Conflict("feed " + feedName + (feed.kind() == ImportKind.MEMBERS ? " is a member feed"
                    : feed.kind() == ImportKind.TERMINAL ? " reads terminal settlements" : " reads Z-reports")
                    + "; a preview reads sales files only");
        }
        return preview(feed.name(), mappings.get(feed.mapping()), content, limit);
    }

    /**
     * {@link #preview(String, ByteSource, int)} with a mapping that need not be saved (the console's Try): a file read
     * as that mapping says, under the feed name given. It streams: chunk by chunk, each read on its own, no transaction
     * held across them — a big preview never holds locks or undo against the live feeds.
     */
    public Preview preview(String feedName, Mapping mapping, ByteSource content, int limit) {
        if (!mapping.readsSales()) {
            throw new Conflict("mapping " + mapping.name() + " reads " + (mapping.isZReport() ? "Z-reports" : "terminal settlements")
                    + "; a preview reads sales files only");
        }
        if (limit < 0) {
            throw new IllegalArgumentException("limit must be 0 or more");
        }
        SaleBooker.Forecast forecast = new SaleBooker.Forecast();
        ImportCounts counts = ImportCounts.ZERO;
        List<Reject> rejects = new ArrayList<>();
        List<BookingOutcome.SaleResult> sales = new ArrayList<>();
        boolean complete = true;
        try (ReadAhead<List<Ticket>> chunks = pipeline.chunks(mapping, content, feedName)) {
            while (chunks.hasNext()) {
                BookingOutcome outcome = booker.foretell(chunks.next(), mapping, forecast);
                counts = counts.plus(outcome);
                complete &= keep(outcome.rejects(), rejects, limit) & keep(outcome.sales(), sales, limit);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Preview(feedName, mapping.name(), counts, counts.rowsTotal(), counts.salesTotal(), limit, complete, rejects, sales);
    }

    /** Adds what still fits under the limit; answers whether all of it did. */
    private static <T> boolean keep(List<T> found, List<T> kept, int limit) {
        int room = Math.max(0, limit - kept.size());
        kept.addAll(found.subList(0, Math.min(room, found.size())));
        return found.size() <= room;
    }

    private Feeds.Feed feed(String name) {
        Names.require("feed", name);
        return feeds.find(name).orElseThrow(() -> new NotFound("no feed named " + name));
    }

    /** The file's own name without any path (an upload named ../../x.csv lands as x.csv). */
    static String safeName(String name) {
        String base = name == null ? "" : name.replace('\\', '/');
        base = base.substring(base.lastIndexOf('/') + 1).replaceAll("[^A-Za-z0-9._-]", "_");
        if (base.isBlank() || base.startsWith(".")) {
            base = "upload" + base;
        }
        return base;
    }

}
