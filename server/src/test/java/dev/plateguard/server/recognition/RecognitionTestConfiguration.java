package dev.plateguard.server.recognition;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * The integration tests' recogniser: deterministic by default ({@link ScriptedPlateReader}), switchable to the
 * real {@link AnprPlateReader}. The server's own {@link AnprPlateReader} bean stays in the context, configured as in
 * production (the bundled models), so tests can also run it.
 */
@TestConfiguration(proxyBeanMethods = false)
public class RecognitionTestConfiguration {

    @Bean
    ScriptedPlateReader scriptedPlateReader() {
        return new ScriptedPlateReader();
    }

    @Bean
    @Primary
    SwitchablePlateReader switchablePlateReader(ScriptedPlateReader scripted) {
        return new SwitchablePlateReader(scripted);
    }
}
