package io.poshub.common;

import java.util.ArrayList;
import java.util.List;

/** Walks an exception's causes, so a message can say what really went wrong (a refused login, a missing file). */
public final class Causes {

    private Causes() {
    }

    /** The exception and its causes, outermost first; a cause that is its own cause ends the walk. */
    public static List<Throwable> chain(Throwable e) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable t = e; t != null && !chain.contains(t); t = t.getCause()) {
            chain.add(t);
        }
        return chain;
    }

    /** The innermost cause (the exception itself when it has none). */
    public static Throwable root(Throwable e) {
        List<Throwable> chain = chain(e);
        return chain.get(chain.size() - 1);
    }

    /** The first exception of the chain of the given type, or null. */
    public static <T extends Throwable> T find(Throwable e, Class<T> type) {
        return chain(e).stream().filter(type::isInstance).map(type::cast).findFirst().orElse(null);
    }

    /** Every distinct message of the chain, outermost first, joined with ": "; the class name when none has one. */
    public static String messages(Throwable e) {
        StringBuilder text = new StringBuilder();
        for (Throwable t : chain(e)) {
            if (t.getMessage() != null && text.indexOf(t.getMessage()) < 0) {
                if (!text.isEmpty()) {
                    text.append(": ");
                }
                text.append(t.getMessage());
            }
        }
        return text.isEmpty() ? e.getClass().getSimpleName() : text.toString();
    }

    /** The exception's own message, and the root cause's when it adds something. */
    public static String withRoot(Throwable e) {
        Throwable root = root(e);
        String top = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return root == e || root.getMessage() == null || top.contains(root.getMessage()) ? top : top + ": " + root.getMessage();
    }
}
