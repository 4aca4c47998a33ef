package dev.plateguard.server.cameras;

import static dev.plateguard.server.users.AdminPagesSupport.redirect;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

import dev.plateguard.server.IntegrationTest;
import dev.plateguard.server.TestClient;
import dev.plateguard.server.security.SecurityTestSupport;
import dev.plateguard.server.users.AdminPagesSupport;

/**
 * Regions and cities come from a managed list (issue 16): Uzbekistan's 14 regions and their main cities, in three
 * languages; a site names a listed region and one of its cities, in any of their spellings, and is stored under the
 * list's names; anything else is refused, naming the field; an administrator adds to the list.
 */
class RegionsIT extends IntegrationTest {

    private TestClient.Response site(String city, String region) {
        return client().postJson("/api/v1/sites", admin().token(), Map.of("name", TestClient.unique("Listed"),
                "city", city, "region", region, "latitude", 41.3, "longitude", 69.2));
    }

    @Autowired
    Regions regions;

    @Autowired
    TransactionTemplate transactions;

    @Test
    void aTownAddedWhileAnotherRequestReadsTheListTakesSitesAtOnce() throws Exception {
        String town = TestClient.unique("Village");
        // The town is added; before that commits, another request reads (and caches) the list without it, as a
        // parallel site creation does. Once the addition commits, a site in the town is accepted at once.
        transactions.executeWithoutResult(status -> {
            regions.addCity(new Regions.CityForm("Tashkent region", town, null, null));
            Thread reader = Thread.ofVirtual().start(() -> regions.all());
            try {
                reader.join();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        TestClient.Response site = client().postJson("/api/v1/sites", admin().token(), Map.of("name",
                TestClient.unique("Site"), "city", town, "region", "Tashkent region", "latitude", 40.64, "longitude", 69.39));
        assertThat(site.status()).as(site.toString()).isEqualTo(201);
    }

    @Test
    void theListHoldsUzbekistansFourteenRegionsAndTheirMainCitiesInThreeLanguages() {
        var operator = SecurityTestSupport.person(client(), admin(), "OPERATOR");
        var list = client().get("/api/v1/regions", operator.token());
        assertThat(list.status()).isEqualTo(200);
        List<JsonNode> uzbek = new ArrayList<>();
        list.json().forEach(r -> {
            if (r.hasNonNull("isoCode") && r.get("isoCode").asString().startsWith("UZ-")) {
                uzbek.add(r);
            }
        });
        assertThat(uzbek).extracting(r -> r.get("isoCode").asString()).containsExactly("UZ-TK", "UZ-TO", "UZ-SI",
                "UZ-JI", "UZ-SA", "UZ-FA", "UZ-NG", "UZ-AN", "UZ-QA", "UZ-SU", "UZ-BU", "UZ-NW", "UZ-XO", "UZ-QR");
        assertThat(uzbek).extracting(r -> r.get("plateCode").asString()).containsExactly("01", "10", "20", "25", "30",
                "40", "50", "60", "70", "75", "80", "85", "90", "95");
        JsonNode kashkadarya = uzbek.get(8);
        assertThat(kashkadarya.get("name").asString()).isEqualTo("Kashkadarya region");
        assertThat(kashkadarya.get("nameUz").asString()).isEqualTo("Qashqadaryo viloyati");
        assertThat(kashkadarya.get("nameRu").asString()).isEqualTo("Кашкадарьинская область");
        assertThat(kashkadarya.get("cities").get(0).get("name").asString()).isEqualTo("Karshi");
        uzbek.forEach(r -> assertThat(r.get("cities").size()).as(r.get("name").asString()).isGreaterThanOrEqualTo(1));
        // The auditor works with no sites.
        var auditor = SecurityTestSupport.person(client(), admin(), "AUDITOR");
        assertThat(client().get("/api/v1/regions", auditor.token()).status()).isEqualTo(403);
    }

    @Test
    void aSiteNamesAListedRegionAndCityInAnySpellingAndIsStoredUnderTheListsNames() {
        var uzbek = site("Qarshi", "Qashqadaryo viloyati");
        assertThat(uzbek.status()).as(uzbek.toString()).isEqualTo(201);
        assertThat(uzbek.json().get("region").asString()).isEqualTo("Kashkadarya region");
        assertThat(uzbek.json().get("city").asString()).isEqualTo("Karshi");
        var russian = site("ташкент", "Ташкент");
        assertThat(russian.status()).as(russian.toString()).isEqualTo(201);
        assertThat(russian.json().get("region").asString()).isEqualTo("Tashkent city");
        assertThat(russian.json().get("city").asString()).isEqualTo("Tashkent");
        assertThat(site("Samarkand", "UZ-SA").json().get("region").asString()).isEqualTo("Samarkand region");

        // Free text is refused, naming the field, before anything is stored.
        var unknownRegion = site("Tashkent", "Gotham");
        assertThat(unknownRegion.status()).isEqualTo(400);
        assertThat(unknownRegion.json().get("errors").get(0).get("field").asString()).isEqualTo("region");
        assertThat(unknownRegion.json().get("errors").get(0).get("code").asString()).isEqualTo("unknownRegion");
        var cityElsewhere = site("Karshi", "Tashkent city");
        assertThat(cityElsewhere.status()).isEqualTo(400);
        assertThat(cityElsewhere.json().get("errors").get(0).get("field").asString()).isEqualTo("city");
        // The database holds the same rule: a site's city is one of its region's listed cities.
        assertThat(jdbc.sql("select count(*) from site where (region, city) not in (select region, name from city)")
                .query(Long.class).single()).isZero();
    }

    @Test
    void anAdministratorAddsARegionAndATownThroughTheApiAndThePage() {
        String region = TestClient.unique("Osh region");
        var added = client().postJson("/api/v1/regions", admin().token(), Map.of("name", region, "nameRu", "Ошская область " + region));
        assertThat(added.status()).as(added.toString()).isEqualTo(201);
        assertThat(added.json().get("nameUz").asString()).isEqualTo(region);
        assertThat(client().postJson("/api/v1/regions", admin().token(), Map.of("name", region.toUpperCase())).status())
                .isEqualTo(409);
        assertThat(client().postJson("/api/v1/cities", admin().token(), Map.of("region", region, "name", "Osh")).status())
                .isEqualTo(201);
        assertThat(client().postJson("/api/v1/cities", admin().token(), Map.of("region", "Nowhere", "name", "Osh")).status())
                .isEqualTo(400);
        assertThat(site("Osh", region).status()).isEqualTo(201);
        var operator = SecurityTestSupport.person(client(), admin(), "OPERATOR");
        assertThat(client().postJson("/api/v1/regions", operator.token(), Map.of("name", "Sneaky")).status()).isEqualTo(403);

        // The page: the list in the page's language, and a form that adds a town to a region.
        var admin = AdminPagesSupport.signIn(client(), admin(), "ADMIN");
        var page = admin.page("/admin/regions?lang=ru");
        assertThat(page.html()).contains("Кашкадарьинская область", "Карши", "UZ-QA", "Ошская область " + region);
        String town = TestClient.unique("Jartepa");
        var town1 = admin.post("/admin/cities", page.csrf(), "region", "Samarkand region", "name", town, "nameUz", town,
                "nameRu", "Джартепа " + town);
        assertThat(redirect(town1)).isEqualTo("/admin/regions");
        assertThat(jdbc.sql("select name_ru from city where region = 'Samarkand region' and name = ?").param(town)
                .query(String.class).single()).isEqualTo("Джартепа " + town);
        var again = admin.post("/admin/cities", page.csrf(), "region", "Samarkand region", "name", town);
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.text()).contains("Этот город уже есть в списке региона.");
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'city.create' and target = ?")
                .param("city:Samarkand region/" + town).query(Long.class).single()).isEqualTo(1);

        // The site form offers the list: a region select and its cities, in the page's language.
        var form = admin.page("/admin/sites/new");
        assertThat(form.html()).contains("<select id=\"site-region\" name=\"region\"", "<select id=\"site-city\" name=\"city\"",
                "data-region=\"Kashkadarya region\"", "Кашкадарьинская область");
    }
}
