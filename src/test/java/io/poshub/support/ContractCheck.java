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
import java.nio.file.Path;
import java.util.stream.Collectors;
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

    private static final OpenApiInteractionValidator CONTRACT = OpenApiInteractionValidator
            .createForSpecificationUrl(Path.of("docs/openapi.yaml").toAbsolutePath().toUri().toString())
            .withLevelResolver(LevelResolver.create()
                    .withLevel("validation.request", ValidationReport.Level.IGNORE)
                    // A field the contract does not name is an error, as if every object said additionalProperties: false.
                    .withLevel(SchemaValidator.ADDITIONAL_PROPERTIES_KEY, ValidationReport.Level.ERROR)
                    .build())
            .build();

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
        SimpleResponse.Builder checked = SimpleResponse.Builder.status(response.getStatusCode().value());
        response.getHeaders().forEach((name, values) -> checked.withHeader(name, values));
        if (answer.length > 0) {
            checked.withBody(answer);
        }
        ValidationReport report = CONTRACT.validateResponse(path, Request.Method.valueOf(request.getMethod().name()), checked.build());
        if (report.hasErrors()) {
            throw new AssertionError(request.getMethod() + " " + path + " answered " + response.getStatusCode().value()
                    + " outside the contract (docs/openapi.yaml):\n" + report.getMessages().stream()
                    .map(m -> "  " + m.getKey() + ": " + m.getMessage()).collect(Collectors.joining("\n"))
                    + "\n  body: " + new String(answer, 0, Math.min(answer.length, 2000), java.nio.charset.StandardCharsets.UTF_8));
        }
        return new Buffered(response, answer);
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
