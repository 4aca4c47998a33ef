package dev.plateguard.server.cameras;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import dev.plateguard.server.http.ProblemResponses;
import dev.plateguard.server.validation.FieldProblem;
import dev.plateguard.server.validation.Refusal;

/**
 * Admin → Regions: the managed list that site forms choose a region and a city from ({@link Regions}), with a form to
 * add a region (another country's, say) and one to add a town to a region. Plain forms, as the other admin pages.
 */
@Controller
class RegionAdminPages {

    private final Regions regions;
    private final MessageSource messages;

    RegionAdminPages(Regions regions, MessageSource messages) {
        this.regions = regions;
        this.messages = messages;
    }

    @GetMapping("/admin/regions")
    String page(Model model) {
        return page(model, Map.of(), Map.of(), null);
    }

    @PostMapping("/admin/regions")
    String addRegion(@RequestParam(required = false) String name, @RequestParam(required = false) String nameUz,
                     @RequestParam(required = false) String nameRu, @RequestParam(required = false) String isoCode,
                     Model model, RedirectAttributes redirect, HttpServletResponse response, Locale locale) {
        try {
            Regions.Region added = regions.addRegion(new Regions.RegionForm(name, nameUz, nameRu, isoCode));
            redirect.addFlashAttribute("flash", messages.getMessage("admin.regions.flash.region", new Object[] {added.in(locale)}, locale));
            return "redirect:/admin/regions";
        } catch (Refusal refusal) {
            response.setStatus(ProblemResponses.status(refusal.kind()).value());
            return page(model, problems(refusal, locale), Map.of("name", orEmpty(name), "nameUz", orEmpty(nameUz),
                    "nameRu", orEmpty(nameRu), "isoCode", orEmpty(isoCode)), "region");
        }
    }

    @PostMapping("/admin/cities")
    String addCity(@RequestParam(required = false) String region, @RequestParam(required = false) String name,
                   @RequestParam(required = false) String nameUz, @RequestParam(required = false) String nameRu,
                   Model model, RedirectAttributes redirect, HttpServletResponse response, Locale locale) {
        try {
            Regions.City added = regions.addCity(new Regions.CityForm(region, name, nameUz, nameRu));
            redirect.addFlashAttribute("flash", messages.getMessage("admin.regions.flash.city",
                    new Object[] {added.in(locale), regions.label(added.region())}, locale));
            return "redirect:/admin/regions#region-" + regions.all().indexOf(regions.region(added.region()).orElseThrow());
        } catch (Refusal refusal) {
            response.setStatus(ProblemResponses.status(refusal.kind()).value());
            return page(model, problems(refusal, locale), Map.of("region", orEmpty(region), "name", orEmpty(name),
                    "nameUz", orEmpty(nameUz), "nameRu", orEmpty(nameRu)), "city");
        }
    }

    private String page(Model model, Map<String, String> errors, Map<String, String> values, String form) {
        model.addAttribute("regionList", regions.all());
        model.addAttribute("errors", errors);
        model.addAttribute("general", List.of());
        model.addAttribute("values", values);
        model.addAttribute("failedForm", form);
        return "admin/regions";
    }

    /** The refusal per field, in the page's language ({@code admin.problem.<code>}). */
    private Map<String, String> problems(Refusal refusal, Locale locale) {
        Map<String, String> errors = new LinkedHashMap<>();
        List<FieldProblem> fields = new ArrayList<>(refusal.errors());
        if (fields.isEmpty()) {
            errors.put("name", messages.getMessage(refusal.resolvable("admin.problem."), locale));
        }
        fields.forEach(p -> errors.putIfAbsent(p.field(), messages.getMessage(p.resolvable("admin.problem."), locale)));
        return errors;
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }
}
