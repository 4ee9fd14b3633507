package io.poshub.support;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import com.atlassian.oai.validator.schema.SchemaValidator;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import io.swagger.v3.parser.OpenAPIV3Parser;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.web.client.RestTemplateBuilder;
import org.springframework.boot.web.client.RestTemplateCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpRequest;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.util.StreamUtils;

/**
 * Every answer the hub gives a test, checked against the contract it publishes: {@code docs/openapi.yaml}, which
 * {@code OpenApiTest} holds equal to what the hub serves. A status, a field or a content type the contract does not
 * declare fails the test at the call that got it — so the whole API suite (members, redemptions, gift cards, payments,
 * day close, imports, till keys) is a contract test. Requests are not checked: tests send bad ones on purpose.
 */
public final class ContractCheck implements ClientHttpRequestInterceptor {

    public static final ContractCheck INSTANCE = new ContractCheck();

    private static final Path SPEC = Path.of("docs/openapi.yaml").toAbsolutePath();
    private static final OpenApiInteractionValidator CONTRACT = OpenApiInteractionValidator
            .createForSpecificationUrl(SPEC.toUri().toString())
            .withLevelResolver(LevelResolver.create()
                    .withLevel("validation.request", ValidationReport.Level.IGNORE)
                    // A field the contract does not name is an error, as if every object said additionalProperties: false.
                    .withLevel(SchemaValidator.ADDITIONAL_PROPERTIES_KEY, ValidationReport.Level.ERROR)
                    .build())
            .build();
    private static final Coverage COVERAGE = new Coverage();

    private ContractCheck() {
    }

    /** A client of the hub on this port whose every answer is checked against the contract. */
    public static RestTemplateBuilder client(int port) {
        return new RestTemplateBuilder().rootUri("http://localhost:" + port).additionalInterceptors(INSTANCE);
    }

    @Override
    public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution) throws IOException {
        ClientHttpResponse response = execution.execute(request, body);
        String path = request.getURI().getRawPath();
        if (!path.startsWith("/api/")) {
            return response;
        }
        byte[] answer = StreamUtils.copyToByteArray(response.getBody());
        List<String> problems = problems(request.getMethod().name(), path, response.getStatusCode().value(), response.getHeaders(), answer);
        if (!problems.isEmpty()) {
            throw new AssertionError(request.getMethod() + " " + path + " answered " + response.getStatusCode().value()
                    + " outside the contract (docs/openapi.yaml):\n  " + String.join("\n  ", problems)
                    + "\n  body: " + new String(answer, 0, Math.min(answer.length, 2000), StandardCharsets.UTF_8));
        }
        return new Buffered(response, answer);
    }

    /** What is wrong with this answer to this call, by the contract: nothing when it conforms. Counted for the summary. */
    public static List<String> problems(String method, String path, int status, HttpHeaders headers, byte[] body) {
        SimpleResponse.Builder checked = SimpleResponse.Builder.status(status);
        headers.forEach(checked::withHeader);
        if (body.length > 0) {
            checked.withBody(body);
        }
        ValidationReport report = CONTRACT.validateResponse(path, Request.Method.valueOf(method), checked.build());
        COVERAGE.seen(method, path);
        return report.getMessages().stream().filter(m -> m.getLevel() == ValidationReport.Level.ERROR)
                .map(m -> m.getKey() + ": " + m.getMessage()).toList();
    }

    /**
     * Which operations of the contract the tests' answers exercised, written to target/contract-check.txt when the tests'
     * JVM ends: a call the suite never makes is a call whose answers nothing checks.
     */
    private static final class Coverage {

        private final Map<String, Pattern> operations = new TreeMap<>();
        private final Set<String> seen = ConcurrentHashMap.newKeySet();
        private final AtomicLong answers = new AtomicLong();

        Coverage() {
            new OpenAPIV3Parser().read(SPEC.toString()).getPaths().forEach((template, item) -> item.readOperationsMap().keySet()
                    .forEach(method -> operations.put(method + " " + template,
                            Pattern.compile(template.replaceAll("\\{[^}]+}", "[^/]+").replace(".", "\\.")))));
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                if (answers.get() > 0) {
                    List<String> missed = operations.keySet().stream().filter(op -> !seen.contains(op)).toList();
                    String summary = answers.get() + " answers checked against docs/openapi.yaml; " + (operations.size() - missed.size())
                            + " of " + operations.size() + " operations exercised" + (missed.isEmpty() ? "" : "; not exercised: " + missed);
                    try {
                        java.nio.file.Files.writeString(Path.of("target", "contract-check.txt"), summary + "\n");
                    } catch (IOException e) {
                        // The summary is for the reader of a build; a build without a target folder has none.
                    }
                }
            }));
        }

        void seen(String method, String path) {
            answers.incrementAndGet();
            operations.forEach((operation, pattern) -> {
                if (operation.startsWith(method + " ") && pattern.matcher(path).matches()) {
                    seen.add(operation);
                }
            });
        }
    }

    /** The answer as read, to be read again by the caller. */
    private record Buffered(ClientHttpResponse response, byte[] body) implements ClientHttpResponse {

        @Override
        public HttpStatusCode getStatusCode() throws IOException {
            return response.getStatusCode();
        }

        @Override
        public String getStatusText() throws IOException {
            return response.getStatusText();
        }

        @Override
        public HttpHeaders getHeaders() {
            return response.getHeaders();
        }

        @Override
        public InputStream getBody() {
            return new ByteArrayInputStream(body);
        }

        @Override
        public void close() {
            response.close();
        }
    }

    /** Every TestRestTemplate a test context makes is checked too. */
    @AutoConfiguration
    public static class Wiring {

        @Bean
        RestTemplateCustomizer contractCheck() {
            return template -> template.getInterceptors().add(INSTANCE);
        }
    }
}
