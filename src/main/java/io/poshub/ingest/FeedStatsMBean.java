package io.poshub.ingest;

/** What JMX shows of one feed as {@code poshub:type=feed,name=<feed>} (contract §10). */
public interface FeedStatsMBean {

    long getFilesProcessed();

    long getRowsRejected();

    long getSalesBooked();

    long getSalesDuplicate();

    long getSalesParked();

    /** When the feed's last file finished (ISO-8601, UTC), or empty. */
    String getLastFileAt();

    /** The error of the feed's last failed or interrupted import, or empty. */
    String getLastError();

    /** Whether the feed's file for the last due day has not come ({@code expect}); false for a feed that expects nothing. */
    boolean isLate();

    /** The business day whose file is late (yyyy-MM-dd), or empty. */
    String getLateFor();
}
