package io.poshub.member;

import io.poshub.csv.CsvRecordReader;
import io.poshub.csv.Values;
import io.poshub.loyalty.EarnProgram;
import io.poshub.loyalty.Programs;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Loads members from CSV ({@code external_id,card_number,phone,email,first_name,last_name,tier}, phones in
 * E.164). A member whose external id is already known at the merchant is updated. A bad row is reported
 * with its line and reason and the rest load.
 */
@Component
public class MemberImport {

    static final List<String> HEADER = List.of("external_id", "card_number", "phone", "email", "first_name", "last_name", "tier");

    private final MemberRepository members;
    private final ApplicationEventPublisher events;
    private final Programs programs;

    public MemberImport(MemberRepository members, ApplicationEventPublisher events, Programs programs) {
        this.programs = programs;
        this.members = members;
        this.events = events;
    }

    /** What an import did: rows loaded, and the rows refused with their line and reason. */
    public record Result(int imported, List<RowError> rejected) {
    }

    public record RowError(int line, String reason) {
    }

    @Transactional
    public Result load(String merchant, Reader csv) throws IOException {
        CsvRecordReader records = new CsvRecordReader(new BufferedReader(csv), ',', '"');
        CsvRecordReader.CsvRecord header = records.next();
        if (header == null) {
            throw new IllegalArgumentException("the member CSV is empty; expected the header " + String.join(",", HEADER));
        }
        List<String> columns = header.fields().stream().map(f -> f.replace("\uFEFF", "").trim()).toList();
        if (!columns.equals(HEADER)) {
            throw new IllegalArgumentException("the member CSV header must be " + String.join(",", HEADER));
        }
        EarnProgram program = programs.of(merchant);
        List<Long> ids = new ArrayList<>();
        List<RowError> rejected = new ArrayList<>();
        for (CsvRecordReader.CsvRecord row = records.next(); row != null; row = records.next()) {
            String problem = !row.ok() ? row.error()
                    : row.fields().size() != HEADER.size() ? "expected " + HEADER.size() + " fields, found " + row.fields().size()
                    : null;
            if (problem == null) {
                problem = loadRow(program, merchant, row.fields(), ids);
            }
            if (problem != null) {
                rejected.add(new RowError(row.lineNo(), problem));
            }
        }
        events.publishEvent(new MembersArrived(ids));
        return new Result(ids.size(), rejected);
    }

    private String loadRow(EarnProgram program, String merchant, List<String> f, List<Long> ids) {
        String externalId = MemberKeys.externalId(f.get(0));
        if (externalId == null) {
            return "external_id is required";
        }
        String phone = null;
        if (!f.get(2).isBlank()) {
            phone = MemberKeys.phone(f.get(2), "ZZ");
            if (phone == null || !f.get(2).trim().startsWith("+")) {
                return "phone must be in E.164 form, like +4791234567";
            }
        }
        String tier;
        try {
            tier = program.tier(f.get(6));
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        try {
            ids.add(members.upsert(program, merchant, externalId, MemberKeys.card(f.get(1)), phone, MemberKeys.email(f.get(3)),
                    Values.blankToNull(f.get(4)), Values.blankToNull(f.get(5)), tier));
        } catch (org.springframework.dao.DuplicateKeyException e) {
            return "card_number " + MemberKeys.mask(MemberKeys.card(f.get(1))) + " already belongs to another member";
        }
        return null;
    }
}
