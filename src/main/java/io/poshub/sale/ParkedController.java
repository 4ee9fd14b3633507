package io.poshub.sale;

import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.RestController;

/** Parked sales: the ones waiting for their member, and booking one by hand (contract §8). */
@Tag(name = "Parked sales")
@RestController
class ParkedController {

    private final ParkedSales parked;
    private final ParkedSaleViews views;

    ParkedController(ParkedSales parked, ParkedSaleViews views) {
        this.views = views;
        this.parked = parked;
    }

    record Assign(Long memberId) {
    }

    /** Open parked sales (or all with {@code open=false}), filterable by feed and by one member key. */
    @Operation(summary = "Parked sales of members not yet known")
    @GetMapping("/api/parked")
    List<ParkedSaleViews.Parked> list(@RequestParam(required = false) String feed, @RequestParam(required = false) String card,
                                  @RequestParam(required = false) String phone, @RequestParam(required = false) String email,
                                  @RequestParam(required = false) String externalId,
                                  @RequestParam(defaultValue = "true") boolean open,
                                  @RequestParam(defaultValue = "100") int limit) {
        if (limit < 1 || limit > 1000) {
            throw new IllegalArgumentException("limit must be between 1 and 1000");
        }
        return views.find(feed, card, phone, email, externalId, open, limit);
    }

    @Operation(summary = "Book a parked sale to a member")
    @PostMapping("/api/parked/{id}/assign")
    ParkedSaleViews.Parked assign(@PathVariable long id, @RequestBody Assign body) {
        if (body.memberId() == null) {
            throw new IllegalArgumentException("memberId is required");
        }
        return parked.assign(id, body.memberId());
    }
}
