package dev.plateguard.simulator.network;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The places camera sites can stand, per cluster, in a fixed order: named places first, then generated junctions.
 * Taking the first {@code n} of a cluster is stable as {@code n} grows, so a server built with {@code --sites=100}
 * is reused, and extended, by a later {@code --sites=120}.
 *
 * <p>Sources: the Tashkent anchors and the Jizzakh, Qarshi and Namangan centres are the coordinates of
 * domain-uz.md §4.4. Every other coordinate is an approximate position of a real junction or road chosen for this
 * simulation, not surveyed: Tashkent ones lie inside the city's extent (lat 41.24–41.37, lon 69.15–69.38), and
 * border ones on the roads towards the crossings §4.4 lists, whose own coordinates are unverified there too.
 */
public final class Gazetteer {

    /** Tashkent's extent; generated junctions stay inside it. */
    static final double TASHKENT_SOUTH = 41.24, TASHKENT_NORTH = 41.37, TASHKENT_WEST = 69.15, TASHKENT_EAST = 69.38;

    /** Generated junctions keep at least this far from every other site. */
    private static final double MIN_SEPARATION_KM = 0.6;

    private static final List<Place> TASHKENT = tashkent();
    private static final List<Place> JIZZAKH = city(Cluster.JIZZAKH, "Jizzakh", "Jizzakh region", "25",
            new GeoPoint(40.1158, 67.8422), new Object[][]{
                    {"Jizzakh markazi", 0.0, 0.0, "Sharof Rashidov shoh ko'chasi, markaz", RoadSetting.CITY},
                    {"Jizzakh: Sharof Rashidov / Mustaqillik", 0.9, 0.6, "Sharof Rashidov shoh ko'chasi / Mustaqillik ko'chasi", RoadSetting.CITY},
                    {"Jizzakh avtovokzali", -0.8, -1.0, "Avtovokzal oldi chorrahasi", RoadSetting.CITY},
                    {"Jizzakh temir yo'l vokzali", -1.5, 0.8, "Vokzal ko'chasi", RoadSetting.CITY},
                    {"Jizzakh: M39 sharqiy kirish", 1.8, 5.0, "M39 Toshkent - Samarqand yo'li, shahar kirishi", RoadSetting.OPEN_ROAD},
                    {"Jizzakh: M39 g'arbiy aylanma yo'l", -3.5, -5.0, "M39 aylanma yo'li, Samarqand yo'nalishi", RoadSetting.OPEN_ROAD},
                    {"Jizzakh: Navoiy / Bahor", 1.6, -0.7, "Navoiy ko'chasi / Bahor ko'chasi", RoadSetting.CITY},
                    {"Jizzakh shimoliy kirish", 3.2, 0.4, "Forish yo'li, shahar chegarasi", RoadSetting.CITY},
                    {"Jizzakh - Zomin yo'li", -6.5, 3.0, "Jizzakh - Zomin avtomobil yo'li", RoadSetting.OPEN_ROAD},
                    {"Jizzakh janubiy kirish", -3.0, 1.0, "Zomin yo'li, shahar chegarasi", RoadSetting.CITY},
                    {"Jizzakh: Do'stlik ko'chasi", 0.3, -1.8, "Do'stlik ko'chasi / Rashidov", RoadSetting.CITY},
                    {"M39: Uchtepa qishlog'i", -6.0, -9.0, "M39 yo'li, Uchtepa qishlog'i", RoadSetting.SETTLEMENT},
                    {"Jizzakh sanoat zonasi", 2.5, 3.0, "Sanoat ko'chasi", RoadSetting.CITY},
                    {"Jizzakh - Forish yo'li", 8.0, -2.0, "Jizzakh - Forish avtomobil yo'li", RoadSetting.OPEN_ROAD}});
    private static final List<Place> QARSHI = city(Cluster.QARSHI, "Qarshi", "Kashkadarya region", "70",
            new GeoPoint(38.8633, 65.7978), new Object[][]{
                    {"Qarshi markazi", 0.0, 0.0, "Mustaqillik maydoni", RoadSetting.CITY},
                    {"Qarshi: Mustaqillik shoh ko'chasi", 0.8, 0.7, "Mustaqillik shoh ko'chasi", RoadSetting.CITY},
                    {"Qarshi: Islom Karimov / Nasaf", -0.9, 0.9, "Islom Karimov ko'chasi / Nasaf ko'chasi", RoadSetting.CITY},
                    {"Qarshi avtovokzali", 1.4, -1.1, "Avtovokzal chorrahasi", RoadSetting.CITY},
                    {"Qarshi - Shahrisabz yo'li", 6.0, 6.0, "A-380 Qarshi - Shahrisabz yo'li", RoadSetting.OPEN_ROAD},
                    {"Qarshi - G'uzor yo'li", -5.0, 6.5, "Qarshi - G'uzor avtomobil yo'li", RoadSetting.OPEN_ROAD},
                    {"Qarshi temir yo'l vokzali", -1.8, -1.5, "Vokzal ko'chasi", RoadSetting.CITY},
                    {"Qarshi shimoliy kirish", 3.2, 0.5, "Shahrisabz yo'li, shahar chegarasi", RoadSetting.CITY},
                    {"Qarshi - Buxoro yo'li", 5.0, -7.0, "Qarshi - Buxoro avtomobil yo'li", RoadSetting.OPEN_ROAD},
                    {"Qashqadaryo ko'prigi", 1.0, -2.4, "Qashqadaryo ko'prigi", RoadSetting.CITY},
                    {"Qarshi janubiy kirish", -3.0, -0.5, "G'uzor yo'li, shahar chegarasi", RoadSetting.CITY},
                    {"Qarshi - Muborak yo'li, Beshkent", -4.0, -8.0, "Muborak yo'li, Beshkent qishlog'i", RoadSetting.SETTLEMENT},
                    {"Qarshi: Nasaf / Bahor", 2.0, 1.8, "Nasaf ko'chasi / Bahor ko'chasi", RoadSetting.CITY}});
    private static final List<Place> NAMANGAN = city(Cluster.NAMANGAN, "Namangan", "Namangan region", "50",
            new GeoPoint(40.9953, 71.6725), new Object[][]{
                    {"Namangan markazi", 0.0, 0.0, "Navoiy ko'chasi, markaz", RoadSetting.CITY},
                    {"Namangan: Navoiy / Mustaqillik", 0.7, 0.9, "Navoiy ko'chasi / Mustaqillik ko'chasi", RoadSetting.CITY},
                    {"Namangan avtovokzali", -1.2, -0.8, "Avtovokzal chorrahasi", RoadSetting.CITY},
                    {"Namangan temir yo'l vokzali", -2.0, 0.6, "Vokzal ko'chasi", RoadSetting.CITY},
                    {"Namangan - Uychi yo'li", 5.0, 5.0, "Namangan - Uychi avtomobil yo'li", RoadSetting.OPEN_ROAD},
                    {"Namangan - Qo'qon yo'li", -6.0, -1.5, "A-373 Namangan - Qo'qon yo'li", RoadSetting.OPEN_ROAD},
                    {"Namangan: Uychi ko'chasi", 1.6, 1.8, "Uychi ko'chasi", RoadSetting.CITY},
                    {"Namangan: Chortoq yo'li kirishi", 3.5, 2.5, "Chortoq yo'li, shahar chegarasi", RoadSetting.CITY},
                    {"Namangan - Chust yo'li, To'raqo'rg'on", -1.0, -6.0, "Chust yo'li, To'raqo'rg'on", RoadSetting.SETTLEMENT},
                    {"Namangan - Pop yo'li", -4.0, -8.0, "Namangan - Pop avtomobil yo'li", RoadSetting.OPEN_ROAD},
                    {"Namangan: Kosonsoy ko'chasi", 2.2, -1.2, "Kosonsoy ko'chasi", RoadSetting.CITY},
                    {"Namangan sharqiy kirish", 0.5, 3.8, "Uychi yo'li, shahar chegarasi", RoadSetting.CITY},
                    {"Namangan: Boburshoh ko'chasi", -0.5, 1.9, "Boburshoh ko'chasi", RoadSetting.CITY}});
    private static final List<Place> BORDER = border();

    private Gazetteer() {
    }

    /** The first {@code count} places of a cluster: named ones first, then generated ones. */
    public static List<Place> places(Cluster cluster, int count) {
        List<Place> named = switch (cluster) {
            case TASHKENT -> TASHKENT;
            case JIZZAKH -> JIZZAKH;
            case QARSHI -> QARSHI;
            case NAMANGAN -> NAMANGAN;
            case TAJIK_BORDER -> BORDER;
        };
        List<Place> out = new ArrayList<>(named.subList(0, Math.min(count, named.size())));
        // A fixed seed per cluster, never --seed: the same n must give the same places on every run.
        SplittableRandom random = new SplittableRandom(0x5EEDL + cluster.ordinal());
        List<Place> all = new ArrayList<>(named);
        int serial = named.size();
        while (out.size() < count) {
            Place candidate = generated(cluster, named, ++serial, random);
            if (all.stream().allMatch(p -> p.point().distanceKm(candidate.point()) >= MIN_SEPARATION_KM)) {
                all.add(candidate);
                out.add(candidate);
            }
        }
        return out;
    }

    private static Place generated(Cluster cluster, List<Place> named, int serial, SplittableRandom random) {
        String number = String.format(Locale.ROOT, "%03d", serial);
        return switch (cluster) {
            case TASHKENT -> {
                GeoPoint point = new GeoPoint(random.nextDouble(TASHKENT_SOUTH + 0.005, TASHKENT_NORTH - 0.005),
                        random.nextDouble(TASHKENT_WEST + 0.005, TASHKENT_EAST - 0.005));
                yield new Place("Tashkent junction " + number, cluster, "Tashkent", "Tashkent city", "01", point,
                        "Simulated junction " + number + ", Tashkent", RoadSetting.CITY);
            }
            case TAJIK_BORDER -> {
                // Further along one of the named border roads, away from the crossing.
                Place base = named.get(random.nextInt(named.size()));
                GeoPoint point = base.point().offsetKm(random.nextDouble(-9, 9), random.nextDouble(-9, 9));
                yield new Place(base.city() + " border road km " + number, cluster, base.city(), base.region(),
                        base.regionCode(), point, "Simulated road position near " + base.city(), RoadSetting.OPEN_ROAD);
            }
            default -> {
                Place centre = named.getFirst();
                double angle = random.nextDouble(0, 2 * Math.PI);
                double radius = random.nextDouble(0.8, 5.0);
                GeoPoint point = centre.point().offsetKm(radius * Math.cos(angle), radius * Math.sin(angle));
                yield new Place(centre.city() + " junction " + number, cluster, centre.city(), centre.region(),
                        centre.regionCode(), point, "Simulated junction " + number + ", " + centre.city(),
                        radius > 4 ? RoadSetting.SETTLEMENT : RoadSetting.CITY);
            }
        };
    }

    private static List<Place> city(Cluster cluster, String city, String region, String code, GeoPoint centre,
                                    Object[][] rows) {
        List<Place> out = new ArrayList<>();
        for (Object[] row : rows) {
            out.add(new Place((String) row[0], cluster, city, region, code,
                    centre.offsetKm((double) row[1], (double) row[2]), (String) row[3], (RoadSetting) row[4]));
        }
        return List.copyOf(out);
    }

    private static List<Place> tashkent() {
        // The eight §4.4 anchors first, then approximate major junctions; 50 km/h where §3.2 names central streets.
        Object[][] rows = {
                {"Amir Temur xiyoboni", 41.312159, 69.282545, "Amir Temur xiyoboni ring", RoadSetting.CENTRAL_TASHKENT},
                {"Mustaqillik maydoni", 41.314985, 69.271025, "Mustaqillik maydoni, Sharaf Rashidov ko'chasi", RoadSetting.CITY},
                {"Paxtakor", 41.317741, 69.255195, "Navoiy ko'chasi / Uzbekiston ko'chasi", RoadSetting.CITY},
                {"Chorsu", 41.325973, 69.236975, "Navoiy ko'chasi / Chorsu maydoni", RoadSetting.CITY},
                {"Oybek / Nukus", 41.298432, 69.273013, "Oybek ko'chasi / Nukus ko'chasi", RoadSetting.CITY},
                {"Chilonzor", 41.274296, 69.204047, "Bunyodkor shoh ko'chasi, Chilonzor", RoadSetting.CITY},
                {"Hamid Olimjon", 41.317659, 69.295184, "Hamid Olimjon maydoni", RoadSetting.CITY},
                {"Buyuk Ipak Yo'li", 41.326495, 69.329925, "Mirzo Ulug'bek shoh ko'chasi / Buyuk Ipak Yo'li", RoadSetting.CITY},
                {"Amir Temur / Yunus Rajabiy", 41.3215, 69.2885, "Amir Temur shoh ko'chasi / Yunus Rajabiy ko'chasi", RoadSetting.CENTRAL_TASHKENT},
                {"Amir Temur / Minor", 41.3300, 69.2862, "Amir Temur shoh ko'chasi, Minor", RoadSetting.CENTRAL_TASHKENT},
                {"Amir Temur / Abdulla Qodiriy", 41.3372, 69.2848, "Amir Temur shoh ko'chasi / Abdulla Qodiriy ko'chasi", RoadSetting.CENTRAL_TASHKENT},
                {"Kichik halqa / Labzak", 41.3288, 69.2702, "Kichik halqa yo'li / Labzak ko'chasi", RoadSetting.CENTRAL_TASHKENT},
                {"Kichik halqa / Sag'bon", 41.3380, 69.2520, "Kichik halqa yo'li / Sag'bon ko'chasi", RoadSetting.CENTRAL_TASHKENT},
                {"Kosmonavtlar", 41.3058, 69.2862, "Mustaqillik shoh ko'chasi / Afrosiyob ko'chasi", RoadSetting.CITY},
                {"Toshkent vokzali", 41.2918, 69.2868, "Temiryo'lchilar ko'chasi, vokzal maydoni", RoadSetting.CITY},
                {"Mirobod bozori", 41.2990, 69.2810, "Mirobod ko'chasi / Nukus ko'chasi", RoadSetting.CITY},
                {"Shota Rustaveli / Bobur", 41.2905, 69.2650, "Shota Rustaveli ko'chasi / Bobur ko'chasi", RoadSetting.CITY},
                {"Novza", 41.2868, 69.2236, "Bunyodkor shoh ko'chasi / Qatortol ko'chasi", RoadSetting.CITY},
                {"Mirzo Ulug'bek (Chilonzor)", 41.2826, 69.2126, "Bunyodkor shoh ko'chasi, Chilonzor 9-mavze", RoadSetting.CITY},
                {"Olmazor (Chilonzor)", 41.2578, 69.1978, "Bunyodkor shoh ko'chasi, Olmazor", RoadSetting.CITY},
                {"Bunyodkor / Muqimiy", 41.2952, 69.2372, "Bunyodkor shoh ko'chasi / Muqimiy ko'chasi", RoadSetting.CITY},
                {"Milliy bog'", 41.3032, 69.2458, "Furqat ko'chasi, Milliy bog'", RoadSetting.CITY},
                {"G'afur G'ulom", 41.3234, 69.2442, "Navoiy ko'chasi / Sebzor", RoadSetting.CITY},
                {"Yunusobod", 41.3645, 69.2872, "Amir Temur shoh ko'chasi, Yunusobod", RoadSetting.CITY},
                {"Shahriston", 41.3508, 69.2870, "Amir Temur shoh ko'chasi / Shahriston", RoadSetting.CITY},
                {"Bodomzor", 41.3445, 69.2858, "Amir Temur shoh ko'chasi / Bodomzor yo'li", RoadSetting.CITY},
                {"Tinchlik", 41.3397, 69.2195, "Beruniy ko'chasi / Tinchlik", RoadSetting.CITY},
                {"Beruniy", 41.3448, 69.2052, "Beruniy ko'chasi / Qorasaroy", RoadSetting.CITY},
                {"Qoraqamish / Katta halqa", 41.3562, 69.2158, "Katta halqa yo'li, Qoraqamish", RoadSetting.CITY},
                {"Ko'kcha darvoza", 41.3330, 69.2280, "Ko'kcha darvoza ko'chasi", RoadSetting.CITY},
                {"Farhod bozori", 41.2792, 69.1882, "Lutfiy ko'chasi, Farhod bozori", RoadSetting.CITY},
                {"Katta halqa / Bunyodkor", 41.2625, 69.1842, "Katta halqa yo'li / Bunyodkor shoh ko'chasi", RoadSetting.CITY},
                {"Qo'yliq", 41.2495, 69.3352, "Farg'ona yo'li, Qo'yliq bozori", RoadSetting.CITY},
                {"Aeroport kirishi", 41.2650, 69.2772, "Kushbegi ko'chasi, aeroport kirishi", RoadSetting.CITY},
                {"TTZ bozori", 41.3402, 69.3608, "Mirzo Ulug'bek shoh ko'chasi, TTZ", RoadSetting.CITY},
                {"Maksim Gorkiy", 41.3232, 69.3142, "Buyuk Ipak Yo'li ko'chasi / Maksim Gorkiy", RoadSetting.CITY},
                {"Parkent bozori", 41.3168, 69.3215, "Parkent ko'chasi / Buyuk Ipak Yo'li", RoadSetting.CITY},
                {"Yashnobod / Taraqqiyot", 41.2962, 69.3332, "Taraqqiyot ko'chasi / Yashnobod", RoadSetting.CITY},
                {"Sergeli yo'li / Katta halqa", 41.2455, 69.2302, "Yangi Sergeli yo'li / Katta halqa yo'li", RoadSetting.CITY},
                {"Chuqursoy", 41.3505, 69.2325, "Chuqursoy ko'chasi", RoadSetting.CITY},
                {"Habib Abdullayev", 41.3690, 69.2885, "Amir Temur shoh ko'chasi / Habib Abdullayev", RoadSetting.CITY},
                {"Kamolon darvoza", 41.3172, 69.2270, "Kamolon ko'chasi / Samarqand darvoza", RoadSetting.CITY},
                {"Shimoliy vokzal", 41.3245, 69.2965, "Shimoliy vokzal maydoni", RoadSetting.CITY},
                {"Qorasaroy / Farobiy", 41.3452, 69.2395, "Qorasaroy ko'chasi / Farobiy ko'chasi", RoadSetting.CITY},
                {"Yakkasaroy / Bobur", 41.2965, 69.2585, "Bobur ko'chasi / Yakkasaroy", RoadSetting.CITY},
                {"Mirzo Ulug'bek / Ziyolilar", 41.3482, 69.3352, "Mirzo Ulug'bek shoh ko'chasi / Ziyolilar ko'chasi", RoadSetting.CITY},
                {"Qorasuv", 41.3055, 69.3652, "Qorasuv ko'chasi, Qorasuv massivi", RoadSetting.CITY},
                {"Farg'ona yo'li", 41.2952, 69.3505, "Farg'ona yo'li ko'chasi", RoadSetting.CITY},
                {"Uchtepa / Katta halqa", 41.2932, 69.1752, "Katta halqa yo'li, Uchtepa", RoadSetting.CITY},
                {"Beshyog'och", 41.2990, 69.2310, "Beshyog'och maydoni", RoadSetting.CITY},
                {"Kushbegi / Muqimiy", 41.2870, 69.2480, "Kushbegi ko'chasi / Muqimiy ko'chasi", RoadSetting.CITY},
                {"Osiyo / Mustaqillik", 41.3372, 69.3250, "Osiyo ko'chasi / Mustaqillik shoh ko'chasi", RoadSetting.CITY},
                {"Yangi Sergeli", 41.2520, 69.2650, "Yangi Sergeli ko'chasi", RoadSetting.CITY},
                {"Xo'jaobod / Katta halqa", 41.2505, 69.3005, "Katta halqa yo'li, Xo'jaobod", RoadSetting.CITY},
                {"Kadisheva", 41.3282, 69.3722, "Kadisheva ko'chasi", RoadSetting.CITY},
                {"Oloy bozori", 41.3205, 69.2818, "Amir Temur shoh ko'chasi / Oloy bozori", RoadSetting.CITY},
                {"Labzak / Abdulla Qodiriy", 41.3340, 69.2650, "Labzak ko'chasi / Abdulla Qodiriy ko'chasi", RoadSetting.CITY},
                {"Sebzor", 41.3312, 69.2470, "Sebzor ko'chasi", RoadSetting.CITY},
                {"Do'stlik", 41.2890, 69.3170, "Shota Rustaveli / Do'stlik", RoadSetting.CITY},
                {"Bodomzor yo'li / Teleminora", 41.3455, 69.2750, "Bodomzor yo'li, Toshkent teleminorasi", RoadSetting.CITY},
        };
        List<Place> out = new ArrayList<>();
        for (Object[] row : rows) {
            out.add(new Place((String) row[0], Cluster.TASHKENT, "Tashkent", "Tashkent city", "01",
                    new GeoPoint((double) row[1], (double) row[2]), (String) row[3], (RoadSetting) row[4]));
        }
        return List.copyOf(out);
    }

    private static List<Place> border() {
        // Roads towards the Uzbek–Tajik crossings of §4.4; positions approximate, like §4.4's own list.
        Object[][] rows = {
                {"Oybek chegara yo'li", 40.6420, 69.3950, "Oybek", "Tashkent region", "10", "Toshkent - Xo'jand yo'li, Oybek chegara punkti tomon", RoadSetting.OPEN_ROAD},
                {"Oybek chegara punkti yaqini", 40.6050, 69.4140, "Oybek", "Tashkent region", "10", "Toshkent - Xo'jand yo'li, chegara oldi", RoadSetting.OPEN_ROAD},
                {"Bekobod chegara yo'li", 40.2290, 69.2350, "Bekobod", "Tashkent region", "10", "Bekobod - Xo'jand yo'li, shahar chiqishi", RoadSetting.SETTLEMENT},
                {"Bekobod chegara punkti yaqini", 40.2050, 69.2050, "Bekobod", "Tashkent region", "10", "Bekobod chegara punkti oldi", RoadSetting.OPEN_ROAD},
                {"Jartepa chegara yo'li", 39.4930, 67.3900, "Jartepa", "Samarkand region", "30", "Samarqand - Panjakent yo'li, Jartepa tomon", RoadSetting.OPEN_ROAD},
                {"Pop chegara yo'li", 40.8560, 71.0500, "Pop", "Namangan region", "50", "Pop - Xo'jand yo'li, chegara tomon", RoadSetting.OPEN_ROAD},
                {"Sariosiyo chegara yo'li", 38.4620, 68.0300, "Sariosiyo", "Surkhandarya region", "75", "Denov - Tursunzoda yo'li, Sariosiyo chegara punkti tomon", RoadSetting.OPEN_ROAD},
                {"Jartepa chegara punkti yaqini", 39.5000, 67.4300, "Jartepa", "Samarkand region", "30", "Jartepa chegara punkti oldi", RoadSetting.OPEN_ROAD},
                {"Pop shahri kirishi", 40.8720, 71.1000, "Pop", "Namangan region", "50", "Pop shahri, Xo'jand yo'li", RoadSetting.SETTLEMENT},
                {"Gulbahor chegara yo'li", 38.2950, 67.9700, "Gulbahor", "Surkhandarya region", "75", "Gulbahor chegara punkti tomon", RoadSetting.OPEN_ROAD},
                {"Andarxon chegara yo'li", 40.3900, 70.9000, "Andarxon", "Fergana region", "40", "Andarxon chegara punkti tomon", RoadSetting.OPEN_ROAD},
        };
        List<Place> out = new ArrayList<>();
        for (Object[] row : rows) {
            out.add(new Place((String) row[0], Cluster.TAJIK_BORDER, (String) row[3], (String) row[4], (String) row[5],
                    new GeoPoint((double) row[1], (double) row[2]), (String) row[6], (RoadSetting) row[7]));
        }
        return List.copyOf(out);
    }
}
