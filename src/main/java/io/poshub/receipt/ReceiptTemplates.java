package io.poshub.receipt;

import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.MustacheException;
import com.samskivert.mustache.Template;
import io.poshub.PoshubProperties;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.springframework.stereotype.Component;

/**
 * The merchants' receipt templates (contract §22): {@code <merchant>.email.<ext>} and {@code <merchant>.sms.<ext>} in
 * the admin's {@code receipts/} folder, Mustache, read again whenever the file changed — an edit counts from the next
 * receipt on. A merchant without its own gets the hub's ({@code receipts/default.*} in the jar). An HTML template's
 * values are HTML-escaped; a plain-text one's (SMS) are not, as it is no markup. A mail's subject is its template's
 * {@code <title>}.
 */
@Component
class ReceiptTemplates {

    /** A merchant name that can be part of a file name, and nothing that climbs out of the folder. */
    private static final Pattern MERCHANT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern TITLE = Pattern.compile("(?is)<title[^>]*>(.*?)</title>");

    /** A rendered receipt: the subject (e-mail only) and the text. */
    record Rendered(String subject, String text, boolean html) {
    }

    /** A template that could not be read or rendered, named by its file and why. */
    static final class TemplateFailed extends RuntimeException {
        TemplateFailed(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private record Loaded(FileTime modified, long size, Template template) {
    }

    private final Path folder;
    private final Map<Path, Loaded> loaded = new ConcurrentHashMap<>();
    private final Map<String, Template> defaults = new ConcurrentHashMap<>();

    ReceiptTemplates(ReceiptProperties properties, PoshubProperties hub) {
        this.folder = properties.templatesDir() != null ? properties.templatesDir()
                : hub.mappingsDir().toAbsolutePath().normalize().resolveSibling("receipts");
    }

    Path folder() {
        return folder;
    }

    /** The merchant's receipt for the channel ({@code email}, {@code sms}) with these values. */
    Rendered render(String merchant, String channel, Map<String, Object> values) {
        Optional<Path> own = own(merchant, channel);
        String name = own.map(p -> "receipts/" + p.getFileName()).orElse("the hub's default " + channel + " template");
        boolean html = own.map(p -> isHtml(p.getFileName().toString())).orElse(channel.equals("email"));
        Template template = own.map(this::template).orElseGet(() -> defaults.computeIfAbsent(channel, this::fallback));
        String text;
        try {
            text = template.execute(values);
        } catch (MustacheException e) {
            throw new TemplateFailed("template " + name + " does not render: " + e.getMessage(), e);
        }
        if (!html) {
            return new Rendered(null, text.strip(), false);
        }
        Matcher title = TITLE.matcher(text);
        return new Rendered(title.find() ? unescape(title.group(1)).strip().replaceAll("\\s+", " ") : null, text, true);
    }

    private Optional<Path> own(String merchant, String channel) {
        if (!MERCHANT.matcher(merchant).matches() || !Files.isDirectory(folder)) {
            return Optional.empty();
        }
        String prefix = merchant + "." + channel + ".";
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.getFileName().toString().startsWith(prefix) && Files.isRegularFile(f)).sorted().findFirst();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Template template(Path file) {
        try {
            FileTime modified = Files.getLastModifiedTime(file);
            long size = Files.size(file);
            Loaded known = loaded.get(file);
            if (known != null && known.modified().equals(modified) && known.size() == size) {
                return known.template();
            }
            Template template = compile(Files.readString(file, StandardCharsets.UTF_8), isHtml(file.getFileName().toString()),
                    "receipts/" + file.getFileName());
            loaded.put(file, new Loaded(modified, size, template));
            return template;
        } catch (IOException e) {
            throw new TemplateFailed("template receipts/" + file.getFileName() + " cannot be read: " + e.getMessage(), e);
        }
    }

    private Template fallback(String channel) {
        String resource = channel.equals("email") ? "receipts/default.email.html" : "receipts/default.sms.txt";
        try (InputStream in = ReceiptTemplates.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the jar");
            }
            return compile(new String(in.readAllBytes(), StandardCharsets.UTF_8), channel.equals("email"), resource);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Template compile(String text, boolean html, String name) {
        try {
            return Mustache.compiler().escapeHTML(html).nullValue("").zeroIsFalse(true).emptyStringIsFalse(true).compile(text);
        } catch (MustacheException e) {
            throw new TemplateFailed("template " + name + " does not compile: " + e.getMessage(), e);
        }
    }

    private static boolean isHtml(String fileName) {
        String lower = fileName.toLowerCase(java.util.Locale.ROOT);
        return lower.endsWith(".html") || lower.endsWith(".htm");
    }

    /** The text of an HTML-escaped value, for a mail header. */
    static String unescape(String html) {
        return html.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'").replace("&#x27;", "'")
                .replace("&#96;", "`").replace("&#x60;", "`").replace("&#61;", "=").replace("&#x3D;", "=").replace("&amp;", "&");
    }
}
