package io.poshub.audit;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.modulith.NamedInterface;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

/**
 * What a change changed, noted by the capability while it handles the request, for the audit trail to keep with it:
 * names of fields, hashes of texts, counts — never a member's values. Outside a request (a feed, a scheduled job)
 * nothing is noted.
 */
@NamedInterface("api")
public final class AuditDetails {

    static final String ATTRIBUTE = AuditDetails.class.getName();

    private AuditDetails() {
    }

    public static void note(String key, Object value) {
        RequestAttributes request = RequestContextHolder.getRequestAttributes();
        if (request == null) {
            return;
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> details = (Map<String, Object>) request.getAttribute(ATTRIBUTE, RequestAttributes.SCOPE_REQUEST);
        if (details == null) {
            details = new LinkedHashMap<>();
            request.setAttribute(ATTRIBUTE, details, RequestAttributes.SCOPE_REQUEST);
        }
        details.put(key, value);
    }
}
