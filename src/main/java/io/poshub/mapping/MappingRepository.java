package io.poshub.mapping;

import io.poshub.PoshubProperties;
import io.poshub.common.Names;
import io.poshub.common.WatchedFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.modulith.NamedInterface;
import org.springframework.stereotype.Component;

/**
 * The mappings of {@code mappings/}, each as last read without error: read when a file is processed and re-read
 * when it changed on disk, so an edited mapping applies to the next file without a restart; a refused edit is
 * reported in {@link ConfigErrors} ({@link MappingParser} says why).
 */
@NamedInterface("api")
@Component
public class MappingRepository {

    private static final Logger log = LoggerFactory.getLogger(MappingRepository.class);

    private final PoshubProperties properties;
    private final MappingParser parser;
    private final ConfigErrors errors;
    /** The last good version of each mapping; {@code seen} is the file state it was last read at. */
    private final Map<String, Mapping> cache = new ConcurrentHashMap<>();
    private final WatchedFiles<String> seen = new WatchedFiles<>();

    @org.springframework.beans.factory.annotation.Autowired
    public MappingRepository(PoshubProperties properties, ConfigErrors errors) {
        this.properties = properties;
        this.parser = new MappingParser(properties.defaultMerchant());
        this.errors = errors;
    }

    /** For tools and tests that read mappings without an application around them. */
    public MappingRepository(PoshubProperties properties) {
        this(properties, new ConfigErrors());
    }

    /**
     * The mapping as last read without error. A file edited since is read again first: a good edit applies
     * from now on; a bad one is reported in {@link ConfigErrors} and the last good version stays in use.
     *
     * @throws MappingException when the mapping has never loaded (missing, or bad from the start)
     */
    public Mapping get(String name) {
        if (!Names.valid(name)) {
            throw new MappingException("not a mapping name (" + Names.RULE + "): " + Names.shown(name));
        }
        refresh(name);
        Mapping mapping = cache.get(name);
        if (mapping == null) {
            Path file = file(name);
            throw new MappingException(Files.isRegularFile(file)
                    ? "mapping '" + name + "' is not usable: " + errors.all().stream()
                            .filter(e -> e.file().equals(file.toString())).map(ConfigErrors.ConfigError::message)
                            .findFirst().orElse("see the config errors")
                    : "mapping '" + name + "' not found: no file " + file);
        }
        return mapping;
    }

    /**
     * Every mapping that loads, each as last read without error. The config watcher re-reads edited files every
     * {@code poshub.watch-interval}; this does not, so it is cheap enough to ask per member created.
     */
    public List<Mapping> all() {
        if (cache.isEmpty()) {
            refreshAll();
        }
        return List.copyOf(cache.values());
    }

    /** Reads every mapping file that changed, and forgets the ones removed; the config watcher calls this. */
    public void refreshAll() {
        java.util.Set<String> names = new java.util.HashSet<>();
        try (var files = Files.list(properties.mappingsDir())) {
            files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml"))
                    .forEach(n -> names.add(n.substring(0, n.length() - ".yaml".length())));
        } catch (IOException e) {
            return;
        }
        names.forEach(this::refresh);
        for (String known : seen.known()) {
            if (!names.contains(known)) {
                refresh(known);
            }
        }
    }

    private void refresh(String name) {
        Path file = file(name);
        if (!Names.valid(name)) {
            errors.report(file.toString(), "not a mapping name (" + Names.RULE + "): rename the file to be read");
            return;
        }
        try {
            if (!Files.isRegularFile(file)) {
                if (seen.forget(name)) {
                    cache.remove(name);
                    errors.clear(file.toString());
                }
                return;
            }
            if (!seen.changed(name, file)) {
                return;
            }
            String text = Files.readString(file);
            if (text.isBlank() && cache.containsKey(name)) {
                return; // an editor's first step of a two-step save; the content follows
            }
            Mapping mapping = parser.parse(name, text);
            Mapping before = cache.put(name, mapping);
            errors.clear(file.toString());
            if (before == null) {
                log.info("Mapping {} loaded from {}", name, file);
            } else if (!before.equals(mapping)) {
                log.info("Mapping {} changed: files read from now on use the new version", name);
            }
        } catch (MappingException e) {
            errors.report(file.toString(), e.getMessage());
        } catch (IOException e) {
            errors.report(file.toString(), "cannot be read: " + e.getMessage());
        }
    }

    private Path file(String name) {
        return properties.mappingsDir().resolve(name + ".yaml");
    }
}
