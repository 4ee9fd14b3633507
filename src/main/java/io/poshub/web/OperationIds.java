package io.poshub.web;

import org.springframework.modulith.NamedInterface;
import org.springframework.web.method.HandlerMethod;

/**
 * An endpoint's stable name: its controller's capability and its method ({@code memberChange}, {@code tillKeyRevoke}).
 * The API contract's {@code operationId} and the audit trail's action are this name, so a change in the trail is looked
 * up in the contract by it.
 */
@NamedInterface("api")
public final class OperationIds {

    private OperationIds() {
    }

    public static String of(HandlerMethod handler) {
        String capability = handler.getBeanType().getSimpleName().replace("Controller", "");
        String method = handler.getMethod().getName();
        return Character.toLowerCase(capability.charAt(0)) + capability.substring(1) + Character.toUpperCase(method.charAt(0))
                + method.substring(1);
    }
}
