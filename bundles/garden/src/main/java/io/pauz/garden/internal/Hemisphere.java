package io.pauz.garden.internal;

import java.time.ZoneId;
import java.util.Set;

/** Whether a time zone lies south of the equator, so that December is summer there. A zone is all we know. */
final class Hemisphere {
    private static final Set<String> SOUTHERN_PREFIXES = Set.of("Australia/", "Antarctica/", "America/Argentina/");
    private static final Set<String> SOUTHERN = Set.of("Pacific/Auckland", "Pacific/Chatham", "Pacific/Fiji",
            "Pacific/Tongatapu", "Pacific/Apia", "Pacific/Noumea", "Pacific/Port_Moresby", "Pacific/Tahiti",
            "America/Santiago", "America/Punta_Arenas", "America/Sao_Paulo", "America/Montevideo", "America/Asuncion",
            "America/La_Paz", "America/Lima", "America/Buenos_Aires", "Atlantic/Stanley", "Africa/Johannesburg",
            "Africa/Maputo", "Africa/Harare", "Africa/Lusaka", "Africa/Windhoek", "Africa/Gaborone", "Africa/Maseru",
            "Africa/Mbabane", "Africa/Blantyre", "Africa/Lubumbashi", "Africa/Dar_es_Salaam", "Africa/Luanda",
            "Indian/Antananarivo", "Indian/Mauritius", "Indian/Reunion", "Asia/Jakarta", "Asia/Makassar",
            "Asia/Jayapura", "Asia/Dili", "NZ", "Brazil/East");

    private Hemisphere() {
    }

    static boolean southern(ZoneId zone) {
        String id = zone == null ? "" : zone.getId();
        return SOUTHERN.contains(id) || SOUTHERN_PREFIXES.stream().anyMatch(id::startsWith);
    }
}
