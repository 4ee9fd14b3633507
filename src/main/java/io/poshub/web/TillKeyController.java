package io.poshub.web;

import io.poshub.common.InvalidField;
import io.poshub.common.NotFound;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Till keys at run time (admins): make one (shown once), list them, revoke one. */
@Tag(name = "Till keys")
@RestController
@RequestMapping("/api/till-keys")
class TillKeyController {

    private final TillKeys keys;

    TillKeyController(TillKeys keys) {
        this.keys = keys;
    }

    record NewKey(String merchant, String store, String label) {
    }

    @Operation(summary = "Make a till key (shown once)")
    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    ResponseEntity<TillKeys.Created> create(@RequestBody NewKey body) {
        if (body.merchant() == null || body.merchant().isBlank()) {
            throw new InvalidField("merchant", "merchant is required");
        }
        if (body.label() == null || body.label().isBlank() || body.label().length() > 100) {
            throw new InvalidField("label", "label is required (up to 100 characters), so the key can be told apart");
        }
        String store = body.store() == null || body.store().isBlank() ? null : body.store().trim();
        TillKeys.Created created = keys.create(body.merchant().trim(), store, body.label().trim());
        return ResponseEntity.created(URI.create("/api/till-keys/" + created.id())).body(created);
    }

    @Operation(summary = "Till keys, without the keys")
    @GetMapping
    List<TillKeys.TillKey> all() {
        return keys.all();
    }

    @Operation(summary = "Revoke a till key")
    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void revoke(@PathVariable long id) {
        if (!keys.revoke(id)) {
            throw new NotFound("no till key with id " + id);
        }
    }
}
