package io.poshub.ingest;

import java.io.IOException;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestPart;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/** Mappings in the console (admin): open, check, try, save, and a sample file looked at for the new-mapping wizard. */
@Tag(name = "Mappings")
@RestController
@RequestMapping("/api/mappings")
class MappingController {

    private final MappingEditor editor;

    MappingController(MappingEditor editor) {
        this.editor = editor;
    }

    @Operation(summary = "The mappings in mappings/")
    @GetMapping
    List<MappingEditor.Entry> list() {
        return editor.list();
    }

    @Operation(summary = "A mapping's text")
    @GetMapping(path = "/{name}", produces = MediaType.TEXT_PLAIN_VALUE)
    String text(@PathVariable String name) {
        return editor.text(name);
    }

    @Operation(summary = "Check a mapping's text without saving it")
    @PostMapping(path = "/{name}/check", consumes = MediaType.TEXT_PLAIN_VALUE)
    MappingEditor.Check check(@PathVariable String name, @RequestBody String text) {
        return editor.check(name, text);
    }

    @Operation(summary = "What a sample file would do under an edited mapping")
    @PostMapping(path = "/{name}/try", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    ManualImports.Preview tryOn(@PathVariable String name, @RequestPart("text") String text, @RequestPart("file") MultipartFile file)
            throws IOException {
        // Streamed from the upload as spooled to disk: a big sample never sits whole in the heap.
        return editor.tryOn(name, text, file::getInputStream);
    }

    @Operation(summary = "Save a mapping (checked first)")
    @PutMapping(path = "/{name}", consumes = MediaType.TEXT_PLAIN_VALUE)
    MappingEditor.Check save(@PathVariable String name, @RequestBody String text) {
        return editor.save(name, text);
    }

    @Operation(summary = "Propose a mapping for a sample file")
    @PostMapping(path = "/sniff", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    MappingEditor.Sample sniff(@RequestPart("file") MultipartFile file) throws IOException {
        try (var head = file.getInputStream()) {
            return editor.sniff(head.readNBytes(MappingEditor.SNIFF_BYTES));
        }
    }
}
