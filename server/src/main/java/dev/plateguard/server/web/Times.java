package dev.plateguard.server.web;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import org.springframework.stereotype.Component;

/**
 * Times as pages show them (templates call it as {@code @times}, mostly through the {@code time :: at} fragment):
 * in the time zone of the site where it happened, with UTC for the hover title, so that every time on a page is in
 * one zone and none is a raw ISO string.
 */
@Component("times")
public class Times {

    /** The zone of times that belong to no site (audit, accounts): the installation's, Uzbekistan's. */
    public static final String DEFAULT_ZONE = "Asia/Tashkent";

    private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    /** e.g. "2026-11-26 14:03:05" for 09:03:05Z at a site in Asia/Tashkent; "–" for none. */
    public String local(Instant at, String zone) {
        return at == null ? "–" : SHOWN.format(at.atZone(zone(zone)));
    }

    /** e.g. "2026-11-26 09:03:05 UTC", for a title. */
    public String utc(Instant at) {
        return at == null ? null : SHOWN.format(at.atOffset(ZoneOffset.UTC)) + " UTC";
    }

    private static ZoneId zone(String zone) {
        return ZoneId.of(zone == null || zone.isBlank() ? DEFAULT_ZONE : zone);
    }
}
