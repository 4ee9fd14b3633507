package io.poshub.web;

import io.poshub.PoshubProperties;
import org.springframework.http.HttpStatus;
import org.springframework.modulith.NamedInterface;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

/**
 * Whose data a request may see: a till sees its own merchant's members only; an admin any merchant, the
 * default merchant unless the request names one.
 */
@NamedInterface("api")
@Component
public class Caller {

    private final PoshubProperties properties;

    public Caller(PoshubProperties properties) {
        this.properties = properties;
    }

    /** The merchant of the request: the till's own, or the one an admin asks for (default: poshub.default-merchant). */
    public String merchant(String asked) {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth != null && auth.getPrincipal() instanceof TillKeyFilter.Till till) {
            return till.merchant();
        }
        return asked == null || asked.isBlank() ? properties.defaultMerchant() : asked.trim();
    }

    /**
     * A till whose key was made for one store may act for that store only.
     *
     * @throws ProblemException 403 for another store
     */
    public void requireStore(String store) {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth != null && auth.getPrincipal() instanceof TillKeyFilter.Till till && till.store() != null
                && !till.store().equals(store)) {
            throw new ProblemException(HttpStatus.FORBIDDEN, "Another store",
                    "This till key is for store " + till.store() + " only, not store " + store + ".", null);
        }
    }

    /** The store a call acts for: the one it names (which a one-store till key must be), else its till key's, or null. */
    public String store(String asked) {
        if (asked != null && !asked.isBlank()) {
            requireStore(asked.trim());
            return asked.trim();
        }
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        return auth != null && auth.getPrincipal() instanceof TillKeyFilter.Till till ? till.store() : null;
    }

    /** Whether the caller may see data of this merchant: tills only their own. */
    public boolean maySee(String merchant) {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        return !(auth != null && auth.getPrincipal() instanceof TillKeyFilter.Till till) || till.merchant().equals(merchant);
    }
}
