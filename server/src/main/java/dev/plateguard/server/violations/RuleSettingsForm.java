package dev.plateguard.server.violations;

import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import dev.plateguard.server.validation.FieldProblem;
import dev.plateguard.server.validation.SafeText;

/**
 * The rule settings of one site or one camera, as a supervisor puts them
 * ({@code PUT /api/v1/rules/settings/sites/{id}} or {@code .../cameras/{id}}) and as they are stored. A whole
 * replacement, not a patch. A field left out (or null) is inherited: a camera's from its site, a site's from the
 * defaults (every rule on, the catalogue's grace and threshold, no bus lanes). An empty {@code disabledRules} or
 * {@code busLanes} list is a value of its own: "none here", overriding the site's.
 *
 * @param disabledRules               rule names switched off
 * @param redLightGraceSeconds        0-60 s, at most 3 decimals
 * @param occupantConfidenceThreshold above 0, at most 1, at most 3 decimals
 * @param busLanes                    lanes reserved for buses
 * @param note                        why it was changed (kept in the history), optional
 */
public record RuleSettingsForm(List<String> disabledRules, BigDecimal redLightGraceSeconds,
                               BigDecimal occupantConfidenceThreshold, List<BusLaneForm> busLanes, String note) {

    static final int MAX_RULES = 32;
    static final int MAX_WINDOWS = 20;
    static final int MAX_TYPES = 20;
    private static final BigDecimal MAX_GRACE = BigDecimal.valueOf(60);
    private static final Pattern TIME = Pattern.compile("([01][0-9]|2[0-3]):[0-5][0-9]");
    private static final String END_OF_DAY = "24:00";
    private static final List<String> DAY_CODES = List.of("mon", "tue", "wed", "thu", "fri", "sat", "sun");

    /**
     * A bus lane: {@code lane} 1-16 (from the kerb, as cameras number lanes); an empty or missing schedule means
     * always; missing {@code allowedVehicleTypes} means {@code ["bus"]}.
     */
    public record BusLaneForm(Integer lane, List<WindowForm> schedule, List<String> allowedVehicleTypes) {
    }

    /**
     * A window of a bus lane's schedule in the site's time zone: {@code days} ({@code mon}..{@code sun} or full
     * English names; missing means every day), {@code from} inclusive and {@code to} exclusive as {@code HH:mm}
     * ({@code to} may be {@code 24:00}). {@code to} before {@code from} crosses midnight and belongs to the day it
     * starts.
     */
    public record WindowForm(List<String> days, String from, String to) {
    }

    /**
     * Checks every field against {@code ruleNames} (the rules detection can switch off) and answers the settings
     * normalised for storage: day codes in week order, lower-case vehicle types, defaults written out. Problems are
     * added to {@code errors}, named by JSON path, in document order; the result is meaningless when there are any.
     */
    RuleSettingsForm normalise(Collection<String> ruleNames, List<FieldProblem> errors) {
        List<String> rules = rules(ruleNames, errors);
        decimal(errors, RuleSettings.RED_LIGHT_GRACE, redLightGraceSeconds, false, MAX_GRACE, "must be 0-60 seconds with at most 3 decimals");
        decimal(errors, RuleSettings.OCCUPANT_THRESHOLD, occupantConfidenceThreshold, true, BigDecimal.ONE,
                "must be above 0 and at most 1, with at most 3 decimals");
        List<BusLaneForm> lanes = busLanes(errors);
        SafeText.check("note", note, 500, errors);
        return new RuleSettingsForm(rules, Catalogue.plain(redLightGraceSeconds), Catalogue.plain(occupantConfidenceThreshold),
                lanes, note == null || note.isBlank() ? null : note.strip());
    }

    private List<String> rules(Collection<String> ruleNames, List<FieldProblem> errors) {
        if (disabledRules == null) {
            return null;
        }
        if (disabledRules.size() > MAX_RULES) {
            errors.add(new FieldProblem(RuleSettings.DISABLED_RULES, "must list at most " + MAX_RULES + " rules"));
            return List.of();
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < disabledRules.size(); i++) {
            String rule = disabledRules.get(i);
            String field = RuleSettings.DISABLED_RULES + "[" + i + "]";
            if (rule == null || rule.isBlank()) {
                errors.add(new FieldProblem(field, "is required"));
            } else if (!ruleNames.contains(rule)) {
                errors.add(new FieldProblem(field, "is not a rule that can be switched off; one of: "
                        + String.join(", ", new TreeSet<>(ruleNames))));
            } else if (!seen.add(rule)) {
                errors.add(new FieldProblem(field, "is listed twice"));
            }
        }
        return List.copyOf(new TreeSet<>(seen));
    }

    private List<BusLaneForm> busLanes(List<FieldProblem> errors) {
        if (busLanes == null) {
            return null;
        }
        if (busLanes.size() > 16) {
            errors.add(new FieldProblem(RuleSettings.BUS_LANES, "must list at most 16 lanes"));
            return List.of();
        }
        List<BusLaneForm> out = new ArrayList<>();
        Set<Integer> lanes = new HashSet<>();
        for (int i = 0; i < busLanes.size(); i++) {
            BusLaneForm b = busLanes.get(i);
            String p = RuleSettings.BUS_LANES + "[" + i + "]";
            if (b == null) {
                errors.add(new FieldProblem(p, "is required"));
                continue;
            }
            if (b.lane() == null) {
                errors.add(new FieldProblem(p + ".lane", "is required"));
            } else if (b.lane() < 1 || b.lane() > 16) {
                errors.add(new FieldProblem(p + ".lane", "must be 1-16"));
            } else if (!lanes.add(b.lane())) {
                errors.add(new FieldProblem(p + ".lane", "is listed twice"));
            }
            out.add(new BusLaneForm(b.lane(), schedule(p + ".schedule", b.schedule(), errors),
                    types(p + ".allowedVehicleTypes", b.allowedVehicleTypes(), errors)));
        }
        return out;
    }

    private static List<WindowForm> schedule(String p, List<WindowForm> schedule, List<FieldProblem> errors) {
        if (schedule == null) {
            return List.of();
        }
        if (schedule.size() > MAX_WINDOWS) {
            errors.add(new FieldProblem(p, "must list at most " + MAX_WINDOWS + " windows"));
            return List.of();
        }
        List<WindowForm> out = new ArrayList<>();
        for (int i = 0; i < schedule.size(); i++) {
            WindowForm w = schedule.get(i);
            String q = p + "[" + i + "]";
            if (w == null) {
                errors.add(new FieldProblem(q, "is required"));
                continue;
            }
            List<String> days = days(q + ".days", w.days(), errors);
            boolean fromOk = time(q + ".from", w.from(), false, errors);
            boolean toOk = time(q + ".to", w.to(), true, errors);
            if (fromOk && toOk && w.from().equals(w.to())) {
                errors.add(new FieldProblem(q + ".to", "must differ from from (leave the schedule out for all day, every day)"));
            }
            out.add(new WindowForm(days, w.from(), w.to()));
        }
        return out;
    }

    private static List<String> days(String p, List<String> days, List<FieldProblem> errors) {
        if (days == null) {
            return DAY_CODES;
        }
        if (days.isEmpty()) {
            errors.add(new FieldProblem(p, "must list at least one day, or be left out for every day"));
            return List.of();
        }
        if (days.size() > 7) {
            errors.add(new FieldProblem(p, "must list at most 7 days"));
            return List.of();
        }
        Set<DayOfWeek> seen = EnumSet.noneOf(DayOfWeek.class);
        for (int i = 0; i < days.size(); i++) {
            DayOfWeek day = day(days.get(i));
            String field = p + "[" + i + "]";
            if (day == null) {
                errors.add(new FieldProblem(field, "must be a day of the week: mon, tue, wed, thu, fri, sat or sun"));
            } else if (!seen.add(day)) {
                errors.add(new FieldProblem(field, "is listed twice"));
            }
        }
        return seen.stream().map(d -> DAY_CODES.get(d.getValue() - 1)).toList();
    }

    /** {@code mon} or {@code monday}, any case; null for anything else. */
    static DayOfWeek day(String text) {
        if (text == null) {
            return null;
        }
        String t = text.strip().toLowerCase(Locale.ROOT);
        for (DayOfWeek d : DayOfWeek.values()) {
            String code = DAY_CODES.get(d.getValue() - 1);
            if (t.equals(code) || t.equals(d.name().toLowerCase(Locale.ROOT))) {
                return d;
            }
        }
        return null;
    }

    private static boolean time(String field, String value, boolean endOfDay, List<FieldProblem> errors) {
        if (value == null) {
            errors.add(new FieldProblem(field, "is required (HH:mm, site time)"));
            return false;
        }
        if (TIME.matcher(value).matches() || endOfDay && END_OF_DAY.equals(value)) {
            return true;
        }
        errors.add(new FieldProblem(field, endOfDay ? "must be a time HH:mm from 00:00 to 24:00"
                : "must be a time HH:mm from 00:00 to 23:59"));
        return false;
    }

    private static List<String> types(String p, List<String> types, List<FieldProblem> errors) {
        if (types == null) {
            return List.of(RuleSettings.DEFAULT_ALLOWED_TYPE);
        }
        if (types.isEmpty()) {
            errors.add(new FieldProblem(p, "must list at least one vehicle type, or be left out for bus only"));
            return List.of();
        }
        if (types.size() > MAX_TYPES) {
            errors.add(new FieldProblem(p, "must list at most " + MAX_TYPES + " vehicle types"));
            return List.of();
        }
        Set<String> out = new LinkedHashSet<>();
        for (int i = 0; i < types.size(); i++) {
            String t = types.get(i);
            String field = p + "[" + i + "]";
            int before = errors.size();
            SafeText.require(field, t, 40, errors);
            if (errors.size() == before) {
                out.add(t.strip().toLowerCase(Locale.ROOT));
            }
        }
        return List.copyOf(out);
    }

    private static void decimal(List<FieldProblem> errors, String field, BigDecimal value, boolean aboveZero,
                                BigDecimal max, String message) {
        if (value == null) {
            return;
        }
        boolean low = aboveZero ? value.signum() <= 0 : value.signum() < 0;
        if (low || value.compareTo(max) > 0 || value.stripTrailingZeros().scale() > 3) {
            errors.add(new FieldProblem(field, message));
        }
    }

    /** Without the note: what is stored as the settings (the note is kept beside them). */
    RuleSettingsForm withoutNote() {
        return new RuleSettingsForm(disabledRules, redLightGraceSeconds, occupantConfidenceThreshold, busLanes, null);
    }

    /** The stored (normalised) bus lanes as the rules use them. */
    static List<RuleSettings.BusLane> toBusLanes(List<BusLaneForm> lanes) {
        List<RuleSettings.BusLane> out = new ArrayList<>();
        for (BusLaneForm b : lanes) {
            List<RuleSettings.Window> windows = new ArrayList<>();
            for (WindowForm w : b.schedule() == null ? List.<WindowForm>of() : b.schedule()) {
                Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
                (w.days() == null ? DAY_CODES : w.days()).forEach(d -> days.add(day(d)));
                windows.add(new RuleSettings.Window(days, LocalTime.parse(w.from()),
                        END_OF_DAY.equals(w.to()) ? null : LocalTime.parse(w.to())));
            }
            out.add(new RuleSettings.BusLane(b.lane(), windows,
                    Set.copyOf(b.allowedVehicleTypes() == null ? List.of() : b.allowedVehicleTypes())));
        }
        return out;
    }
}
