package io.poshub.member;

import io.poshub.common.Conflict;
import io.poshub.common.NotFound;
import io.poshub.common.Utc;
import io.poshub.db.Placeholders;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.modulith.NamedInterface;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Erases a member (contract §17, GDPR article 17): its name, phone, e-mail, cards and external id are blanked on its row
 * and on the rows of the members merged into it, and every module blanks its copies ({@link MemberErased}) — in one
 * transaction. The member stays, ERASED, with its points entries and sales: every total stays as it was, and its keys
 * are gone, so a later sale with the old card finds nobody. Repeating it answers the first erasure.
 */
@NamedInterface("api")
@Service
public class MemberErasure {

    private final JdbcTemplate jdbc;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final Consents consents;

    public MemberErasure(JdbcTemplate jdbc, ApplicationEventPublisher events, Clock clock, Consents consents) {
        this.jdbc = jdbc;
        this.consents = consents;
        this.events = events;
        this.clock = clock;
    }

    /** What an erasure did: the member, when it was erased, and whether this call found it erased already. */
    @NamedInterface("api")
    public record Erasure(long memberId, Instant erasedAt, boolean repeated, int mergedMembers) {
    }

    private record Locked(String merchant, String status, Long mergedInto, Instant erasedAt, boolean marketingConsent,
                          String receiptConsent) {
    }

    /**
     * @throws NotFound when there is no such member
     * @throws Conflict when the member was merged into another: that one's erasure takes this one's data too
     */
    @Transactional
    public Erasure erase(long id) {
        Locked member = jdbc.query(
                        "SELECT merchant, status, merged_into, erased_at, marketing_consent, receipt_consent FROM member WHERE id = ? FOR UPDATE",
                        (rs, n) -> new Locked(rs.getString(1), rs.getString(2), rs.getObject(3, Long.class),
                                Utc.instant(rs.getTimestamp(4)), rs.getBoolean(5), rs.getString(6)), id)
                .stream().findFirst().orElseThrow(() -> new NotFound("no member with id " + id));
        if ("ERASED".equals(member.status())) {
            return new Erasure(id, member.erasedAt(), true, 0);
        }
        if ("MERGED".equals(member.status())) {
            throw new Conflict("member " + id + " was merged into member " + member.mergedInto()
                    + "; erase that one, which erases this one's data too");
        }
        List<Long> group = withMergedInto(id);
        PersonalValues values = valuesOf(group);
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        if (member.marketingConsent()) {
            consents.changed(id, false, now, Consents.Source.ERASURE);
        }
        if (!"NONE".equals(member.receiptConsent())) {
            consents.receiptsChanged(id, "NONE", now, Consents.Source.ERASURE);
        }
        jdbc.update("UPDATE member SET external_id = NULL, card_number = NULL, phone_e164 = NULL, email = NULL, first_name = NULL,"
                        + " last_name = NULL, marketing_consent = FALSE, receipt_consent = 'NONE', erased_at = ? WHERE id IN (" + Placeholders.list(group.size()) + ")",
                args(Utc.timestamp(now), group));
        jdbc.update("UPDATE member SET status = 'ERASED' WHERE id = ?", id);
        events.publishEvent(new MemberErased(member.merchant(), group, values));
        return new Erasure(id, now, false, group.size() - 1);
    }

    /** The member and, locked with it, every member merged into it or into one of those. */
    private List<Long> withMergedInto(long id) {
        List<Long> group = new ArrayList<>(List.of(id));
        List<Long> level = List.of(id);
        while (!level.isEmpty() && group.size() < 10_000) {
            level = jdbc.queryForList("SELECT id FROM member WHERE merged_into IN (" + Placeholders.list(level.size())
                    + ") AND status = 'MERGED' ORDER BY id FOR UPDATE", Long.class, level.toArray());
            level = level.stream().filter(m -> !group.contains(m)).toList();
            group.addAll(level);
        }
        return group;
    }

    private PersonalValues valuesOf(List<Long> group) {
        Set<String> cards = new HashSet<>();
        Set<String> phones = new HashSet<>();
        Set<String> emails = new HashSet<>();
        Set<String> externalIds = new HashSet<>();
        Set<String> names = new HashSet<>();
        jdbc.query("SELECT card_number, phone_e164, email, external_id, first_name, last_name FROM member WHERE id IN ("
                + Placeholders.list(group.size()) + ")", rs -> {
            addIfPresent(cards::add, rs.getString(1));
            addIfPresent(phones::add, rs.getString(2));
            addIfPresent(emails::add, rs.getString(3));
            addIfPresent(externalIds::add, rs.getString(4));
            addIfPresent(names::add, rs.getString(5));
            addIfPresent(names::add, rs.getString(6));
        }, group.toArray());
        return new PersonalValues(cards, phones, emails, externalIds, names);
    }

    private static void addIfPresent(Consumer<String> to, String value) {
        if (value != null && !value.isBlank()) {
            to.accept(value);
        }
    }

    private static Object[] args(Object first, List<Long> ids) {
        List<Object> all = new ArrayList<>(ids.size() + 1);
        all.add(first);
        all.addAll(ids);
        return all.toArray();
    }
}
