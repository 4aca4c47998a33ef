package dev.plateguard.server.violations;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import dev.plateguard.server.PlateGuardProperties;
import dev.plateguard.server.registry.RegistryAnswer;
import dev.plateguard.server.registry.RegistryRecheckQueue;
import dev.plateguard.server.registry.VehicleRecord;
import dev.plateguard.server.registry.VehicleRegistry;

/**
 * The registry rules: unregistered vehicle (no registration on record, or one expired or suspended on the offence
 * date) and no insurance. Unlike the pure rules they ask the {@link VehicleRegistry}: answers for a batch's plates
 * are fetched before its transaction opens ({@link #prefetch}); {@link #judge} is pure. One rule to the runner
 * (name {@code registry}, switchable per camera), it records as {@code registration} and {@code insurance}.
 *
 * <p>Only reads with a plate and a country the registry {@link VehicleRegistry#covers covers} are checked. An
 * UNAVAILABLE answer never flags: the read goes to the {@link RegistryRecheckQueue} ({@link RegistryRechecks}).
 *
 * <p>Off unless {@code plateguard.violations.registry-checks} is true: with an empty local registry every plate
 * would be NOT_FOUND, so the checks are switched on once the registry is loaded (or in {@code http} mode).
 */
@Component
@Order(2)
public class RegistryRules implements ViolationRule {

    private static final Logger log = LoggerFactory.getLogger(RegistryRules.class);

    /** Rule name (and {@code violation_read} key) of the registration check; offence {@code unregistered}. */
    public static final String REGISTRATION = "registration";
    /** Rule name (and {@code violation_read} key) of the insurance check; offence {@code no_insurance}. */
    public static final String INSURANCE = "insurance";
    /** The name the runner and the per-camera rule settings know the registry checks by. */
    public static final String NAME = "registry";
    static final String UNREGISTERED = "unregistered";
    static final String NO_INSURANCE = "no_insurance";

    /** One finding of a registry rule. */
    record Judged(String rule, Finding finding) {
    }

    private final VehicleRegistry configured;
    private final RegistryRecheckQueue queue;
    private final JdbcClient jdbc;
    private volatile VehicleRegistry registry;
    private volatile boolean enabled;

    RegistryRules(VehicleRegistry registry, RegistryRecheckQueue queue, JdbcClient jdbc,
                  PlateGuardProperties properties) {
        this.configured = registry;
        this.registry = registry;
        this.queue = queue;
        this.jdbc = jdbc;
        this.enabled = properties.violations().registryChecks();
    }

    public boolean enabled() {
        return enabled;
    }

    @Override
    public String name() {
        return NAME;
    }

    /** The batch's answers, keyed {@code COUNTRY/PLATE}: prefetched, then read by every read of the batch. */
    private record Prefetched(Map<String, RegistryAnswer> answers) {

        static Map<String, RegistryAnswer> of(DetectionBatch batch) {
            return batch.memo(Prefetched.class, () -> new Prefetched(new HashMap<>())).answers();
        }
    }

    /** Asks the registry for the batch's plates before its transaction (a slow registry holds no lock). */
    @Override
    public void prefetch(Supplier<List<PlateKey>> plates, DetectionBatch batch) {
        if (!enabled) {
            return;
        }
        Map<String, RegistryAnswer> answers = Prefetched.of(batch);
        for (PlateKey key : plates.get()) {
            if (covered(key.country(), key.plate())) {
                answers.computeIfAbsent(key.country() + "/" + key.plate(), k -> lookup(key.country(), key.plate()));
            }
        }
    }

    /**
     * Judges a read on its own plate. UNAVAILABLE flags nothing and queues the read for a re-check
     * ({@link RegistryRechecks}).
     */
    @Override
    public List<RuleFinding> findings(ReadFacts read, DetectionBatch batch) {
        if (!applies(read)) {
            return List.of();
        }
        String country = read.plateCountry();
        RegistryAnswer answer = Prefetched.of(batch).get(country + "/" + read.plate());
        if (answer == null) {
            answer = lookup(country, read.plate());
        }
        if (!answer.definitive()) {
            queue.enqueue(read.readId(), country, read.plate());
            return List.of();
        }
        return findings(read, country, read.plate(), answer, batch.catalogue());
    }

    /**
     * What a definitive answer for {@code plate} means for a read ({@code plate} is the read's own or an operator's
     * correction): findings keyed per rule and plate, so a read is judged once per plate.
     */
    List<RuleFinding> findings(ReadFacts original, String country, String plate, RegistryAnswer answer,
                               Catalogue catalogue) {
        ReadFacts read = plate.equals(original.plate()) && country.equals(original.plateCountry())
                ? original : original.withPlate(plate, country);
        return judge(read, answer, catalogue).stream()
                .map(judged -> new RuleFinding(judged.rule(), linkRule(judged.rule(), original, plate), read,
                        judged.finding(), true, List.of(), null))
                .toList();
    }

    /** For tests sharing one application context: switch the checks on or off. */
    void enabled(boolean on) {
        this.enabled = on;
    }

    /** For tests: ask another registry (e.g. an HTTP adapter against a fake service); null restores the bean. */
    void use(VehicleRegistry other) {
        this.registry = other == null ? configured : other;
    }

    RegistryRecheckQueue queue() {
        return queue;
    }

    /** Whether a read is checked: the checks are on, it has a plate, and the registry covers its country. */
    boolean applies(ReadFacts read) {
        return enabled && covered(read.plateCountry(), read.plate());
    }

    boolean covered(String country, String plate) {
        return plate != null && country != null && !country.isBlank() && !"UNKNOWN".equals(country)
                && registry.covers(country);
    }

    /**
     * What the registry says now about a plate, for a person checking a violation (the review page shows it, so that
     * a corrected plate is checked again in front of the reviewer): empty while the checks are off, or when the
     * registry does not cover the plate's country. A registry failure is an UNAVAILABLE answer, never an exception.
     */
    public Optional<RegistryAnswer> answerNow(String country, String plate) {
        return enabled && covered(country, plate) ? Optional.of(lookup(country, plate)) : Optional.empty();
    }

    /** Asks the registry; a key it refuses (not a known country, plate not normalised) is UNAVAILABLE, logged. */
    RegistryAnswer lookup(String country, String plate) {
        try {
            return registry.lookup(country, plate);
        } catch (IllegalArgumentException e) {
            log.warn("registry lookup refused for a {} plate: {}", country, e.getMessage());
            return RegistryAnswer.unavailable("refused key");
        }
    }

    /**
     * What a definitive answer means for a read on its offence date (the capture date in the site's zone):
     * FOUND is judged on {@link VehicleRecord#registeredOn} and {@link VehicleRecord#insuredOn}; NOT_FOUND is
     * unregistered (the caller has checked that the registry covers the country). UNAVAILABLE judges nothing.
     * Measured values name the registration and insurance status and dates, never owner data.
     */
    static List<Judged> judge(ReadFacts read, RegistryAnswer answer, Catalogue catalogue) {
        LocalDate day = read.capturedAt().atZone(read.siteZone()).toLocalDate();
        List<Judged> out = new ArrayList<>();
        switch (answer) {
            case RegistryAnswer.Found found -> {
                VehicleRecord v = found.vehicle();
                if (!v.registeredOn(day)) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("registry", "found");
                    m.put("offenceDate", day.toString());
                    m.put("registrationStatus", v.status().name());
                    m.put("registrationValidUntil", v.registrationValidUntil().toString());
                    finding(UNREGISTERED, m, catalogue).ifPresent(f -> out.add(new Judged(REGISTRATION, f)));
                }
                if (!v.insuredOn(day)) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("registry", "found");
                    m.put("offenceDate", day.toString());
                    m.put("insuranceOnRecord", v.insuranceValidUntil() != null);
                    if (v.insuranceValidUntil() != null) {
                        m.put("insuranceValidUntil", v.insuranceValidUntil().toString());
                    }
                    finding(NO_INSURANCE, m, catalogue).ifPresent(f -> out.add(new Judged(INSURANCE, f)));
                }
            }
            case RegistryAnswer.NotFound notFound -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("registry", "not_found");
                m.put("offenceDate", day.toString());
                m.put("country", read.plateCountry());
                finding(UNREGISTERED, m, catalogue).ifPresent(f -> out.add(new Judged(REGISTRATION, f)));
            }
            case RegistryAnswer.Unavailable unavailable -> {
                // nothing is known: never flag
            }
        }
        return out;
    }

    private static Optional<Finding> finding(String code, Map<String, Object> measured, Catalogue catalogue) {
        Optional<Catalogue.Offence> offence = catalogue.offence(code);
        if (offence.isEmpty()) {
            log.warn("catalogue {} has no offence {}; registry finding not recorded", catalogue.version(), code);
            return Optional.empty();
        }
        return Optional.of(new Finding(code, offence.get().article(), offence.get().fineBrv(), ViolationState.DETECTED,
                measured, false));
    }

    /**
     * The {@code violation_read} key of a registry rule for a read judged under {@code plate}: the rule's name for
     * the plate the camera sent, {@code rule/PLATE} for a corrected one (a read may be judged once per plate).
     */
    static String linkRule(String rule, ReadFacts original, String plate) {
        return plate.equals(original.plate()) ? rule : rule + "/" + plate;
    }

    /**
     * An operator corrected the plate of a violation resting on {@code readId}: queue a registry check of the
     * corrected plate, due at once, in the caller's transaction. Nothing is queued while the checks are off, or
     * when the read's country is unknown or not covered.
     *
     * @return whether a check was queued
     */
    public boolean recheckCorrected(long readId, String correctedPlate) {
        if (!enabled) {
            return false;
        }
        String country = jdbc.sql("select plate_country from plate_read where id = ?").param(readId)
                .query(String.class).optional().orElse(null);
        if (!covered(country, correctedPlate)) {
            return false;
        }
        try {
            queue.enqueueNow(readId, country, correctedPlate);
            return true;
        } catch (IllegalArgumentException e) {
            log.warn("read {}: corrected plate not queued for a registry check: {}", readId, e.getMessage());
            return false;
        }
    }
}
