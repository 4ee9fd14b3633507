package io.poshub.ingest;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.poshub.common.NotFound;
import io.poshub.ingest.ImportFiles.ImportFile;
import io.poshub.sale.Reject;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Imports: what each file did, and why rows were rejected (contract §8). */
@Tag(name = "Imports")
@RestController
@RequestMapping("/api/imports")
class ImportController {

    private final ImportFiles importFiles;

    ImportController(ImportFiles importFiles) {
        this.importFiles = importFiles;
    }

    /** An import with its rejects. */
    record ImportDetail(@JsonUnwrapped ImportFile importFile, List<Reject> rejects) {
    }

    @Operation(summary = "Imports, newest first, with their counts")
    @GetMapping
    List<ImportFile> list(@RequestParam(required = false) String feed,
                          @RequestParam(required = false) ImportStatus status,
                          @RequestParam(required = false) LocalDate date,
                          @RequestParam(defaultValue = "100") int limit) {
        if (limit < 1 || limit > 1000) {
            throw new IllegalArgumentException("limit must be between 1 and 1000");
        }
        return importFiles.find(feed, status, date, limit);
    }

    /** Sales booked per day and feed over the last {@code days} days (UTC days, by when each file finished). */
    @Operation(summary = "Sales booked per day and feed")
    @GetMapping("/daily")
    List<ImportFiles.Daily> daily(@RequestParam(defaultValue = "14") int days) {
        if (days < 1 || days > 366) {
            throw new IllegalArgumentException("days must be between 1 and 366");
        }
        return importFiles.daily(LocalDate.now(ZoneOffset.UTC).minusDays(days - 1L));
    }

    @Operation(summary = "One import with its rejected rows")
    @GetMapping("/{id}")
    ImportDetail get(@PathVariable long id) {
        ImportFile file = importFiles.findById(id).orElseThrow(() -> new NotFound("no import with id " + id));
        return new ImportDetail(file, importFiles.rejects(id));
    }
}
