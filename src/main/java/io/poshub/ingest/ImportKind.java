package io.poshub.ingest;

/**
 * What a file holds: sales from a till ({@code pos-feed}), a till's Z-reports ({@code pos-feed} with a
 * {@code format: zreport} mapping), card terminals' settlements ({@code terminal-feed}) or members from a CRM
 * ({@code member-feed}).
 */
public enum ImportKind {
    SALES, ZREPORT, MEMBERS, TERMINAL
}
