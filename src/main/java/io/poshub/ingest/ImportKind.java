package io.poshub.ingest;

/** What a file holds: sales from a till ({@code pos-feed}) or members from a CRM ({@code member-feed}). */
public enum ImportKind {
    SALES, MEMBERS
}
