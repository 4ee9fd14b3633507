package io.poshub.support;

/** The people of every test hub (src/test/resources/config/application.yml): one per role, and their passwords. */
public final class People {

    public static final String ADMIN = "admin";
    public static final String ADMIN_PASSWORD = "admin-password-for-tests";
    public static final String OPERATOR = "operator";
    public static final String OPERATOR_PASSWORD = "operator-password-for-tests";
    public static final String VIEWER = "viewer";
    public static final String VIEWER_PASSWORD = "viewer-password-for-tests";

    private People() {
    }

    /** The admin's {@code Authorization} header value. */
    public static String adminBasic() {
        return "Basic " + java.util.Base64.getEncoder().encodeToString((ADMIN + ":" + ADMIN_PASSWORD)
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
