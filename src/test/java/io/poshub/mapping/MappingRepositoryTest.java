package io.poshub.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.poshub.support.FormatTesting;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MappingRepositoryTest {

    @TempDir
    Path dir;

    private MappingRepository repository() {
        return new MappingRepository(FormatTesting.properties(dir));
    }

    @Test
    void theShippedCounterpointMappingLoads() {
        Mapping mapping = FormatTesting.shipped("counterpoint");
        assertThat(mapping.format()).isEqualTo("counterpoint");
        assertThat(mapping.merchant()).isEqualTo("demo");
        assertThat(mapping.timezone()).isEqualTo(ZoneId.of("America/Toronto"));
        assertThat(mapping.match()).containsExactly(MemberKey.CARD, MemberKey.EXTERNAL_ID, MemberKey.PHONE, MemberKey.EMAIL);
        assertThat(mapping.unknownMember()).isEqualTo(Mapping.UnknownMemberPolicy.PARK);
    }

    @Test
    void anEditIsReadOnTheNextUse() throws Exception {
        Path file = dir.resolve("m.yaml");
        Files.writeString(file, "format: counterpoint\ncurrency: NOK\ntimezone: Europe/Oslo\nphoneRegion: NO\nmatch: [card]\n");
        MappingRepository repository = repository();
        assertThat(repository.get("m").currency()).isEqualTo("NOK");
        Files.writeString(file, "format: counterpoint\ncurrency: SEK\ntimezone: Europe/Oslo\nphoneRegion: NO\nmatch: [card, phone]\n");
        Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 2000));
        assertThat(repository.get("m").currency()).isEqualTo("SEK");
        assertThat(repository.get("m").match()).containsExactly(MemberKey.CARD, MemberKey.PHONE);
        assertThat(repository.get("m").giftCardTenders()).as("default").containsExactly("GIFTCARD");
        Files.writeString(file, "format: counterpoint\ncurrency: SEK\ntimezone: Europe/Oslo\nphoneRegion: NO\nmatch: [card]\n"
                + "giftCardTenders: [gc, Gift ]\nmobilePaymentTenders: [swish]\n");
        Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5_000));
        assertThat(repository.get("m").giftCardTenders()).containsExactlyInAnyOrder("GC", "GIFT");
        assertThat(repository.get("m").mobilePaymentTenders()).containsExactly("SWISH");
    }

    @Test
    void badKeysAndValuesAreRefusedWithTheirName() throws Exception {
        MappingRepository repository = repository();
        String base = "format: counterpoint\ncurrency: NOK\ntimezone: Europe/Oslo\nphoneRegion: NO\nmatch: [card]\n";
        assertThatThrownBy(() -> new MappingParser("demo").parse("x", base + "colour: blue\n")).hasMessageContaining("colour");
        assertThatThrownBy(() -> new MappingParser("demo").parse("x", base.replace("Europe/Oslo", "Mars/Base"))).hasMessageContaining("timezone 'Mars/Base'");
        assertThatThrownBy(() -> new MappingParser("demo").parse("x", base.replace("[card]", "[iris]"))).hasMessageContaining("match key 'iris'");
        assertThatThrownBy(() -> new MappingParser("demo").parse("x", base.replace("counterpoint", "abacus"))).hasMessageContaining("unknown format 'abacus'");
        assertThatThrownBy(() -> new MappingParser("demo").parse("x", base + "unknownMember: ignore\n")).hasMessageContaining("unknownMember 'ignore'");
        assertThatThrownBy(() -> repository.get("missing")).hasMessageContaining("mapping 'missing' not found");
        // In the admin's words, at the line: a typo under earn, a word where a number goes, a value the hub refuses.
        String earn = base + "earn:\n  pointsPerUnit: 1\n  minSpend: 0\n";
        assertThatThrownBy(() -> new MappingParser("demo").parse("x", earn.replace("pointsPerUnit", "pointsPerUnitt")))
                .isInstanceOfSatisfying(MappingException.class, e -> assertThat(e.line()).isEqualTo(lines(base) + 2))
                .hasMessage("mapping 'x', line " + (lines(base) + 2) + ": unknown key 'pointsPerUnitt' in earn; the keys there are "
                        + "excludedCategories, excludedSkus, minSpend, pointsPerUnit, tiers");
        assertThatThrownBy(() -> new MappingParser("demo").parse("x", earn.replace("minSpend: 0", "minSpend: ten")))
                .hasMessage("mapping 'x', line " + (lines(base) + 3) + ": earn.minSpend 'ten' is not a number");
        assertThatThrownBy(() -> new MappingParser("demo").parse("x", base.replace("Europe/Oslo", "Mars/Base")))
                .isInstanceOfSatisfying(MappingException.class, e -> assertThat(e.line()).isEqualTo(FormatTesting.lineOf(base, "timezone")));
        assertThatThrownBy(() -> repository.get("../etc/passwd")).hasMessageContaining("not a mapping name");
    }

    private static int lines(String text) {
        return (int) text.lines().count();
    }
}
