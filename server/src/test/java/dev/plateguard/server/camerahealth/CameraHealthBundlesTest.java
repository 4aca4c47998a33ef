package dev.plateguard.server.camerahealth;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import dev.plateguard.server.I18nBundles;

/** The camera-health bundle: every key in English, Uzbek and Russian; every condition and unit named; pages use known keys. */
class CameraHealthBundlesTest {

    @Test
    void everyLanguageHasEveryKeyAndEveryConditionHasAName() {
        I18nBundles.assertTranslated("camerahealth", "camerahealth.");
        Set<String> keys = I18nBundles.load("camerahealth").stringPropertyNames();
        for (Condition c : Condition.values()) {
            assertThat(keys).contains("camerahealth.condition." + c.slug, "camerahealth.unit." + c.unit.replace(' ', '-'));
        }
    }

    @Test
    void thePagesUseOnlyKeysThatExist() throws IOException {
        Set<String> known = new TreeSet<>(I18nBundles.load("camerahealth").stringPropertyNames());
        known.addAll(I18nBundles.load("messages").stringPropertyNames());
        assertThat(I18nBundles.assertPagesUseKnownKeys(known, "", "camerahealth/camera.html", "camerahealth/alarms.html",
                "camerahealth/parts.html", "cameras/cameras.html")).isGreaterThan(30);
    }
}
