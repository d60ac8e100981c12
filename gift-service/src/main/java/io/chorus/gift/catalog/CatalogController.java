package io.chorus.gift.catalog;

import io.chorus.gift.config.GiftProperties;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/gifts/catalog}: the gifts a user can send, from configuration. */
@RestController
class CatalogController {

    private final List<GiftProperties.CatalogItem> catalog;

    CatalogController(GiftProperties properties) {
        this.catalog = List.copyOf(properties.catalog());
    }

    @GetMapping("/api/gifts/catalog")
    List<GiftProperties.CatalogItem> catalog() {
        return catalog;
    }
}
