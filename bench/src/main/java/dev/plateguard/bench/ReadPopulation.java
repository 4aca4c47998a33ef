package dev.plateguard.bench;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;

import dev.plateguard.plates.PlateColumns;
import dev.plateguard.plates.PlateFormat;

/**
 * The search benchmark's synthetic history, deterministic for a seed: sites spread over Uzbekistan's cities, a vehicle
 * population with the plate mix seen on Uzbek roads, and reads in time order that follow the day/night curve.
 *
 * <p>Repeat vehicles come two ways. Commuters (weekdays, rush hours) pass their home site in the morning and their
 * work site in the evening, every working day. Everyone else is drawn Zipf-like (weight rank^-{@value #ZIPF_S}), so
 * that a minority of plates (taxis, delivery vans) makes most reads and a long tail is seen once or twice.
 */
final class ReadPopulation {

    /** The Zipf exponent of the occasional vehicles: the top tenth of them make about half of their reads. */
    static final double ZIPF_S = 0.7;

    /** Tashkent time (no daylight saving since 1992): the day/night curve follows local hours. */
    static final ZoneOffset LOCAL = ZoneOffset.ofHours(5);

    /**
     * Relative traffic per local hour, 00:00-23:00: a night trough around 03:00, a morning peak at 08:00 and a higher
     * evening one at 18:00, as induction-loop counts of city roads look.
     */
    static final double[] HOURLY = {
            0.25, 0.16, 0.11, 0.09, 0.11, 0.22, 0.50, 1.05, 1.55, 1.35, 1.05, 1.00,
            1.05, 1.05, 1.00, 1.05, 1.25, 1.50, 1.65, 1.45, 1.10, 0.80, 0.55, 0.38};

    /** Uzbek region codes with their weight: counts of 5,146 real plates (shared/design/domain-uz.md §1.2). */
    private static final String[] REGION_CODES = {"01", "10", "40", "50", "80", "30", "90", "60", "75", "70", "95", "85", "25", "20"};
    private static final int[] REGION_COUNTS = {1696, 987, 512, 404, 285, 274, 268, 190, 165, 137, 82, 55, 49, 42};
    private static final int REGION_TOTAL = java.util.Arrays.stream(REGION_COUNTS).sum();

    /** Latin letters without I, as Uzbek plates use them (§1.3). */
    private static final String UZ_LETTERS = "ABCDEFGHJKLMNOPQRSTUVWXYZ";
    private static final String LATIN = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private static final String TJ_LETTERS = "ABCEHKMOPTXY";

    /** The plate kinds generated and their share of vehicles. */
    enum Kind {
        UZ_PRIVATE(0.860, PlateFormat.UZ_PRIVATE, "UZ"),
        UZ_LEGAL_ENTITY(0.090, PlateFormat.UZ_LEGAL_ENTITY, "UZ"),
        UZ_FOREIGN_RESIDENT(0.010, PlateFormat.UZ_FOREIGN_RESIDENT, "UZ"),
        UZ_FOREIGN_COMPANY(0.010, PlateFormat.UZ_FOREIGN_COMPANY, "UZ"),
        UZ_DIPLOMATIC(0.002, PlateFormat.UZ_DIPLOMATIC, "UZ"),
        KZ_PRIVATE(0.012, PlateFormat.KZ_PRIVATE, "KZ"),
        KG_PRIVATE(0.008, PlateFormat.KG_PRIVATE, "KG"),
        TJ_PRIVATE(0.008, PlateFormat.TJ_PRIVATE, "TJ");

        final double share;
        final PlateFormat format;
        /** What the camera reports as the plate's country (it sees the flag). */
        final String country;

        Kind(double share, PlateFormat format, String country) {
            this.share = share;
            this.format = format;
            this.country = country;
        }
    }

    /** Cities with sites, their region (as listed by the server) and approximate centre. */
    record City(String region, String name, double latitude, double longitude, int weight) {
    }

    static final List<City> CITIES = List.of(
            new City("Tashkent city", "Tashkent", 41.3111, 69.2797, 30),
            new City("Tashkent region", "Chirchiq", 41.4689, 69.5822, 3),
            new City("Tashkent region", "Nurafshon", 41.0407, 69.3581, 2),
            new City("Tashkent region", "Angren", 41.0167, 70.1436, 2),
            new City("Tashkent region", "Almalyk", 40.8447, 69.5983, 2),
            new City("Sirdaryo region", "Gulistan", 40.4897, 68.7842, 2),
            new City("Jizzakh region", "Jizzakh", 40.1158, 67.8422, 2),
            new City("Samarkand region", "Samarkand", 39.6542, 66.9597, 6),
            new City("Samarkand region", "Kattakurgan", 39.8989, 66.2561, 1),
            new City("Fergana region", "Fergana", 40.3864, 71.7864, 4),
            new City("Fergana region", "Kokand", 40.5286, 70.9425, 2),
            new City("Fergana region", "Margilan", 40.4711, 71.7247, 2),
            new City("Namangan region", "Namangan", 40.9983, 71.6726, 4),
            new City("Andijan region", "Andijan", 40.7821, 72.3442, 4),
            new City("Andijan region", "Asaka", 40.6415, 72.2387, 1),
            new City("Kashkadarya region", "Karshi", 38.8606, 65.7891, 3),
            new City("Kashkadarya region", "Shahrisabz", 39.0578, 66.8342, 1),
            new City("Surkhandarya region", "Termez", 37.2242, 67.2783, 2),
            new City("Surkhandarya region", "Denau", 38.2667, 67.9000, 1),
            new City("Bukhara region", "Bukhara", 39.7747, 64.4286, 4),
            new City("Bukhara region", "Kagan", 39.7225, 64.5517, 1),
            new City("Navoiy region", "Navoiy", 40.0844, 65.3792, 2),
            new City("Navoiy region", "Zarafshan", 41.5822, 64.2017, 1),
            new City("Khorezm region", "Urgench", 41.5500, 60.6333, 3),
            new City("Khorezm region", "Khiva", 41.3783, 60.3639, 1),
            new City("Republic of Karakalpakstan", "Nukus", 42.4531, 59.6103, 3));

    /** A site: its city and where it stands (a few kilometres around the city centre). */
    record Site(int index, City city, String name, double latitude, double longitude) {
    }

    /**
     * A vehicle and its plate columns as ingest stores them.
     *
     * @param homeSite the site a commuter passes in the morning, or where an occasional vehicle is mostly seen
     * @param workSite the site a commuter passes in the evening
     */
    record Vehicle(String plate, Kind kind, PlateColumns columns, String type, String colour, String make,
                   int homeSite, int workSite) {
    }

    /** One read to store. {@code camera} is 0 or 1: each site has two cameras, one per direction. */
    record Read(Instant capturedAt, Vehicle vehicle, int site, int camera, double speedKmh, int lane, double confidence) {
    }

    private static final String[][] MAKES = {
            {"Chevrolet Cobalt", "car"}, {"Chevrolet Nexia", "car"}, {"Chevrolet Spark", "car"},
            {"Chevrolet Lacetti", "car"}, {"Chevrolet Gentra", "car"}, {"Chevrolet Malibu", "car"},
            {"Chevrolet Damas", "van"}, {"Chevrolet Labo", "truck"}, {"Chevrolet Tracker", "suv"},
            {"Chevrolet Captiva", "suv"}, {"BYD Song Plus", "suv"}, {"Kia K5", "car"}, {"Hyundai Elantra", "car"},
            {"Isuzu NP", "bus"}, {"MAN TGS", "truck"}};
    private static final double[] MAKE_WEIGHTS = {22, 16, 12, 10, 9, 6, 6, 3, 4, 3, 3, 2, 2, 1, 1};
    private static final String[] COLOURS = {"white", "white", "white", "silver", "black", "grey", "blue", "red"};

    private final List<Site> sites;
    private final List<List<Integer>> sitesByCity;
    private final List<Vehicle> commuters;
    private final List<Vehicle> occasional;
    private final double[] zipfCumulative;
    private final long reads;
    private final int days;
    private final long seed;

    /**
     * @param reads how many reads {@link #forEachRead} produces
     * @param days  over how many days up to the end they spread
     * @param sites how many sites (two cameras each)
     */
    ReadPopulation(long reads, int days, int sites, long seed) {
        if (reads < 1 || days < 1 || sites < 1) {
            throw new IllegalArgumentException("reads, days and sites must be positive");
        }
        this.reads = reads;
        this.days = days;
        this.seed = seed;
        Random random = new Random(seed);
        this.sites = layout(sites, random);
        this.sitesByCity = new ArrayList<>();
        for (City city : CITIES) {
            sitesByCity.add(this.sites.stream().filter(s -> s.city() == city).map(Site::index).toList());
        }
        // About 15% of reads are commuters' (rush hours, weekdays), each seen about twice a working day.
        int commuterCount = (int) Math.max(50, reads * 0.15 / (days * 5.0 / 7 * 2));
        // The rest: on average 25 reads per vehicle, very unevenly (Zipf).
        int occasionalCount = (int) Math.max(1_000, reads / 25);
        Set<String> taken = new HashSet<>();
        this.commuters = vehicles(commuterCount, random, taken);
        this.occasional = vehicles(occasionalCount, random, taken);
        this.zipfCumulative = new double[occasionalCount];
        double sum = 0;
        for (int i = 0; i < occasionalCount; i++) {
            sum += Math.pow(i + 1, -ZIPF_S);
            zipfCumulative[i] = sum;
        }
    }

    List<Site> sites() {
        return sites;
    }

    List<Vehicle> commuters() {
        return commuters;
    }

    /** The occasional vehicles, most frequent first. */
    List<Vehicle> occasional() {
        return occasional;
    }

    /** Sites spread over the cities by weight, every city at least one; names say where they are. */
    static List<Site> layout(int count, Random random) {
        int totalWeight = CITIES.stream().mapToInt(City::weight).sum();
        List<Site> out = new ArrayList<>(count);
        int[] perCity = new int[CITIES.size()];
        for (int i = 0; i < CITIES.size() && i < count; i++) {
            perCity[i] = 1;
        }
        int assigned = Math.min(count, CITIES.size());
        while (assigned < count) {
            // largest remainder: the city furthest below its weighted share gets the next site
            int best = 0;
            double bestGap = -Double.MAX_VALUE;
            for (int i = 0; i < CITIES.size(); i++) {
                double gap = (double) CITIES.get(i).weight() * (assigned + 1) / totalWeight - perCity[i];
                if (gap > bestGap) {
                    bestGap = gap;
                    best = i;
                }
            }
            perCity[best]++;
            assigned++;
        }
        for (int c = 0; c < CITIES.size(); c++) {
            City city = CITIES.get(c);
            for (int k = 0; k < perCity[c]; k++) {
                double lat = city.latitude() + (random.nextDouble() - 0.5) * 0.08;
                double lon = city.longitude() + (random.nextDouble() - 0.5) * 0.10;
                out.add(new Site(out.size(), city, city.name() + " junction " + (k + 1), lat, lon));
            }
        }
        return out;
    }

    private List<Vehicle> vehicles(int count, Random random, Set<String> taken) {
        List<Vehicle> out = new ArrayList<>(count);
        while (out.size() < count) {
            Kind kind = kind(random);
            String plate = plate(kind, random);
            if (!taken.add(plate)) {
                continue;
            }
            int make = pick(MAKE_WEIGHTS, random);
            // Home: a site in a city of the plate's region where the region has sites, else anywhere; work: a site
            // in the home's city.
            int home = homeSite(plate, kind, random);
            List<Integer> sameCity = sitesByCity.get(CITIES.indexOf(sites.get(home).city()));
            int work = sameCity.get(random.nextInt(sameCity.size()));
            out.add(new Vehicle(plate, kind, PlateColumns.of(plate, kind.country), MAKES[make][1],
                    COLOURS[random.nextInt(COLOURS.length)], MAKES[make][0], home, work));
        }
        return out;
    }

    private int homeSite(String plate, Kind kind, Random random) {
        if (kind.country.equals("UZ") && Character.isDigit(plate.charAt(0))) {
            String code = plate.substring(0, 2);
            List<Integer> candidates = new ArrayList<>();
            for (int c = 0; c < CITIES.size(); c++) {
                if (regionCode(CITIES.get(c).region()).equals(code)) {
                    candidates.addAll(sitesByCity.get(c));
                }
            }
            if (!candidates.isEmpty()) {
                return candidates.get(random.nextInt(candidates.size()));
            }
        }
        return random.nextInt(sites.size());
    }

    private static String regionCode(String region) {
        return switch (region) {
            case "Tashkent city" -> "01";
            case "Tashkent region" -> "10";
            case "Sirdaryo region" -> "20";
            case "Jizzakh region" -> "25";
            case "Samarkand region" -> "30";
            case "Fergana region" -> "40";
            case "Namangan region" -> "50";
            case "Andijan region" -> "60";
            case "Kashkadarya region" -> "70";
            case "Surkhandarya region" -> "75";
            case "Bukhara region" -> "80";
            case "Navoiy region" -> "85";
            case "Khorezm region" -> "90";
            default -> "95";
        };
    }

    static Kind kind(Random random) {
        double r = random.nextDouble();
        for (Kind kind : Kind.values()) {
            r -= kind.share;
            if (r < 0) {
                return kind;
            }
        }
        return Kind.UZ_PRIVATE;
    }

    /** A plate text of {@code kind}, in the layout the plates module knows for it. */
    static String plate(Kind kind, Random random) {
        StringBuilder p = new StringBuilder(10);
        switch (kind) {
            case UZ_PRIVATE -> {
                p.append(regionCodeWeighted(random)).append(letter(UZ_LETTERS, random)).append(digits(3, random))
                        .append(letter(UZ_LETTERS, random));
                // the last letter is mostly A, then B (§1.3)
                double r = random.nextDouble();
                p.append(r < 0.85 ? 'A' : r < 0.99 ? 'B' : letter(UZ_LETTERS, random));
            }
            case UZ_LEGAL_ENTITY -> p.append(regionCodeWeighted(random)).append(digits(3, random))
                    .append(letter(UZ_LETTERS, random)).append(letter(UZ_LETTERS, random)).append(letter(UZ_LETTERS, random));
            case UZ_FOREIGN_RESIDENT -> p.append(regionCodeWeighted(random)).append('H').append(digits(6, random));
            case UZ_FOREIGN_COMPANY -> p.append(regionCodeWeighted(random)).append('M').append(digits(6, random));
            case UZ_DIPLOMATIC -> p.append('D').append(digits(6, random));
            case KZ_PRIVATE -> p.append(digits(3, random)).append(letter(LATIN, random)).append(letter(LATIN, random))
                    .append(letter(LATIN, random)).append(String.format("%02d", 1 + random.nextInt(20)));
            case KG_PRIVATE -> p.append('0').append(1 + random.nextInt(8)).append(digits(3, random))
                    .append(letter(LATIN, random)).append(letter(LATIN, random)).append(letter(LATIN, random));
            case TJ_PRIVATE -> p.append(digits(4, random)).append(letter(TJ_LETTERS, random))
                    .append(letter(TJ_LETTERS, random)).append('0').append(1 + random.nextInt(8));
        }
        return p.toString();
    }

    private static String regionCodeWeighted(Random random) {
        int r = random.nextInt(REGION_TOTAL);
        for (int i = 0; i < REGION_CODES.length; i++) {
            r -= REGION_COUNTS[i];
            if (r < 0) {
                return REGION_CODES[i];
            }
        }
        return "01";
    }

    private static char letter(String alphabet, Random random) {
        return alphabet.charAt(random.nextInt(alphabet.length()));
    }

    private static String digits(int n, Random random) {
        StringBuilder s = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            s.append((char) ('0' + random.nextInt(10)));
        }
        return s.toString();
    }

    private static int pick(double[] weights, Random random) {
        double total = 0;
        for (double w : weights) {
            total += w;
        }
        double r = random.nextDouble() * total;
        for (int i = 0; i < weights.length; i++) {
            r -= weights[i];
            if (r < 0) {
                return i;
            }
        }
        return weights.length - 1;
    }

    /** The relative traffic of a minute: the hour's weight, a little less at weekends. */
    static double weight(Instant minute) {
        var local = minute.atOffset(LOCAL);
        boolean weekend = local.getDayOfWeek() == DayOfWeek.SATURDAY || local.getDayOfWeek() == DayOfWeek.SUNDAY;
        return HOURLY[local.getHour()] * (weekend ? 0.8 : 1.0);
    }

    /** The share of a minute's reads that are commuters': rush hours of working days. */
    static double commuterShare(Instant minute) {
        var local = minute.atOffset(LOCAL);
        if (local.getDayOfWeek() == DayOfWeek.SATURDAY || local.getDayOfWeek() == DayOfWeek.SUNDAY) {
            return 0;
        }
        int h = local.getHour();
        return h >= 7 && h <= 9 || h >= 17 && h <= 19 ? 0.40 : 0;
    }

    /** Consumes reads. */
    interface ReadSink {
        void accept(Read read) throws Exception;
    }

    /**
     * Every read, oldest first (by minute: within a minute reads arrive in any order, as uploads do), exactly
     * {@code reads} of them spread over the {@code days} days before {@code end} by the day/night curve.
     */
    void forEachRead(Instant end, ReadSink sink) throws Exception {
        Instant start = end.minus(Duration.ofDays(days)).truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
        int minutes = (int) Duration.between(start, end).toMinutes();
        double total = 0;
        for (int m = 0; m < minutes; m++) {
            total += weight(start.plusSeconds(60L * m));
        }
        SplittableRandom random = new SplittableRandom(seed * 31 + 7);
        double cumulative = 0;
        long emitted = 0;
        for (int m = 0; m < minutes; m++) {
            Instant minute = start.plusSeconds(60L * m);
            cumulative += weight(minute);
            long target = m == minutes - 1 ? reads : Math.round(reads * (cumulative / total));
            double commuterShare = commuterShare(minute);
            boolean morning = minute.atOffset(LOCAL).getHour() < 13;
            for (; emitted < target; emitted++) {
                Vehicle v;
                int site;
                if (commuterShare > 0 && random.nextDouble() < commuterShare) {
                    v = commuters.get(random.nextInt(commuters.size()));
                    site = morning ? v.homeSite() : v.workSite();
                } else {
                    v = occasional.get(zipf(random.nextDouble()));
                    List<Integer> local = sitesByCity.get(CITIES.indexOf(sites.get(v.homeSite()).city()));
                    site = random.nextDouble() < 0.75 ? local.get(random.nextInt(local.size()))
                            : random.nextInt(sites.size());
                }
                Instant captured = minute.plusMillis(random.nextInt(60_000));
                double speed = Math.clamp(52 + random.nextGaussian() * 12, 5, 180);
                sink.accept(new Read(captured, v, site, random.nextInt(2), Math.round(speed * 10) / 10.0,
                        1 + random.nextInt(3), (80 + random.nextInt(20)) / 100.0));
            }
        }
    }

    /** The rank (0-based) of an occasional vehicle for a uniform draw {@code u} in [0, 1). */
    int zipf(double u) {
        double x = u * zipfCumulative[zipfCumulative.length - 1];
        int i = java.util.Arrays.binarySearch(zipfCumulative, x);
        return Math.min(zipfCumulative.length - 1, i >= 0 ? i : -i - 1);
    }
}
