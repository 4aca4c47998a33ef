package dev.plateguard.server.recognition;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.plateguard.anpr.Candidate;
import dev.plateguard.anpr.PlateResult;
import dev.plateguard.anpr.Recognition;
import dev.plateguard.plates.Country;
import dev.plateguard.plates.InvalidPlateTextException;
import dev.plateguard.plates.PlateColumns;
import dev.plateguard.server.identity.Scope;

/**
 * Recognition results, table {@code read_recognition}: one new row per recognition, never changed afterwards (the
 * table's triggers refuse UPDATE and DELETE).
 *
 * <p>{@link #record} stores a job's result in one statement, so one transaction: the result row, the read's plate
 * (only for the first automatic recognition of an image-only read, only while the read has no plate: camera text
 * is never touched, and only with at least {@code fill-min-confidence}), the read's detection and passage jobs when
 * its plate was filled (a read without a plate gets neither at ingest), and the deletion of the recognition job.
 */
@Repository
public class RecognitionStore {

    static final JsonMapper JSON = JsonMapper.builder().build();

    /**
     * What one run produced.
     *
     * @param recognition the recogniser's answer; null when it failed ({@code error} says why)
     */
    public record Outcome(String recogniser, String modelVersion, String imageSha256, Recognition recognition,
                          String error) {

        public static Outcome of(String recogniser, String imageSha256, Recognition recognition) {
            return new Outcome(recogniser, recognition.modelVersion(), imageSha256, recognition, null);
        }

        public static Outcome failed(String recogniser, String modelVersion, String imageSha256, String error) {
            return new Outcome(recogniser, modelVersion, imageSha256, null, error);
        }
    }

    /**
     * What {@link #record} did.
     *
     * @param status  {@code read}, {@code no_plate} or {@code failed}
     * @param applied the read's plate was filled from it
     * @param plate   the normalised plate text read, null for none
     * @param recorded false when the job's result had been recorded already (by another worker)
     */
    public record Recorded(long recognitionId, String status, boolean applied, String plate, boolean recorded) {
    }

    private final JdbcClient jdbc;
    private final RecognitionSettings settings;

    RecognitionStore(JdbcClient jdbc, RecognitionSettings settings) {
        this.jdbc = jdbc;
        this.settings = settings;
    }

    /**
     * The evidence a recognition reads: the read's first image, or, for a read with only a clip, its first video.
     *
     * @param plateCountry the country whose plates the read's site mostly sees: breaks ties between formats
     */
    public record Source(String sha256, boolean video, Country plateCountry) {
    }

    public Optional<Source> toRecognise(long readId) {
        return jdbc.sql("""
                select e.sha256, e.kind = 'video', s.plate_country
                from read_evidence e join plate_read r on r.id = e.read_id join camera c on c.id = r.camera_id
                     join site s on s.id = c.site_id
                where e.read_id = ? and e.kind in ('image', 'video')
                order by e.kind = 'video', e.ordinal limit 1""")
                .param(readId).query((rs, n) -> new Source(rs.getString(1), rs.getBoolean(2), country(rs.getString(3))))
                .optional();
    }

    private static Country country(String code) {
        try {
            return code == null ? null : Country.valueOf(code);
        } catch (IllegalArgumentException e) {
            return null; // a code module plates no longer knows: no tie-breaker
        }
    }

    /** Whether the read exists in the scope: one outside it is treated exactly like one that does not exist. */
    public boolean readExists(long readId, Scope scope) {
        List<Object> params = new ArrayList<>(List.of(readId));
        params.addAll(scope.sqlParams());
        return jdbc.sql("select exists (select 1 from plate_read r join camera c on c.id = r.camera_id where r.id = ? and "
                + scope.sitePredicate("c.site_id") + ")").params(params).query(Boolean.class).single();
    }

    /**
     * Stores a job's result, fills the read's plate where allowed (queueing the read for detection and hotlist
     * matching), and deletes the job: one statement.
     */
    public Recorded record(RecognitionJobs.Job job, Outcome outcome) {
        Columns c = Columns.of(outcome);
        String source = outcome.recogniser() + "/" + outcome.modelVersion();
        boolean mayFill = job.automatic() && c.status().equals("read")
                && c.confidence() >= settings.fillMinConfidence();
        return jdbc.sql("""
                with fill as (
                    update plate_read set plate_text = ?, plate_normalized = ?, plate_folded = ?, plate_country = ?,
                                          plate_format = ?, plate_region = ?, plate_confidence = ?, plate_source = ?,
                                          plate_recognition_id = ?
                    where id = ? and ?::boolean
                      and plate_text is null and plate_normalized is null and plate_source is null
                    returning id
                ), rec as (
                    insert into read_recognition (id, read_id, image_sha256, recogniser, model_version, requested_by,
                                                  status, plate_text, plate_normalized, plate_country, plate_format,
                                                  plate_region, plate_confidence, plate_count, candidates, box, corners,
                                                  plates, millis, applied, error)
                    values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?::jsonb, ?::jsonb, ?,
                            exists (select 1 from fill), ?)
                    on conflict (id) do nothing
                    returning id
                ), requeue as (
                    insert into detection_job (read_id) select id from fill on conflict (read_id) do nothing
                ), passage as (
                    insert into passage_job (read_id) select id from fill on conflict (read_id) do nothing
                ), alerts as (
                    insert into alert_job (read_id) select id from fill on conflict (read_id) do nothing
                ), done as (
                    delete from recognition_job where id = ?
                )
                select exists (select 1 from fill) as applied, exists (select 1 from rec) as recorded""")
                .params(c.text(), c.normalized(), c.folded(), c.country(), c.format(), c.region(), c.confidence(), source,
                        job.recognitionId(), job.readId(), mayFill,
                        job.recognitionId(), job.readId(), outcome.imageSha256(), outcome.recogniser(),
                        outcome.modelVersion(), job.requestedBy(), c.status(), c.text(), c.normalized(), c.country(),
                        c.format(), c.region(), c.confidence(), c.plateCount(), c.candidates(), c.box(), c.corners(),
                        c.plates(), c.millis(), c.error(),
                        job.id())
                .query((rs, n) -> new Recorded(job.recognitionId(), c.status(), rs.getBoolean("applied"), c.normalized(),
                        rs.getBoolean("recorded")))
                .single();
    }

    /** A read's recognitions, newest first. */
    public List<RecognitionView> list(long readId) {
        return jdbc.sql("select * from read_recognition where read_id = ? order by id desc").param(readId)
                .query(RecognitionStore::view).list();
    }

    private static RecognitionView view(ResultSet rs, int n) throws SQLException {
        String normalized = rs.getString("plate_normalized");
        String format = rs.getString("plate_format");
        return new RecognitionView(rs.getLong("id"), rs.getLong("read_id"), rs.getString("status"),
                rs.getString("recogniser"), rs.getString("model_version"), rs.getString("requested_by"),
                rs.getString("requested_by") == null, normalized, RecognitionView.display(normalized, format),
                rs.getString("plate_country"), format, rs.getString("plate_region"),
                (Float) rs.getObject("plate_confidence"), rs.getInt("plate_count"), json(rs.getString("candidates")),
                json(rs.getString("box")), json(rs.getString("corners")), json(rs.getString("plates")),
                (Integer) rs.getObject("millis"), rs.getBoolean("applied"), rs.getString("image_sha256"),
                rs.getTimestamp("created_at").toInstant(), rs.getString("error"), null);
    }

    private static JsonNode json(String text) {
        return text == null ? null : JSON.readTree(text);
    }

    /** A result as columns of read_recognition (and plate_read). */
    record Columns(String status, String text, String normalized, String folded, String country, String format,
                   String region, Float confidence, int plateCount, String candidates, String box, String corners,
                   String plates, Integer millis, String error) {

        static Columns of(Outcome outcome) {
            Recognition r = outcome.recognition();
            if (r == null) {
                return failed(null, outcome.error());
            }
            Integer millis = (int) Math.min(Integer.MAX_VALUE, r.millis());
            if (r.plates().isEmpty()) {
                return new Columns("no_plate", null, null, null, null, null, null, null, 0, null, null, null, "[]", millis,
                        null);
            }
            PlateResult best = r.plates().getFirst();
            PlateColumns columns;
            try {
                // Exactly as for a camera's text at ingest; the recogniser's country breaks ties like a camera's.
                columns = PlateColumns.of(best.text(), best.country());
            } catch (InvalidPlateTextException e) {
                return failed(millis, "the recogniser returned text that is not plate text: " + e.getMessage());
            }
            List<Map<String, Object>> candidates = new ArrayList<>();
            for (Candidate c : best.candidates()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("text", c.text());
                m.put("confidence", round(c.confidence()));
                if (c.format() != null) {
                    m.put("format", c.format());
                }
                candidates.add(m);
            }
            List<Map<String, Object>> plates = new ArrayList<>();
            for (PlateResult p : r.plates()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("text", p.text());
                m.put("confidence", round(p.confidence()));
                m.put("country", p.country());
                m.put("format", p.format());
                m.put("box", box(p));
                m.put("detectionScore", round(p.detectionScore()));
                plates.add(m);
            }
            List<Double> corners = new ArrayList<>();
            for (double v : best.corners()) {
                corners.add(Math.round(v * 10) / 10.0);
            }
            return new Columns("read", best.text(), columns.normalized(), columns.folded(), columns.country(),
                    columns.format(), columns.region(), (float) best.confidence(), r.plates().size(),
                    JSON.writeValueAsString(candidates), JSON.writeValueAsString(box(best)),
                    JSON.writeValueAsString(corners), JSON.writeValueAsString(plates), millis, null);
        }

        private static Columns failed(Integer millis, String error) {
            return new Columns("failed", null, null, null, null, null, null, null, 0, null, null, null, null, millis,
                    error == null ? "failed" : error);
        }

        private static Map<String, Object> box(PlateResult p) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("x", p.box().x());
            m.put("y", p.box().y());
            m.put("width", p.box().width());
            m.put("height", p.box().height());
            return m;
        }

        private static double round(double v) {
            return Math.round(v * 1_000_000) / 1_000_000.0;
        }
    }
}
