package io.pauz.export.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "PAUZ export and import", description = "Journal exports as jobs and imports of exports")
public @interface ExportConfig {
    @AttributeDefinition(description = "Exports written at the same time (each uses one thread)")
    int workers() default 1;

    @AttributeDefinition(description = "Exports one user may have pending or running at once; more get 429")
    int max_active_per_user() default 3;

    @AttributeDefinition(description = "Hours an export file is kept; then it is deleted and the job reads 'expired'")
    int retention_hours() default 168;

    @AttributeDefinition(description = "Largest import file in bytes (a zip counts with its JSON unpacked)")
    long max_import_bytes() default 20L * 1024 * 1024;

    @AttributeDefinition(description = "Most entries plus sessions one export may hold")
    int max_items() default 20_000;

    @AttributeDefinition(description = "PDF page size: A5, A4 or LETTER")
    String pdf_page_size() default "A5";

    @AttributeDefinition(description = "Width in pixels of the garden picture on the PDF title page (0: none)")
    int pdf_garden_width() default 900;

    @AttributeDefinition(description = "Font files tried, in order, for characters the bundled DejaVu fonts lack (CJK, symbols)")
    String[] fallback_fonts() default { "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
            "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", "/usr/share/fonts/truetype/arphic/uming.ttc",
            "/usr/share/fonts/truetype/unfonts-core/UnDotum.ttf", "/usr/share/fonts/truetype/noto/NotoSansSymbols2-Regular.ttf",
            "/usr/share/fonts/truetype/noto/NotoSansSymbols-Regular.ttf", "/usr/share/fonts/truetype/ancient-scripts/Symbola_hint.ttf",
            "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc" };
}
