package dev.plateguard.server.registry;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.context.MessageSource;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import dev.plateguard.plates.PlateText;
import dev.plateguard.server.PlateGuardProperties;
import dev.plateguard.server.http.ProblemResponses;
import dev.plateguard.server.identity.Role;
import dev.plateguard.server.identity.UserPrincipal;
import dev.plateguard.server.validation.FieldProblem;
import dev.plateguard.server.validation.Refusal;

/**
 * The registry page ({@code /registry}, docs/registry.md): OPERATORs and SUPERVISORs look a vehicle up, ADMINs
 * create, replace and delete records and import a CSV file, as the API allows each role; everyone who may open it
 * sees the re-check queue. Thin: {@link RegistryAdmin} stores and audits, {@link RegistryCsv} validates files.
 */
@Controller
class RegistryPages {

    /** Queue entries the page lists. */
    static final int QUEUE_SHOWN = 20;
    private static final Pattern ROW = Pattern.compile("^rows\\[(\\d+)]\\.?(.*)$");

    private final RegistryAdmin admin;
    private final RegistryRecheckQueue queue;
    private final PlateGuardProperties.Registry config;
    private final MessageSource messages;

    RegistryPages(RegistryAdmin admin, RegistryRecheckQueue queue, PlateGuardProperties properties,
                  MessageSource messages) {
        this.admin = admin;
        this.queue = queue;
        this.config = properties.registry();
        this.messages = messages;
    }

    /** A queued re-check as the page shows it: the plate masked, since the queue is not a way to look plates up. */
    record QueueRow(long readId, String country, String maskedPlate, int attempts, java.time.Instant enqueuedAt,
                    java.time.Instant nextAttemptAt, boolean failedBefore) {

        static QueueRow of(RegistryRecheckQueue.Entry e) {
            return new QueueRow(e.readId(), e.country(), PlateText.mask(e.plate()), e.attempts(), e.enqueuedAt(),
                    e.nextAttemptAt(), e.lastError() != null);
        }
    }

    @GetMapping("/registry")
    String page(@AuthenticationPrincipal UserPrincipal me, Model model) {
        return render(me, model);
    }

    /** A lookup is access to personal data: {@link RegistryAdmin#view} audits it, found or not. */
    @GetMapping("/registry/vehicle")
    String lookup(@RequestParam(required = false) String country, @RequestParam(required = false) String plate,
                  @AuthenticationPrincipal UserPrincipal me, Model model, Locale locale) {
        model.addAttribute("searchCountry", country);
        model.addAttribute("searchPlate", plate);
        List<FieldProblem> errors = new ArrayList<>();
        String code = VehicleFields.country(country == null || country.isBlank() ? "UZ" : country, "country", errors);
        String normalized = VehicleFields.plate(plate, "plate", errors);
        if (!errors.isEmpty()) {
            model.addAttribute("flashError", problemText(errors.getFirst(), locale));
            return render(me, model);
        }
        model.addAttribute("searched", true);
        admin.view(code, normalized).ifPresent(entry -> model.addAttribute("vehicle", entry));
        model.addAttribute("searchedKey", code + " " + normalized);
        return render(me, model);
    }

    /** Create or replace a record, as {@code PUT /api/v1/registry/vehicles/{country}/{plate}}. */
    @PostMapping("/registry/vehicle")
    String put(@RequestParam Map<String, String> form, RedirectAttributes redirect, Locale locale) {
        Map<VehicleFields.Field, String> raw = new EnumMap<>(VehicleFields.Field.class);
        for (VehicleFields.Field field : VehicleFields.Field.values()) {
            raw.put(field, form.get(field.json));
        }
        List<FieldProblem> errors = new ArrayList<>();
        VehicleRecord vehicle = VehicleFields.validate(raw, VehicleFields.Naming.JSON, "", errors);
        if (vehicle == null) {
            redirect.addFlashAttribute("flashError", messages.getMessage("registry.flash.notSaved", null, locale));
            redirect.addFlashAttribute("formErrors", errors.stream().map(p -> problemText(p, locale)).toList());
            redirect.addFlashAttribute("draft", form);
            return "redirect:/registry";
        }
        RegistryAdmin.Put put = admin.put(vehicle);
        redirect.addFlashAttribute("flash", messages.getMessage(put.created() ? "registry.flash.created" : "registry.flash.replaced",
                new Object[] {vehicle.country() + " " + vehicle.plate()}, locale));
        return "redirect:/registry";
    }

    /** Delete a record, as {@code DELETE /api/v1/registry/vehicles/{country}/{plate}} (the form asks first). */
    @PostMapping("/registry/vehicle/delete")
    String delete(@RequestParam(required = false) String country, @RequestParam(required = false) String plate,
                  RedirectAttributes redirect, Locale locale) {
        List<FieldProblem> errors = new ArrayList<>();
        String code = VehicleFields.country(country, "country", errors);
        String normalized = VehicleFields.plate(plate, "plate", errors);
        if (!errors.isEmpty()) {
            redirect.addFlashAttribute("flashError", problemText(errors.getFirst(), locale));
        } else if (admin.delete(code, normalized)) {
            redirect.addFlashAttribute("flash", messages.getMessage("registry.flash.deleted",
                    new Object[] {code + " " + normalized}, locale));
        } else {
            redirect.addFlashAttribute("flashError", messages.getMessage("registry.flash.notFound",
                    new Object[] {code + " " + normalized}, locale));
        }
        return "redirect:/registry";
    }

    /** A CSV file, as {@code POST /api/v1/registry/import}: every row or none, each bad row listed. */
    @PostMapping("/registry/import")
    String importCsv(@RequestParam(required = false) MultipartFile file, RedirectAttributes redirect, Locale locale)
            throws IOException {
        if (file == null || file.isEmpty()) {
            redirect.addFlashAttribute("flashError", messages.getMessage("registry.import.noFile", null, locale));
            return "redirect:/registry";
        }
        List<VehicleRecord> vehicles;
        try (InputStream in = file.getInputStream()) {
            long max = config.maxImportBytes().toBytes();
            if (file.getSize() > max) {
                throw Refusal.tooLarge("the file is larger than " + max + " bytes; split it into several imports");
            }
            vehicles = RegistryCsv.parse(in, config.maxImportRows(), max);
        } catch (Refusal problem) {
            admin.importRefused(ProblemResponses.status(problem.kind()).value(), problem.getMessage());
            redirect.addFlashAttribute("flashError", refusalText(problem, locale));
            redirect.addFlashAttribute("importErrors", problem.errors().stream().map(p -> problemText(p, locale)).toList());
            return "redirect:/registry";
        }
        VehicleTable.Upserted result = admin.importAll(vehicles);
        redirect.addFlashAttribute("flash", messages.getMessage("registry.flash.imported",
                new Object[] {vehicles.size(), result.inserted(), result.updated()}, locale));
        return "redirect:/registry";
    }

    private String render(UserPrincipal me, Model model) {
        model.addAttribute("canLookup", me.roles().contains(Role.OPERATOR) || me.roles().contains(Role.SUPERVISOR));
        model.addAttribute("canManage", me.roles().contains(Role.ADMIN));
        model.addAttribute("countries", VehicleFields.COUNTRIES.stream().sorted().toList());
        model.addAttribute("statuses", RegistrationStatus.values());
        model.addAttribute("columns", String.join(",", RegistryCsv.COLUMNS));
        model.addAttribute("maxRows", config.maxImportRows());
        model.addAttribute("queueSize", queue.pending());
        model.addAttribute("queue", queue.oldest(QUEUE_SHOWN).stream().map(QueueRow::of).toList());
        return "registry/page";
    }

    /** The whole refusal in words: which kind of problem; the rows are listed separately. */
    private String refusalText(Refusal problem, Locale locale) {
        return switch (problem.kind()) {
            case TOO_LARGE -> messages.getMessage("registry.import.tooLarge",
                    new Object[] {config.maxImportRows(), config.maxImportBytes().toMegabytes()}, locale);
            case MALFORMED -> messages.getMessage("registry.import.malformed", null, locale);
            default -> messages.getMessage("registry.import.invalid", new Object[] {problem.errors().size()}, locale);
        };
    }

    /** "Row 3, status: must be VALID, EXPIRED or SUSPENDED": the row, the field in words, the API's reason. */
    private String problemText(FieldProblem problem, Locale locale) {
        String field = problem.field();
        Integer row = null;
        Matcher m = ROW.matcher(field);
        if (m.matches()) {
            row = Integer.valueOf(m.group(1));
            field = m.group(2);
        }
        String name = field.isEmpty() ? "" : messages.getMessage("registry.field." + camel(field), null, field, locale);
        String reason = messages.getMessage(problem.resolvable("registry.error."), locale);
        if (row == null) {
            return name.isEmpty() ? reason : name + ": " + reason;
        }
        return name.isEmpty() ? messages.getMessage("registry.error.rowOnly", new Object[] {row, reason}, locale)
                : messages.getMessage("registry.error.row", new Object[] {row, name, reason}, locale);
    }

    /** CSV columns (registration_valid_until) share the JSON members' keys (registrationValidUntil). */
    private static String camel(String name) {
        StringBuilder out = new StringBuilder();
        boolean upper = false;
        for (char c : name.toCharArray()) {
            if (c == '_') {
                upper = true;
            } else {
                out.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return out.toString();
    }
}
