package io.poshub.member;

import io.poshub.PoshubProperties;
import io.poshub.admin.NotFoundException;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/** Members: import from CSV, look up by id or by key (contract §8). */
@RestController
@RequestMapping("/api/members")
class MemberController {

    private final MemberRepository members;
    private final MemberImport memberImport;
    private final PoshubProperties properties;

    MemberController(MemberRepository members, MemberImport memberImport, PoshubProperties properties) {
        this.members = members;
        this.memberImport = memberImport;
        this.properties = properties;
    }

    @PostMapping(path = "/import", consumes = {"text/csv", MediaType.TEXT_PLAIN_VALUE})
    MemberImport.Result importCsv(@RequestParam(required = false) String merchant, @RequestBody String csv) throws IOException {
        return memberImport.load(merchant(merchant), new StringReader(csv));
    }

    @PostMapping(path = "/import", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    MemberImport.Result importFile(@RequestParam(required = false) String merchant, @RequestPart("file") MultipartFile file) throws IOException {
        try (var reader = new InputStreamReader(file.getInputStream(), StandardCharsets.UTF_8)) {
            return memberImport.load(merchant(merchant), reader);
        }
    }

    @GetMapping("/{id}")
    Member get(@PathVariable long id) {
        return members.findById(id).orElseThrow(() -> new NotFoundException("no member with id " + id));
    }

    /** Exactly one key per look-up; the answer is an array, empty when nobody matches. */
    @GetMapping
    List<Member> find(@RequestParam(required = false) String merchant,
                      @RequestParam(required = false) String card,
                      @RequestParam(required = false) String phone,
                      @RequestParam(required = false) String email,
                      @RequestParam(required = false) String externalId) {
        String m = merchant(merchant);
        if (card != null) {
            return members.findByKey(m, MemberKey.CARD, MemberKeys.card(card));
        }
        if (phone != null) {
            String e164 = MemberKeys.phone(phone, "ZZ");
            return e164 == null ? List.of() : members.findByKey(m, MemberKey.PHONE, e164);
        }
        if (email != null) {
            return members.findByKey(m, MemberKey.EMAIL, MemberKeys.email(email));
        }
        if (externalId != null) {
            return members.findByKey(m, MemberKey.EXTERNAL_ID, externalId.trim());
        }
        throw new IllegalArgumentException("give one of card, phone, email or externalId");
    }

    private String merchant(String merchant) {
        return merchant == null || merchant.isBlank() ? properties.defaultMerchant() : merchant.trim();
    }
}
