package io.poshub.ingest;

import io.poshub.common.Names;
import java.io.StringReader;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * What an admin's route file may hold (contract §16): a list of {@code templatedRoute} items of the hub's own templates
 * ({@code pos-feed} — the Z-report feed is one with a Z-report mapping —, {@code terminal-feed} and {@code member-feed}), each with a
 * {@code routeTemplateRef}, a {@code routeId} and {@code name}/{@code value} parameters the template knows. Nothing
 * else: no {@code route}, {@code from}, {@code beans}, {@code rest} or any other item Camel's YAML DSL would load (they
 * reach every component, bean and language — {@code exec:}, a {@code bean} step, Groovy); no YAML tag; a source whose
 * scheme is in {@code poshub.routes.allowed-sources}, with only the options of {@link #SOURCE_OPTIONS}; no property
 * placeholder, bean reference ({@code #…}) or expression in any value but the file name functions a done file may use.
 * The file is read with SnakeYAML's node composer (no object is constructed); every refusal names its line.
 */
final class RouteFileRules {

    /** A feed as the file declares it, at its line. */
    record Declared(int line, String template, String routeId, Map<String, String> parameters) {
    }

    /** Options a source may set; every other option (move, preMove, exchangeFormatter, …) is the hub's to set or no one's. */
    static final Set<String> SOURCE_OPTIONS = Set.of("doneFileName", "include", "exclude", "antInclude", "antExclude",
            "recursive", "charset", "delay", "initialDelay", "readLockMinAge", "username", "password", "privateKeyFile",
            "privateKeyPassphrase", "knownHostsFile", "strictHostKeyChecking", "connectTimeout", "soTimeout", "timeout",
            "binary", "stepwise", "disconnect", "passiveMode", "maxMessagesPerPoll");
    private static final Map<String, Set<String>> PARAMETERS = Map.of(
            FeedRoutes.SALES, Set.of("feed", "source", "mapping", "expect", "maxRejects"),
            FeedRoutes.MEMBERS, Set.of("feed", "source", "merchant", "expect"),
            FeedRoutes.TERMINALS, Set.of("feed", "source", "mapping", "expect"));
    private static final Set<String> ITEM_KEYS = Set.of("routeTemplateRef", "routeId", "parameters");
    /** The only expressions a value may hold: a done file's name from the data file's (${file:name}.done). */
    private static final Pattern EXPRESSION = Pattern.compile("\\$\\{(?!(file:(name|onlyname|ext|name\\.noext|onlyname\\.noext)|date:now:[A-Za-z0-9_.-]+)\\})");
    private static final Pattern ROUTE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");
    private static final Pattern MERCHANT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
    private static final int MAX_BYTES = 256 * 1024;

    private final Set<String> allowedSources;

    RouteFileRules(List<String> allowedSources) {
        this.allowedSources = new TreeSet<>(allowedSources.stream().map(s -> s.toLowerCase(Locale.ROOT)).toList());
    }

    /**
     * @return the feeds the file declares, in order
     * @throws IllegalArgumentException naming the line and what is wrong there
     */
    List<Declared> read(String content) {
        if (content.length() > MAX_BYTES) {
            throw new IllegalArgumentException("a route file is at most " + MAX_BYTES + " characters");
        }
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(10);
        options.setNestingDepthLimit(20);
        Node root;
        try {
            Iterator<Node> documents = new Yaml(new SafeConstructor(options)).composeAll(new StringReader(content)).iterator();
            root = documents.hasNext() ? documents.next() : null;
            if (documents.hasNext()) {
                throw new IllegalArgumentException("line " + line(documents.next()) + ": a route file holds one YAML document");
            }
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() != null ? e.getProblemMark().getLine() + 1 : 0;
            throw new IllegalArgumentException("line " + line + ": " + (e.getContext() == null ? "" : e.getContext() + ", ")
                    + e.getProblem());
        } catch (YAMLException e) {
            throw new IllegalArgumentException("not YAML: " + e.getMessage().replaceAll("\\s+", " "));
        }
        if (!(root instanceof SequenceNode items)) {
            throw new IllegalArgumentException(root == null ? "the file is empty" : "line " + line(root)
                    + ": a route file is a YAML list (- templatedRoute: …)");
        }
        return items.getValue().stream().map(this::item).toList();
    }

    private Declared item(Node item) {
        checkTags(item);
        Map<String, NodeTuple> keys = keys(item, "a list item");
        if (keys.size() != 1 || !keys.containsKey("templatedRoute")) {
            String key = keys.keySet().stream().filter(k -> !k.equals("templatedRoute")).findFirst().orElse("");
            throw new IllegalArgumentException("line " + line(item) + ": only templatedRoute items of the hub's templates ("
                    + String.join(", ", new TreeSet<>(PARAMETERS.keySet())) + ") may stand in a route file, not '" + Names.shown(key) + "'");
        }
        Node templated = keys.get("templatedRoute").getValueNode();
        Map<String, NodeTuple> fields = keys(templated, "templatedRoute");
        for (Map.Entry<String, NodeTuple> field : fields.entrySet()) {
            if (!ITEM_KEYS.contains(field.getKey())) {
                throw new IllegalArgumentException("line " + line(field.getValue().getKeyNode()) + ": templatedRoute takes "
                        + String.join(", ", new TreeSet<>(ITEM_KEYS)) + ", not '" + Names.shown(field.getKey()) + "'");
            }
        }
        String template = scalar(fields.get("routeTemplateRef"), templated, "routeTemplateRef");
        Set<String> known = PARAMETERS.get(template);
        if (known == null) {
            throw new IllegalArgumentException("line " + line(fields.get("routeTemplateRef").getValueNode()) + ": routeTemplateRef '"
                    + Names.shown(template) + "' is not one of the hub's templates (" + String.join(", ", new TreeSet<>(PARAMETERS.keySet())) + ")");
        }
        String routeId = scalar(fields.get("routeId"), templated, "routeId");
        if (!ROUTE_ID.matcher(routeId).matches()) {
            throw new IllegalArgumentException("line " + line(fields.get("routeId").getValueNode()) + ": routeId '" + Names.shown(routeId)
                    + "' is 1-64 letters, digits, '-' or '_' (e.g. feed-store-001)");
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        NodeTuple given = fields.get("parameters");
        if (given != null) {
            if (!(given.getValueNode() instanceof SequenceNode list)) {
                throw new IllegalArgumentException("line " + line(given.getValueNode()) + ": parameters is a list of {name, value}");
            }
            for (Node parameter : list.getValue()) {
                Map<String, NodeTuple> pair = keys(parameter, "a parameter");
                if (!Set.of("name", "value").containsAll(pair.keySet())) {
                    throw new IllegalArgumentException("line " + line(parameter) + ": a parameter is {name, value}");
                }
                String name = scalar(pair.get("name"), parameter, "name");
                if (!known.contains(name)) {
                    throw new IllegalArgumentException("line " + line(parameter) + ": " + template + " " + routeId + ": unknown parameter '"
                            + Names.shown(name) + "' (parameters are " + String.join(", ", new TreeSet<>(known)) + ")");
                }
                String value = pair.containsKey("value") ? scalar(pair.get("value"), parameter, "value") : null;
                checkValue(line(parameter), name, value);
                if (parameters.put(name, value) != null) {
                    throw new IllegalArgumentException("line " + line(parameter) + ": parameter " + name + " is given twice");
                }
            }
        }
        return new Declared(line(item), template, routeId, parameters);
    }

    private void checkValue(int line, String name, String value) {
        if (value == null) {
            return;
        }
        if (value.contains("{{")) {
            throw new IllegalArgumentException("line " + line + ": " + name + " holds a property placeholder ({{…}}): give the value itself");
        }
        if (EXPRESSION.matcher(value).find() || value.contains("$simple{")) {
            throw new IllegalArgumentException("line " + line + ": " + name + " holds an expression (${…}); only ${file:name} and "
                    + "the like, in a done file's name, are taken");
        }
        switch (name) {
            case "source" -> checkSource(line, value);
            case "merchant" -> {
                if (!MERCHANT.matcher(value).matches()) {
                    throw new IllegalArgumentException("line " + line + ": merchant '" + Names.shown(value)
                            + "' is 1-64 letters, digits, '-', '_' or '.'");
                }
            }
            case "feed" -> {
                if (!Names.valid(value)) {
                    throw new IllegalArgumentException("line " + line + ": feed name '" + Names.shown(value) + "' is " + Names.RULE);
                }
            }
            case "mapping" -> {
                if (!Names.valid(value)) {
                    throw new IllegalArgumentException("line " + line + ": mapping name '" + Names.shown(value) + "' is " + Names.RULE);
                }
            }
            default -> {
            }
        }
    }

    private void checkSource(int line, String source) {
        int colon = source.indexOf(':');
        String scheme = colon < 0 ? "" : source.substring(0, colon).toLowerCase(Locale.ROOT);
        if (!allowedSources.contains(scheme)) {
            throw new IllegalArgumentException("line " + line + ": the source's component '" + Names.shown(scheme)
                    + "' is not one of poshub.routes.allowed-sources (" + String.join(", ", allowedSources) + ")");
        }
        if (source.indexOf('#') >= 0) {
            throw new IllegalArgumentException("line " + line + ": the source names a bean or class (#…): the hub sets those itself");
        }
        int query = source.indexOf('?');
        if (query < 0) {
            return;
        }
        for (String option : source.substring(query + 1).split("&")) {
            String key = option.contains("=") ? option.substring(0, option.indexOf('=')) : option;
            if (!key.isEmpty() && !SOURCE_OPTIONS.contains(key)) {
                throw new IllegalArgumentException("line " + line + ": the source option '" + Names.shown(key) + "' is not taken (taken: "
                        + String.join(", ", new TreeSet<>(SOURCE_OPTIONS)) + ")");
            }
        }
    }

    /** A YAML tag (!!java…, !foo) asks a loader to build something: none is taken, wherever it stands. */
    private static void checkTags(Node node) {
        Tag tag = node.getTag();
        boolean plain = tag.equals(Tag.STR) || tag.equals(Tag.INT) || tag.equals(Tag.BOOL) || tag.equals(Tag.NULL)
                || tag.equals(Tag.FLOAT) || tag.equals(Tag.SEQ) || tag.equals(Tag.MAP) || tag.equals(Tag.TIMESTAMP);
        if (!plain) {
            throw new IllegalArgumentException("line " + line(node) + ": the YAML tag " + Names.shown(tag.getValue()) + " is not taken");
        }
        if (node instanceof MappingNode map) {
            map.getValue().forEach(t -> {
                checkTags(t.getKeyNode());
                checkTags(t.getValueNode());
            });
        } else if (node instanceof SequenceNode seq) {
            seq.getValue().forEach(RouteFileRules::checkTags);
        }
    }

    private static Map<String, NodeTuple> keys(Node node, String what) {
        if (!(node instanceof MappingNode map)) {
            throw new IllegalArgumentException("line " + line(node) + ": " + what + " is a YAML mapping (key: value)");
        }
        Map<String, NodeTuple> keys = new HashMap<>();
        for (NodeTuple tuple : map.getValue()) {
            if (!(tuple.getKeyNode() instanceof ScalarNode key)) {
                throw new IllegalArgumentException("line " + line(tuple.getKeyNode()) + ": a key is a plain word");
            }
            keys.put(key.getValue(), tuple);
        }
        return keys;
    }

    private static String scalar(NodeTuple tuple, Node owner, String field) {
        if (tuple == null) {
            throw new IllegalArgumentException("line " + line(owner) + ": " + field + " is required");
        }
        if (!(tuple.getValueNode() instanceof ScalarNode value)) {
            throw new IllegalArgumentException("line " + line(tuple.getValueNode()) + ": " + field + " is a single value");
        }
        return value.getValue();
    }

    private static int line(Node node) {
        return node.getStartMark().getLine() + 1;
    }
}
