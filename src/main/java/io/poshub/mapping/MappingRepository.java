package io.poshub.mapping;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import io.poshub.PoshubProperties;
import io.poshub.common.WatchedFiles;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Reads {@code mappings/<name>.yaml} when a file is processed, re-reading it when it changed on disk, so
 * an edited mapping applies to the next file without a restart. Unknown keys and bad values are refused
 * with a message naming the file and the key.
 */
@Component
public class MappingRepository {

    private static final Set<String> FORMATS = Set.of("counterpoint", "ncr", "springboard", "jesta", "generic");

    private final ObjectMapper yaml = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private final PoshubProperties properties;
    private final ConfigErrors errors;
    /** The last good version of each mapping; {@code seen} is the file state it was last read at. */
    private final Map<String, Mapping> cache = new ConcurrentHashMap<>();
    private final WatchedFiles<String> seen = new WatchedFiles<>();

    @org.springframework.beans.factory.annotation.Autowired
    public MappingRepository(PoshubProperties properties, ConfigErrors errors) {
        this.properties = properties;
        this.errors = errors;
    }

    /** For tools and tests that read mappings without an application around them. */
    public MappingRepository(PoshubProperties properties) {
        this(properties, new ConfigErrors());
    }

    /** The YAML as written; field names are the keys an admin types. */
    record MappingFile(
            String format,
            String merchant,
            String currency,
            String timezone,
            String phoneRegion,
            List<String> match,
            String unknownMember,
            Earn earn,
            Csv csv,
            Map<String, String> columns,
            Patterns formats,
            Amounts amounts,
            Returns returns,
            List<String> carryDown,
            List<String> mobilePaymentTenders) {
    }

    record Csv(String separator, String quote, String charset, Boolean header) {
    }

    record Patterns(String date, String time, String dateTime) {
    }

    record Amounts(String decimalSeparator, List<String> thousandsSeparators, List<String> currencySymbols,
                   String negative, Boolean minorUnits) {
    }

    record Returns(String column, List<String> values) {
    }

    record Earn(BigDecimal pointsPerUnit, BigDecimal minSpend, List<String> excludedSkus, List<String> excludedCategories,
                List<TierFile> tiers) {
    }

    record TierFile(String name, BigDecimal multiplier, Long from) {
    }

    /**
     * The mapping as last read without error. A file edited since is read again first: a good edit applies
     * from now on; a bad one is reported in {@link ConfigErrors} and the last good version stays in use.
     *
     * @throws MappingException when the mapping has never loaded (missing, or bad from the start)
     */
    public Mapping get(String name) {
        if (name == null || !name.matches("[A-Za-z0-9_.-]+")) {
            throw new MappingException("not a mapping name: " + name);
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

    /** Every mapping that loads, each as last read without error (files edited since are read again first). */
    public List<Mapping> all() {
        refreshAll();
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
            Mapping mapping = parse(name, text);
            cache.put(name, mapping);
            errors.clear(file.toString());
        } catch (MappingException e) {
            errors.report(file.toString(), e.getMessage());
        } catch (IOException e) {
            errors.report(file.toString(), "cannot be read: " + e.getMessage());
        }
    }

    private Path file(String name) {
        return properties.mappingsDir().resolve(name + ".yaml");
    }

    Mapping parse(String name, String text) {
        String where = "mapping '" + name + "'";
        MappingFile raw;
        try {
            raw = yaml.readValue(text, MappingFile.class);
        } catch (JsonProcessingException e) {
            throw new MappingException(where + ": " + e.getOriginalMessage(), e);
        }
        if (raw == null) {
            throw new MappingException(where + " is empty");
        }
        String format = require(where, "format", raw.format());
        if (!FORMATS.contains(format)) {
            throw new MappingException(where + ": unknown format '" + format + "', expected one of " + FORMATS);
        }
        String merchant = raw.merchant() == null ? properties.defaultMerchant() : raw.merchant();
        String currency = require(where, "currency", raw.currency());
        try {
            Currency.getInstance(currency);
        } catch (IllegalArgumentException e) {
            throw new MappingException(where + ": currency '" + currency + "' is not an ISO 4217 code");
        }
        ZoneId zone;
        try {
            zone = ZoneId.of(require(where, "timezone", raw.timezone()));
        } catch (DateTimeException e) {
            throw new MappingException(where + ": timezone '" + raw.timezone() + "' is not a time zone id (e.g. Europe/Oslo)");
        }
        String region = require(where, "phoneRegion", raw.phoneRegion()).toUpperCase(Locale.ROOT);
        if (!PhoneNumberUtil.getInstance().getSupportedRegions().contains(region)) {
            throw new MappingException(where + ": phoneRegion '" + region + "' is not a two-letter region code");
        }
        List<MemberKey> keys = new ArrayList<>();
        for (String key : raw.match() == null ? List.<String>of() : raw.match()) {
            keys.add(MemberKey.fromName(key).orElseThrow(() -> new MappingException(
                    where + ": match key '" + key + "' is not one of card, phone, email, externalId")));
        }
        if (keys.isEmpty()) {
            throw new MappingException(where + ": match must name at least one of card, phone, email, externalId");
        }
        Mapping.UnknownMemberPolicy policy;
        try {
            policy = raw.unknownMember() == null ? Mapping.UnknownMemberPolicy.PARK
                    : Mapping.UnknownMemberPolicy.valueOf(raw.unknownMember().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new MappingException(where + ": unknownMember '" + raw.unknownMember() + "' is not one of reject, park, create");
        }
        GenericLayout layout = null;
        if (format.equals("generic")) {
            layout = GenericLayouts.parse(where, raw, Currency.getInstance(currency).getDefaultFractionDigits());
        } else if (raw.csv() != null || raw.columns() != null || raw.formats() != null || raw.amounts() != null
                || raw.returns() != null || raw.carryDown() != null) {
            throw new MappingException(where + ": csv, columns, formats, amounts, returns and carryDown are for format: generic only");
        }
        Set<String> mobileTenders = raw.mobilePaymentTenders() == null ? Set.of("VIPPS")
                : Set.copyOf(raw.mobilePaymentTenders().stream().map(t -> t.trim().toUpperCase(Locale.ROOT)).toList());
        return new Mapping(name, format, merchant, currency, zone, region, List.copyOf(keys), policy, earn(where, raw.earn()), layout,
                mobileTenders);
    }

    private static EarnRules earn(String where, Earn earn) {
        if (earn == null) {
            return EarnRules.DEFAULT;
        }
        BigDecimal perUnit = earn.pointsPerUnit() == null ? BigDecimal.ONE : earn.pointsPerUnit();
        BigDecimal minSpend = earn.minSpend() == null ? BigDecimal.ZERO : earn.minSpend();
        if (perUnit.signum() < 0 || minSpend.signum() < 0) {
            throw new MappingException(where + ": earn.pointsPerUnit and earn.minSpend must not be negative");
        }
        return new EarnRules(perUnit, minSpend,
                earn.excludedSkus() == null ? Set.of() : Set.copyOf(earn.excludedSkus()),
                earn.excludedCategories() == null ? Set.of() : Set.copyOf(earn.excludedCategories()),
                tiers(where, earn.tiers()));
    }

    private static List<EarnRules.Tier> tiers(String where, List<TierFile> tiers) {
        if (tiers == null || tiers.isEmpty()) {
            return EarnRules.DEFAULT_TIERS;
        }
        List<EarnRules.Tier> checked = new ArrayList<>();
        long previous = -1;
        for (TierFile t : tiers) {
            if (t.name() == null || t.name().isBlank() || t.multiplier() == null || t.from() == null) {
                throw new MappingException(where + ": every earn.tiers entry needs name, multiplier and from");
            }
            if (t.multiplier().signum() < 0 || t.from() <= previous) {
                throw new MappingException(where + ": earn.tiers must be listed from the lowest, each 'from' higher than the one before, multipliers not negative");
            }
            previous = t.from();
            checked.add(new EarnRules.Tier(t.name().trim().toUpperCase(Locale.ROOT), t.multiplier(), t.from()));
        }
        if (checked.get(0).from() != 0) {
            throw new MappingException(where + ": the first of earn.tiers must start 'from: 0'");
        }
        return List.copyOf(checked);
    }

    private static String require(String where, String key, String value) {
        if (value == null || value.isBlank()) {
            throw new MappingException(where + ": '" + key + "' is required");
        }
        return value.trim();
    }
}
