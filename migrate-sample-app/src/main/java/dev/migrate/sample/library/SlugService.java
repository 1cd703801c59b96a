package dev.migrate.sample.library;

import java.text.Normalizer;
import java.util.Locale;
import org.springframework.stereotype.Service;

/**
 * Turns titles into URL slugs. Used by the REST API and by the Java migration that backfills the
 * slugs of existing books, so both agree.
 */
@Service
public class SlugService {

    public String slugOf(String title) {
        String ascii = Normalizer.normalize(title, Normalizer.Form.NFD).replaceAll("\\p{M}", "");
        String slug = ascii.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
        return slug.isEmpty() ? "untitled" : slug;
    }
}
