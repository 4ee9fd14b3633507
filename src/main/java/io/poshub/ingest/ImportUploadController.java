package io.poshub.ingest;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/** Upload, preview and reprocess of files by an admin (contract §8). */
@Tag(name = "Imports")
@RestController
class ImportUploadController {

    private final ManualImports imports;

    /** A file taken on as an import: follow it at GET /api/imports/{importId}. */
    record ImportAccepted(@Schema(example = "42") long importId) {
    }

    ImportUploadController(ManualImports imports) {
        this.imports = imports;
    }

    @Operation(summary = "Upload a file to a folder feed")
    @PostMapping(path = "/api/feeds/{feed}/uploads", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @ResponseStatus(HttpStatus.ACCEPTED)
    ImportAccepted file(@PathVariable String feed, @RequestPart("file") MultipartFile file) throws IOException {
        // Streamed from the upload as spooled to disk: a file of a gigabyte never sits in the heap.
        long id = imports.upload(feed, file.getOriginalFilename(), file::getInputStream);
        return new ImportAccepted(id);
    }

    @Operation(summary = "What a file would do to a feed, with nothing written")
    @PostMapping(path = "/api/feeds/{feed}/preview", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    ManualImports.Preview preview(@PathVariable String feed, @RequestPart("file") MultipartFile file,
                                  @RequestParam(defaultValue = "" + ManualImports.PREVIEW_LIMIT) int limit) {
        // Streamed from the upload as spooled to disk, never the whole file in memory.
        return imports.preview(feed, file::getInputStream, limit);
    }

    @Operation(summary = "Run an archived file again as a new import")
    @PostMapping("/api/imports/{id}/reprocess")
    @ResponseStatus(HttpStatus.ACCEPTED)
    ImportAccepted reprocess(@PathVariable long id) {
        return new ImportAccepted(imports.reprocess(id));
    }
}
