package dev.plateguard.anpr;

import dev.plateguard.plates.Country;
import dev.plateguard.plates.PlateClassifier;
import dev.plateguard.plates.PlateFormat;
import dev.plateguard.plates.PlateInterpretation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;

/**
 * Ranks a plate's readings by combining the reader's probability with plate-format priors from module
 * {@code plates}.
 *
 * <ol>
 *   <li>Readings come from the CTC beam search, each with its exact probability p (summed over all alignments).</li>
 *   <li>Confusion-aware alternatives: for the few most likely readings that match no specific format, the texts
 *       obtained by swapping look-alike characters (0/O/D/Q, 1/I, 8/B, 5/S, 2/Z, 6/G, 4/A, 7/T) that do match a
 *       specific format are added, with their exact probability from the same reader output.</li>
 *   <li>Each text gets a weight w: {@code formatBoost} when it matches a specific Uzbek format, its square root when
 *       it matches only another country's format (a neighbour's, or one of the formats of Brazil, Turkey and the EU
 *       countries added in issue 13), 1 otherwise (unknown formats and Uzbek personalised texts: these stay possible,
 *       the prior only guides). An Uzbek personalised text that a look-alike swap turns into a specific format
 *       gets 1/{@code formatBoost}: personalised plates are rare, a misread standard plate is not.</li>
 *   <li>Confidence = p·w / Z with Z = Σ p·w over the readings + (1 − Σ p) for the probability mass outside them
 *       (weight 1), so confidences are probabilities and sum to at most 1. With no format match anywhere the
 *       confidence is the reader's probability.</li>
 * </ol>
 * A country hint only breaks ties: between readings of equal confidence, and between the countries one text's format
 * can belong to.
 */
final class CandidateRanker {

    /** Specific formats: every format ranked above the catch-all Uzbek personalised plates. */
    private static final List<PlateFormat> SPECIFIC = Arrays.stream(PlateFormat.values())
            .filter(f -> f.prior() > PlateFormat.UZ_VANITY.prior() && f != PlateFormat.GENERIC)
            .toList();

    private static final Map<Character, char[]> LOOK_ALIKES = Map.ofEntries(
            // FE-Schrift's narrow 0 reads as D, and as U when its top is faint (real Uzbek photographs, issue 13)
            Map.entry('0', new char[] {'O', 'D', 'U'}), Map.entry('O', new char[] {'0'}), Map.entry('U', new char[] {'0'}),
            Map.entry('D', new char[] {'0'}), Map.entry('Q', new char[] {'0', 'O'}),
            Map.entry('1', new char[] {'I'}), Map.entry('I', new char[] {'1'}),
            Map.entry('8', new char[] {'B'}), Map.entry('B', new char[] {'8'}),
            Map.entry('5', new char[] {'S'}), Map.entry('S', new char[] {'5'}),
            Map.entry('2', new char[] {'Z'}), Map.entry('Z', new char[] {'2'}),
            Map.entry('6', new char[] {'G'}), Map.entry('G', new char[] {'6'}),
            Map.entry('4', new char[] {'A'}), Map.entry('A', new char[] {'4'}),
            Map.entry('7', new char[] {'T'}), Map.entry('T', new char[] {'7'}));

    /** Readings whose look-alike variants are tried. */
    private static final int VARIANT_SOURCES = 3;
    /** Search nodes per source text, a bound on the variant search. */
    private static final int VARIANT_NODES = 4000;
    /** Variants less likely than this are not worth listing. */
    private static final double MIN_VARIANT_PROBABILITY = 1e-7;

    private final String alphabet;
    private final double formatBoost;
    private final Country hint;
    private final Map<String, Info> cache = new HashMap<>();

    CandidateRanker(String alphabet, double formatBoost, Country hint) {
        this(alphabet, formatBoost, hint, null);
    }

    /**
     * @param plausible the countries the plate's layout allows ({@link LayoutCues}); null: all. Only their formats
     *                  earn the format boost, and a text that several countries fit is classified as one of them.
     */
    CandidateRanker(String alphabet, double formatBoost, Country hint, java.util.Set<Country> plausible) {
        this.alphabet = alphabet;
        this.formatBoost = formatBoost;
        this.hint = hint;
        this.plausible = plausible;
    }

    private final java.util.Set<Country> plausible;

    private boolean plausible(Country c) {
        return plausible == null || plausible.contains(c);
    }

    /** What the classifier says about one text. */
    record Info(PlateInterpretation interpretation, double weight) {

        String formatName() {
            return interpretation.format() == PlateFormat.GENERIC ? null : interpretation.format().name();
        }

        String countryCode() {
            return interpretation.country() == Country.UNKNOWN ? null : interpretation.country().name();
        }
    }

    /** The ranked readings of one plate, best first; empty when the reader saw no text. */
    List<Candidate> rank(float[] logProbs, int offset, int steps, int classes, int beamWidth, int topN) {
        CtcDecoder.Frames frames = new CtcDecoder.Frames(logProbs, offset, steps, classes, alphabet);
        List<CtcDecoder.Decoded> beam = CtcDecoder.beamSearch(frames, beamWidth, beamWidth);
        Map<String, Double> prob = new LinkedHashMap<>();
        for (CtcDecoder.Decoded d : beam) {
            prob.put(d.text(), d.probability());
        }
        int sources = 0;
        Map<String, Double> penalised = new HashMap<>();
        for (CtcDecoder.Decoded d : beam) {
            if (sources++ >= VARIANT_SOURCES) {
                break;
            }
            if (info(d.text()).weight() > 1) {
                continue;
            }
            List<String> variants = formatVariants(d.text());
            if (!variants.isEmpty() && info(d.text()).interpretation().format() == PlateFormat.UZ_VANITY) {
                // A "personalised" text that is one look-alike away from a standard plate (0101DKEA for
                // 01010KEA, 01A1D3BC for 01A103BC) is far more often a misread than a personalised plate, which
                // are rare: it must be formatBoost² times likelier than the standard reading to win.
                penalised.put(d.text(), 1 / formatBoost);
            }
            for (String v : variants) {
                if (!prob.containsKey(v)) {
                    double p = Math.exp(CtcDecoder.logProbability(frames, v));
                    if (p >= MIN_VARIANT_PROBABILITY) {
                        prob.put(v, p);
                    }
                }
            }
        }
        double mass = 0;
        double z = 0;
        List<Scored> scored = new ArrayList<>(prob.size());
        for (Map.Entry<String, Double> e : prob.entrySet()) {
            Info info = info(e.getKey());
            double s = e.getValue() * penalised.getOrDefault(e.getKey(), info.weight());
            mass += e.getValue();
            z += s;
            scored.add(new Scored(e.getKey(), e.getValue(), s, info));
        }
        z += Math.max(0, 1 - mass);
        scored.sort(order());
        List<Candidate> out = new ArrayList<>(Math.min(topN, scored.size()));
        for (int k = 0; k < scored.size() && k < topN; k++) {
            Scored s = scored.get(k);
            out.add(new Candidate(s.text, z > 0 ? Math.min(1, s.score / z) : 0, s.p, s.info.formatName()));
        }
        return out;
    }

    /** The classification of a text (cached for the lifetime of this ranker). */
    Info info(String text) {
        return cache.computeIfAbsent(text, this::classify);
    }

    private Info classify(String text) {
        List<PlateInterpretation> all = PlateClassifier.classify(text);
        PlateInterpretation chosen = all.get(0);
        if (plausible != null) {
            // the layout rules out every country whose format the text fits: its country is unknown (GENERIC is last)
            chosen = all.getLast();
            for (PlateInterpretation i : all) {
                if (plausible(i.country())) {
                    chosen = i;
                    break;
                }
            }
        }
        if (hint != null) {
            for (PlateInterpretation i : all) {
                if (i.country() == hint) {
                    chosen = i;
                    break;
                }
            }
        }
        double weight = 1;
        for (PlateInterpretation i : all) {
            if (SPECIFIC.contains(i.format()) && plausible(i.country())) {
                weight = Math.max(weight, i.country() == Country.UZ ? formatBoost : Math.sqrt(formatBoost));
            }
        }
        return new Info(chosen, weight);
    }

    private Comparator<Scored> order() {
        return (a, b) -> {
            double tolerance = 1e-9 * Math.max(a.score, b.score);
            if (Math.abs(a.score - b.score) > tolerance) {
                return a.score > b.score ? -1 : 1;
            }
            if (hint != null) {
                boolean ha = hint.equals(a.info.interpretation().country());
                boolean hb = hint.equals(b.info.interpretation().country());
                if (ha != hb) {
                    return ha ? -1 : 1;
                }
            }
            return a.text.compareTo(b.text);
        };
    }

    /**
     * Texts that differ from {@code text} only by look-alike swaps and match a specific format, found by a depth-first
     * search that abandons a prefix as soon as no specific format can still match it.
     */
    List<String> formatVariants(String text) {
        List<String> out = new ArrayList<>();
        Matcher[] matchers = new Matcher[SPECIFIC.size()];
        for (int f = 0; f < matchers.length; f++) {
            matchers[f] = SPECIFIC.get(f).pattern().matcher("");
        }
        boolean[] live = new boolean[matchers.length];
        Arrays.fill(live, true);
        char[] buf = text.toCharArray();
        int[] budget = {VARIANT_NODES};
        search(buf, 0, live, matchers, text, out, budget);
        return out;
    }

    private void search(char[] buf, int pos, boolean[] live, Matcher[] matchers, String original, List<String> out,
                        int[] budget) {
        if (budget[0]-- <= 0) {
            return;
        }
        if (pos == buf.length) {
            String s = new String(buf);
            if (!s.equals(original)) {
                for (int f = 0; f < matchers.length; f++) {
                    if (live[f] && matchers[f].reset(s).matches()) {
                        out.add(s);
                        return;
                    }
                }
            }
            return;
        }
        char c = original.charAt(pos);
        char[] alts = LOOK_ALIKES.getOrDefault(c, new char[0]);
        for (int k = -1; k < alts.length; k++) {
            char x = k < 0 ? c : alts[k];
            if (k >= 0 && alphabet.indexOf(x) < 0) {
                continue;
            }
            buf[pos] = x;
            boolean[] still = prefixFeasible(buf, pos + 1, live, matchers);
            if (still != null) {
                search(buf, pos + 1, still, matchers, original, out, budget);
            }
        }
        buf[pos] = c;
    }

    /** The formats that some extension of {@code buf[0..length)} might still match, or null if none. */
    private static boolean[] prefixFeasible(char[] buf, int length, boolean[] live, Matcher[] matchers) {
        CharSequence prefix = java.nio.CharBuffer.wrap(buf, 0, length);
        boolean[] out = null;
        for (int f = 0; f < matchers.length; f++) {
            if (!live[f]) {
                continue;
            }
            Matcher m = matchers[f].reset(prefix);
            if (m.matches() || m.hitEnd()) {
                if (out == null) {
                    out = new boolean[live.length];
                }
                out[f] = true;
            }
        }
        return out;
    }

    private record Scored(String text, double p, double score, Info info) {
    }
}
