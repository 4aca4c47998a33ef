package dev.plateguard.server.violations;

import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

import dev.plateguard.server.audit.AuditLog;
import dev.plateguard.server.validation.Refusal;

/** Loads and publishes rule catalogue versions. Published versions are never changed (the tables refuse it). */
@Repository
public class CatalogueStore {

    private final JdbcClient jdbc;
    private final AuditLog audit;

    CatalogueStore(JdbcClient jdbc, AuditLog audit) {
        this.jdbc = jdbc;
        this.audit = audit;
    }

    /** Published versions never change, so each is loaded once (detection asks for the current one every batch). */
    private final java.util.Map<Integer, Catalogue> loaded = new java.util.concurrent.ConcurrentHashMap<>();

    /** The newest published version: what detection uses now. */
    public Catalogue current() {
        int version = jdbc.sql("select max(version) from rule_catalogue").query(Integer.class).single();
        Catalogue cached = loaded.get(version);
        if (cached != null) {
            return cached;
        }
        Catalogue catalogue = version(version).orElseThrow();
        loaded.put(version, catalogue);
        return catalogue;
    }

    public Optional<Catalogue> version(int version) {
        return jdbc.sql("select * from rule_catalogue where version = ?").param(version).query((rs, n) -> {
            List<Catalogue.Brv> brv = jdbc.sql("""
                    select valid_from, amount_som, source from catalogue_brv where version = ? order by valid_from""")
                    .param(version).query((b, m) -> new Catalogue.Brv(b.getObject("valid_from", java.time.LocalDate.class),
                            b.getLong("amount_som"), b.getString("source"))).list();
            List<Catalogue.Offence> offences = jdbc.sql("""
                    select code, article, fine_brv, repeat_fine_brv, description from catalogue_offence
                    where version = ? order by code""")
                    .param(version).query((o, m) -> new Catalogue.Offence(o.getString("code"), o.getString("article"),
                            Catalogue.plain(o.getBigDecimal("fine_brv")), Catalogue.plain(o.getBigDecimal("repeat_fine_brv")),
                            o.getString("description"))).list();
            List<Catalogue.SpeedTier> tiers = jdbc.sql("""
                    select up_to_kmh_over, article, fine_brv from catalogue_speed_tier where version = ? order by ordinal""")
                    .param(version).query((t, m) -> new Catalogue.SpeedTier(Catalogue.plain(t.getBigDecimal("up_to_kmh_over")),
                            t.getString("article"), Catalogue.plain(t.getBigDecimal("fine_brv")))).list();
            return new Catalogue(version, rs.getTimestamp("published_at").toInstant(), rs.getString("published_by"),
                    rs.getString("note"), Catalogue.plain(rs.getBigDecimal("tolerance_kmh")),
                    Catalogue.plain(rs.getBigDecimal("red_light_grace_seconds")),
                    Catalogue.plain(rs.getBigDecimal("occupant_confidence_threshold")), brv, offences, tiers);
        }).optional();
    }

    /**
     * Validates and stores a new version (the next number). Two admins publishing at once serialise on a table lock,
     * so versions stay dense and each is complete before anyone can read it. The audit entry commits with it.
     */
    @Transactional
    public Catalogue publish(CatalogueForm form, String publishedBy) {
        var errors = form.validate();
        if (!errors.isEmpty()) {
            throw Refusal.invalid(errors);
        }
        jdbc.sql("lock table rule_catalogue in share row exclusive mode").update();
        int version = jdbc.sql("select coalesce(max(version), 0) + 1 from rule_catalogue").query(Integer.class).single();
        jdbc.sql("""
                insert into rule_catalogue (version, published_by, note, tolerance_kmh, red_light_grace_seconds,
                                            occupant_confidence_threshold) values (?, ?, ?, ?, ?, ?)""")
                .params(version, publishedBy, form.note(), form.toleranceKmh(), form.redLightGraceSeconds(),
                        form.occupantConfidenceThreshold())
                .update();
        for (Catalogue.Brv b : form.brv()) {
            jdbc.sql("insert into catalogue_brv (version, valid_from, amount_som, source) values (?, ?, ?, ?)")
                    .params(version, b.validFrom(), b.amountSom(), b.source()).update();
        }
        for (Catalogue.Offence o : form.offences()) {
            jdbc.sql("""
                    insert into catalogue_offence (version, code, article, fine_brv, repeat_fine_brv, description)
                    values (?, ?, ?, ?, ?, ?)""")
                    .params(version, o.code(), o.article(), o.fineBrv(), o.repeatFineBrv(), o.description()).update();
        }
        int ordinal = 1;
        for (Catalogue.SpeedTier t : form.speedTiers()) {
            jdbc.sql("""
                    insert into catalogue_speed_tier (version, ordinal, up_to_kmh_over, article, fine_brv)
                    values (?, ?, ?, ?, ?)""")
                    .params(version, ordinal++, t.upToKmhOver(), t.article(), t.fineBrv()).update();
        }
        Catalogue published = version(version).orElseThrow();
        audit.record("violations.catalogue.publish", "catalogue:" + version, AuditLog.Outcome.SUCCESS,
                java.util.Map.of("version", version, "offences", form.offences().size(),
                        "speedTiers", form.speedTiers().size(), "brvAmounts", form.brv().size()));
        return published;
    }
}
