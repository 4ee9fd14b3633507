package io.poshub.sale;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;

/** What makes a sale the same sale across files, restarts and nodes (contract §4.3). */
public record SaleIdentity(String merchant, String store, String register, String ticket, LocalDate businessDate) {

    /** A sale's identity from five columns of a result, merchant first. */
    static SaleIdentity read(ResultSet rs, int first) throws SQLException {
        return new SaleIdentity(rs.getString(first), rs.getString(first + 1), rs.getString(first + 2), rs.getString(first + 3),
                rs.getObject(first + 4, LocalDate.class));
    }
}
