package io.poshub.payment;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.report.ValidationReport;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.nio.file.Path;

/** The real Vipps ePayment OpenAPI spec as a request validator for what the hub sends. */
final class VippsSpec {

    static final Path FILE = Path.of("src", "test", "resources", "peers", "vipps-epayment.v1.yml").toAbsolutePath().normalize();
    private static final OpenApiInteractionValidator VALIDATOR =
            OpenApiInteractionValidator.createForSpecificationUrl(FILE.toUri().toString()).build();

    private VippsSpec() {
    }

    static ValidationReport validate(LoggedRequest logged) {
        String url = logged.getUrl();
        String path = url.contains("?") ? url.substring(0, url.indexOf('?')) : url;
        SimpleRequest.Builder request = new SimpleRequest.Builder(logged.getMethod().getName(), path);
        logged.getHeaders().all().forEach(h -> request.withHeader(h.key(), h.values()));
        if (logged.getBodyAsString() != null && !logged.getBodyAsString().isEmpty()) {
            request.withBody(logged.getBodyAsString());
        }
        return VALIDATOR.validateRequest(request.build());
    }

    static ValidationReport validate(Request request) {
        return VALIDATOR.validateRequest(request);
    }
}
