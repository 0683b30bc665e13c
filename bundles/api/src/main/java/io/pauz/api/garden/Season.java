package io.pauz.api.garden;

import java.time.LocalDate;
import java.time.Month;

/** Meteorological seasons; the southern hemisphere is shifted by half a year. */
public enum Season {
    SPRING, SUMMER, AUTUMN, WINTER;

    public static Season of(LocalDate date, boolean southernHemisphere) {
        Month m = date.getMonth();
        Season north = switch (m) {
            case MARCH, APRIL, MAY -> SPRING;
            case JUNE, JULY, AUGUST -> SUMMER;
            case SEPTEMBER, OCTOBER, NOVEMBER -> AUTUMN;
            default -> WINTER;
        };
        return southernHemisphere ? values()[(north.ordinal() + 2) % 4] : north;
    }
}
