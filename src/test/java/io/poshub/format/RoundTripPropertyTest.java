package io.poshub.format;

import static org.assertj.core.api.Assertions.assertThat;

import io.poshub.mapping.Mapping;
import io.poshub.mapping.MappingRepository;
import io.poshub.support.FormatTesting;
import java.math.BigDecimal;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * A line written from known values in a format's own layout reads back as exactly those values, for every format
 * (the generic one through the README's tab mapping). "Parsed or rejected" holds for a parser that reads nothing
 * right; this one does not.
 */
class RoundTripPropertyTest {

    private static final CamelContext CAMEL = new DefaultCamelContext();
    private static final String COUNTERPOINT_HEADER = "STR_ID,STA_ID,TKT_NO,BUS_DAT,TKT_DT,CUST_NO,LOY_CARD_NO,EMAIL_ADRS_1,"
            + "PHONE_1,LIN_SEQ_NO,LIN_TYP,ITEM_NO,DESCR,CATEG_COD,QTY_SOLD,QTY_RET,PRC,EXT_PRC,TAX_AMT,TOT,PAY_COD,ORIG_TKT_NO";
    private static final String JESTA_HEADER = "Store;Register;Transaction;Date;Time;Type;LoyaltyCard;Phone;Email;SKU;Description;"
            + "Qty;UnitPrice;LineAmount;Tax;TicketTotal;Tender";
    private static final String SPRINGBOARD_HEADER = "ticket_number,customer_public_id,local_completed_at,sales_rep,"
            + "location_public_id,tax,item_lookup,original_price,unit_price,qty";

    /** What a till sold on one line, in the hub's terms; money in minor units. */
    record Sale(String store, String register, String ticket, LocalDateTime soldAt, String card, String sku, int quantity,
                long unitCents) {

        long netCents() {
            return unitCents * quantity;
        }

        BigDecimal net() {
            return BigDecimal.valueOf(netCents(), 2);
        }

        BigDecimal unit() {
            return BigDecimal.valueOf(unitCents, 2);
        }
    }

    @Property(tries = 200)
    void aLineWrittenInTheLayoutReadsBackAsItsValues(@ForAll("formats") String format, @ForAll("sales") Sale sale)
            throws Exception {
        Mapping mapping = mapping(format);
        // SpringBoard writes an instant with its offset: a local time the clocks skipped (a DST gap) is none a till writes.
        Assume.that(!format.equals("springboard") || !mapping.timezone().getRules().getValidOffsets(sale.soldAt()).isEmpty());
        byte[] file = switch (format) {
            case "counterpoint" -> (COUNTERPOINT_HEADER + "\n" + String.join(",", sale.store(), sale.register(), sale.ticket(),
                    sale.soldAt().toLocalDate().toString(), sale.soldAt().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")),
                    "", sale.card(), "", "", "1", "S", sale.sku(), "Item", "HOME", String.valueOf(sale.quantity()), "0",
                    sale.unit().toPlainString(), sale.net().toPlainString(), "0.00", sale.net().toPlainString(), "CASH", "")
                    + "\n").getBytes(StandardCharsets.UTF_8);
            case "jesta" -> (JESTA_HEADER + "\r\n" + String.join(";", sale.store(), sale.register(), sale.ticket(),
                    sale.soldAt().format(DateTimeFormatter.ofPattern("dd/MM/yyyy")),
                    sale.soldAt().format(DateTimeFormatter.ofPattern("HH:mm")), "SALE", sale.card(), "", "", sale.sku(), "Item",
                    String.valueOf(sale.quantity()), comma(sale.unit()), comma(sale.net()), "0,00", comma(sale.net()), "VISA")
                    + "\r\n").getBytes(Charset.forName("windows-1252"));
            case "springboard" -> (SPRINGBOARD_HEADER + "\n" + String.join(",", sale.ticket(), sale.card(),
                    sale.soldAt().atZone(mapping.timezone()).toOffsetDateTime().toString(), "rep", sale.store(), "0.00", sale.sku(),
                    sale.unit().toPlainString(), sale.unit().toPlainString(), String.valueOf(sale.quantity())) + "\n")
                    .getBytes(StandardCharsets.UTF_8);
            case "ncr" -> String.join("\n",
                    String.join("|", "H", sale.store(), sale.register(), sale.ticket(),
                            sale.soldAt().format(DateTimeFormatter.ofPattern("yyyyMMdd")),
                            sale.soldAt().format(DateTimeFormatter.ofPattern("HHmmss")), "SALE", sale.card(), "", "", "0",
                            String.valueOf(sale.netCents())),
                    String.join("|", "L", sale.ticket(), "1", sale.sku(), "Item", "HOME", String.valueOf(sale.quantity()),
                            String.valueOf(sale.unitCents()), String.valueOf(sale.netCents())),
                    String.join("|", "T", sale.ticket(), "CASH", String.valueOf(sale.netCents()), ""),
                    "F|3|" + sale.netCents(), "").getBytes(StandardCharsets.UTF_8);
            default -> (String.join("\t", sale.store(), sale.register(), sale.ticket(),
                    sale.soldAt().format(DateTimeFormatter.ofPattern("dd.MM.yyyy")),
                    sale.soldAt().format(DateTimeFormatter.ofPattern("HH.mm")), sale.card(), "", sale.sku(),
                    String.valueOf(sale.quantity()), String.valueOf(sale.netCents())) + "\n").getBytes(StandardCharsets.UTF_8);
        };

        List<PosRow> rows = FormatTesting.read(format(mapping), file, mapping).stream()
                .peek(r -> assertThat(r.error()).as("line %s", r.raw()).isNull())
                .map(ParsedRow::row).toList();
        List<PosRow> lines = rows.stream().filter(PosRow::saleLine).toList();

        assertThat(lines).hasSize(1);
        PosRow row = lines.get(0);
        PosRow ticket = rows.get(0); // ticket-level values are the first row's (NCR's H record)
        assertThat(row.store()).isEqualTo(sale.store());
        assertThat(row.register()).isEqualTo(format.equals("springboard") ? "" : sale.register());
        assertThat(row.ticket()).isEqualTo(sale.ticket());
        assertThat(row.businessDate()).isEqualTo(sale.soldAt().toLocalDate());
        assertThat(row.soldAtLocal()).isEqualTo(sale.soldAt());
        assertThat(row.type()).isEqualTo(PosRow.RowType.SALE);
        assertThat(format.equals("springboard") ? ticket.externalId() : ticket.card()).isEqualTo(sale.card());
        assertThat(row.sku()).isEqualTo(sale.sku());
        assertThat(row.quantity()).isEqualByComparingTo(BigDecimal.valueOf(sale.quantity()));
        assertThat(row.lineNet()).isEqualByComparingTo(sale.net());
    }

    private static String comma(BigDecimal amount) {
        return amount.toPlainString().replace('.', ',');
    }

    private static Mapping mapping(String format) throws Exception {
        if (!format.equals("generic")) {
            return FormatTesting.shipped(format);
        }
        Path dir = Files.createTempDirectory("poshub-roundtrip-");
        Files.writeString(dir.resolve("tab.yaml"), FormatTesting.TAB_MAPPING);
        return new MappingRepository(FormatTesting.properties(dir)).get("tab");
    }

    private static PosFormat format(Mapping mapping) throws Exception {
        String name = switch (mapping.format()) {
            case "counterpoint" -> "io.poshub.format.counterpoint.CounterpointFormat";
            case "ncr" -> "io.poshub.format.ncr.NcrFormat";
            case "springboard" -> "io.poshub.format.springboard.SpringboardFormat";
            case "jesta" -> "io.poshub.format.jesta.JestaFormat";
            default -> "io.poshub.format.generic.GenericFormat";
        };
        return FormatTesting.newFormat(name, CAMEL);
    }

    @Provide
    Arbitrary<String> formats() {
        return Arbitraries.of("counterpoint", "ncr", "springboard", "jesta", "generic");
    }

    @Provide
    Arbitrary<Sale> sales() {
        Arbitrary<String> digits = Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(6);
        Arbitrary<LocalDateTime> soldAt = Combinators.combine(
                        Arbitraries.integers().between(0, 3650).map(d -> LocalDate.of(2020, 1, 1).plusDays(d)),
                        Arbitraries.integers().between(0, 24 * 60 - 1).map(m -> LocalTime.of(m / 60, m % 60)))
                .as(LocalDate::atTime);
        Arbitrary<String> card = Arbitraries.strings().withChars("23456789ABCDEFGHJKLMNPQRSTUVWXYZ").ofLength(10);
        Arbitrary<String> sku = Arbitraries.strings().withChars("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-").ofMinLength(1).ofMaxLength(20)
                .filter(s -> !s.startsWith("-"));
        return Combinators.combine(digits, digits, digits, soldAt, card, sku, Arbitraries.integers().between(1, 99),
                        Arbitraries.longs().between(0, 9_999_999))
                .as(Sale::new);
    }
}
