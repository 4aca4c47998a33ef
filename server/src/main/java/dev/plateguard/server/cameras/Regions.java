package dev.plateguard.server.cameras;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import dev.plateguard.plates.Country;
import dev.plateguard.server.audit.AuditLog;
import dev.plateguard.server.validation.FieldProblem;
import dev.plateguard.server.validation.Refusal;
import dev.plateguard.server.validation.SafeText;

/**
 * The managed list of regions and their cities that sites choose from ({@code V30__regions_and_cities.sql}):
 * Uzbekistan's 14 regions and their main cities, and what administrators add. Regions and cities drive filters (the
 * review queue's regions, the live page's cities, users' scopes), so a site names a listed region and one of its
 * listed cities, never free text. Sites store the English name; pages show the name in their language (templates call
 * this as {@code @regions}). A name given in another of its spellings (Uzbek, Russian, the ISO 3166-2 code, without
 * "region" or "viloyati", any case) is stored as the list's name, so that one place never becomes two filter entries.
 */
@Service("regions")
public class Regions {

    /** A city of a region, with its names in the three languages of the pages. */
    public record City(String region, String name, String nameUz, String nameRu) {

        /** The name in a language (en, uz, ru). */
        public String in(Locale locale) {
            return pick(locale, name, nameUz, nameRu);
        }
    }

    /**
     * A region, with its names and cities.
     *
     * @param isoCode   ISO 3166-2, e.g. {@code UZ-TK}; null for a region an administrator added without one
     * @param plateCode the Uzbek plate region code, e.g. {@code 01}; null outside Uzbekistan
     */
    public record Region(String name, String nameUz, String nameRu, String isoCode, String plateCode, List<City> cities) {

        public String in(Locale locale) {
            return pick(locale, name, nameUz, nameRu);
        }
    }

    /** What an administrator adds: a region (the Uzbek and Russian names default to the English one). */
    public record RegionForm(String name, String nameUz, String nameRu, String isoCode) {
    }

    /** What an administrator adds: a city of a listed region. */
    public record CityForm(String region, String name, String nameUz, String nameRu) {
    }

    /** The list as read at one moment, with every spelling of each name. */
    private record Snapshot(List<Region> regions, Map<String, Region> regionBySpelling, Instant readAt) {
    }

    /** Another instance may add to the list: read it again at least this often. */
    private static final Duration FRESH = Duration.ofSeconds(30);

    private final JdbcClient jdbc;
    private final AuditLog audit;
    private volatile Snapshot snapshot;

    Regions(JdbcClient jdbc, AuditLog audit) {
        this.jdbc = jdbc;
        this.audit = audit;
    }

    /** Every region, in the list's order (Uzbekistan's by plate code, then those added, by name), with its cities. */
    public List<Region> all() {
        return current().regions();
    }

    /** The region of this name or spelling. */
    public Optional<Region> region(String given) {
        if (given == null) {
            return Optional.empty();
        }
        Map<String, Region> bySpelling = current().regionBySpelling();
        Region found = bySpelling.get(spelling(given));
        return Optional.ofNullable(found != null ? found : bySpelling.get(spelling(bare(given))));
    }

    /** A region's name without the word for "region": "Qashqadaryo region" → "Qashqadaryo". */
    private static String bare(String name) {
        return name.strip().replaceAll("(?i) (region|viloyati|shahri|область)$", "");
    }

    /**
     * A region's name in the page's language; also for the English region names that plate texts give (module
     * plates, e.g. "Navoi" for the code 85). A name not on the list is shown as it is.
     */
    public String label(String region) {
        return region(region).map(r -> r.in(LocaleContextHolder.getLocale())).orElse(region);
    }

    /** A city's name in the page's language (the first listed city of that name); as it is when not listed. */
    public String cityLabel(String city) {
        if (city == null) {
            return null;
        }
        for (Region region : all()) {
            for (City c : region.cities()) {
                if (c.name().equals(city)) {
                    return c.in(LocaleContextHolder.getLocale());
                }
            }
        }
        return city;
    }

    /**
     * The form with the list's names for its region and city; a problem for each that is not on the list (unless the
     * field has a problem already).
     */
    SiteForm listed(SiteForm form, List<FieldProblem> errors) {
        boolean regionChecked = errors.stream().anyMatch(p -> p.field().equals("region"));
        boolean cityChecked = errors.stream().anyMatch(p -> p.field().equals("city"));
        if (regionChecked) {
            return form;
        }
        Optional<Region> region = region(form.region());
        if (region.isEmpty()) {
            errors.add(FieldProblem.coded("region", "unknownRegion",
                    "is not on the list of regions (GET /api/v1/regions; an administrator adds one)"));
            return form;
        }
        Optional<City> city = cityIn(region.get(), form.city());
        if (city.isEmpty()) {
            if (!cityChecked) {
                errors.add(FieldProblem.coded("city", "unknownCity",
                        "is not on the list of cities of " + region.get().name() + " (an administrator adds one)"));
            }
            return form;
        }
        return new SiteForm(form.name(), city.get().name(), region.get().name(), form.latitude(), form.longitude(),
                form.address(), form.timezone(), form.plateCountry());
    }

    @Transactional
    public Region addRegion(RegionForm form) {
        List<FieldProblem> errors = new ArrayList<>();
        String name = form == null ? null : form.name();
        SafeText.require("name", name, 80, errors);
        SafeText.check("nameUz", form == null ? null : form.nameUz(), 80, errors);
        SafeText.check("nameRu", form == null ? null : form.nameRu(), 80, errors);
        String iso = form == null || form.isoCode() == null || form.isoCode().isBlank() ? null
                : form.isoCode().strip().toUpperCase(Locale.ROOT);
        if (iso != null && !iso.matches("[A-Z]{2}-[A-Z0-9]{1,3}")) {
            errors.add(FieldProblem.coded("isoCode", "isoCode", "is not an ISO 3166-2 code such as UZ-TK"));
        }
        if (!errors.isEmpty()) {
            throw Refusal.invalid(errors);
        }
        name = name.strip();
        if (region(name).isPresent() || iso != null && region(iso).isPresent()) {
            throw Refusal.conflict("the region '" + name + "' is on the list already", "regionListed");
        }
        jdbc.sql("insert into region (name, name_uz, name_ru, iso_code) values (?, ?, ?, ?)")
                .params(name, orName(form.nameUz(), name), orName(form.nameRu(), name), iso).update();
        audit.record("region.create", "region:" + name, AuditLog.Outcome.SUCCESS, Map.of("name", name));
        forgetAfterCommit();
        return listedNow(name);
    }

    @Transactional
    public City addCity(CityForm form) {
        List<FieldProblem> errors = new ArrayList<>();
        SafeText.require("region", form == null ? null : form.region(), 80, errors);
        SafeText.require("name", form == null ? null : form.name(), 80, errors);
        SafeText.check("nameUz", form == null ? null : form.nameUz(), 80, errors);
        SafeText.check("nameRu", form == null ? null : form.nameRu(), 80, errors);
        Optional<Region> region = errors.stream().anyMatch(p -> p.field().equals("region")) ? Optional.empty()
                : region(form.region());
        if (errors.isEmpty() && region.isEmpty()) {
            errors.add(FieldProblem.coded("region", "unknownRegion", "is not on the list of regions"));
        }
        if (!errors.isEmpty()) {
            throw Refusal.invalid(errors);
        }
        String name = form.name().strip();
        if (cityIn(region.get(), name).isPresent()) {
            throw Refusal.conflict("'" + name + "' is on the list of " + region.get().name() + " already", "cityListed");
        }
        jdbc.sql("insert into city (region, name, name_uz, name_ru) values (?, ?, ?, ?)")
                .params(region.get().name(), name, orName(form.nameUz(), name), orName(form.nameRu(), name)).update();
        audit.record("city.create", "city:" + region.get().name() + "/" + name, AuditLog.Outcome.SUCCESS,
                Map.of("region", region.get().name(), "name", name));
        forgetAfterCommit();
        return cityIn(listedNow(region.get().name()), name).orElseThrow();
    }

    /** The region as the list holds it in this transaction: the cached list may predate an insert just made. */
    private Region listedNow(String name) {
        return read().regions().stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow();
    }

    /**
     * Drops the cached list now and again once the transaction commits: a request that read the list while the
     * insert was not yet committed may have cached it without the new name (sites are often added in parallel
     * right after their town).
     */
    private void forgetAfterCommit() {
        snapshot = null;
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    snapshot = null;
                }
            });
        }
    }

    private static Optional<City> cityIn(Region region, String given) {
        if (given == null) {
            return Optional.empty();
        }
        String wanted = spelling(given);
        return region.cities().stream().filter(c -> wanted.equals(spelling(c.name())) || wanted.equals(spelling(c.nameUz()))
                || wanted.equals(spelling(c.nameRu()))).findFirst();
    }

    private Snapshot current() {
        Snapshot s = snapshot;
        if (s == null || s.readAt().isBefore(Instant.now().minus(FRESH))) {
            s = read();
            snapshot = s;
        }
        return s;
    }

    private Snapshot read() {
        Map<String, List<City>> cities = new HashMap<>();
        jdbc.sql("select region, name, name_uz, name_ru from city order by ordinal, name")
                .query((rs, n) -> new City(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)))
                .list().forEach(c -> cities.computeIfAbsent(c.region(), k -> new ArrayList<>()).add(c));
        List<Region> regions = jdbc.sql("select name, name_uz, name_ru, iso_code, plate_code from region order by ordinal, name")
                .query((rs, n) -> new Region(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), List.copyOf(cities.getOrDefault(rs.getString(1), List.of()))))
                .list();
        Map<String, Region> bySpelling = new LinkedHashMap<>();
        // Less certain spellings first, so that a region's own names win where two regions share one.
        for (Region r : regions) {
            if (r.plateCode() != null) {
                Country.UZ.regionName(r.plateCode()).ifPresent(plates -> bySpelling.put(spelling(plates), r));
            }
            for (String name : List.of(r.name(), r.nameUz(), r.nameRu())) {
                bySpelling.putIfAbsent(spelling(bare(name)), r);
            }
        }
        for (Region r : regions) {
            for (String name : new String[] {r.name(), r.nameUz(), r.nameRu(), r.isoCode()}) {
                if (name != null) {
                    bySpelling.put(spelling(name), r);
                }
            }
        }
        // "Tashkent" alone names the capital more often than the region around it (as V30 decided for old sites).
        regions.stream().filter(r -> "UZ-TK".equals(r.isoCode())).findFirst().ifPresent(capital ->
                List.of("tashkent", "toshkent", "ташкент").forEach(name -> bySpelling.put(name, capital)));
        return new Snapshot(List.copyOf(regions), Map.copyOf(bySpelling), Instant.now());
    }

    /** The key a spelling is looked up by: case and the Uzbek apostrophes' variants do not matter. */
    private static String spelling(String name) {
        return name.strip().toLowerCase(Locale.ROOT).replace('\u2018', '\'').replace('`', '\'').replace('\u02bb', '\'');
    }

    private static String orName(String translated, String name) {
        return translated == null || translated.isBlank() ? name : translated.strip();
    }

    private static String pick(Locale locale, String en, String uz, String ru) {
        return switch (locale == null ? "en" : locale.getLanguage()) {
            case "uz" -> uz;
            case "ru" -> ru;
            default -> en;
        };
    }
}
