package dev.plateguard.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModule;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

/**
 * The feature packages are Spring Modulith application modules: no cycles between them, and each uses the others
 * only through their API (the top-level package; sub-packages are internal). The module diagrams in
 * {@code docs/modules} are the documenter's output for the code as it is; regenerate them with
 * {@code mvn -pl server test -Dtest=ModuleStructureTest -Dplateguard.write-module-docs=true}.
 */
class ModuleStructureTest {

    static final ApplicationModules MODULES = ApplicationModules.of(PlateGuardApplication.class);
    static final Path COMMITTED = Path.of("../docs/modules");

    @Test
    void modulesHaveNoCyclesAndUseOnlyEachOthersApi() {
        MODULES.verify();
        assertThat(MODULES.stream().map(ApplicationModule::getIdentifier).map(Object::toString))
                .contains("violations", "review", "notices", "ingest", "identity", "security", "audit", "validation");
    }

    @Test
    void dataFlowsOneWayFromCameraToOperator() {
        // Downstream stages depend on upstream ones, never the reverse.
        assertThat(dependsOn("review", "violations")).isTrue();
        assertThat(dependsOn("notices", "violations")).isTrue();
        assertThat(dependsOn("violations", "review")).isFalse();
        assertThat(dependsOn("violations", "notices")).isFalse();
        assertThat(dependsOn("ingest", "violations")).isFalse();
        assertThat(dependsOn("ingest", "recognition")).isFalse();
        // The identity every module may know sits at the bottom; the filter chains on top.
        assertThat(dependsOn("identity", "security")).isFalse();
        assertThat(dependsOn("users", "security")).isFalse();
        assertThat(dependsOn("audit", "security")).isFalse();
        // Retention orchestrates the purge from the top: it uses the owning modules' purge operations, none uses it.
        assertThat(dependsOn("retention", "violations")).isTrue();
        MODULES.stream().map(m -> m.getIdentifier().toString()).filter(m -> !m.equals("retention"))
                .forEach(m -> assertThat(dependsOn(m, "retention")).as(m + " depends on retention").isFalse());
        // Refusals and input checks are the ground every module stands on.
        assertThat(MODULES.getModuleByName("validation").orElseThrow().getDirectDependencies(MODULES).uniqueModules())
                .as("validation depends on no other module").isEmpty();
    }

    @Test
    void theCommittedModuleDiagramsAreTheDocumentersOutput() throws IOException {
        Path generated = Path.of("target/modulith-docs");
        write(generated);
        if (Boolean.getBoolean("plateguard.write-module-docs")) {
            write(COMMITTED);
        }
        assertThat(contents(COMMITTED))
                .as("docs/modules is out of date: regenerate it (see this class's Javadoc)")
                .isEqualTo(contents(generated));
    }

    private static boolean dependsOn(String module, String other) {
        ApplicationModule from = MODULES.getModuleByName(module).orElseThrow();
        ApplicationModule to = MODULES.getModuleByName(other).orElseThrow();
        return from.getBootstrapDependencies(MODULES).anyMatch(to::equals) || from.getDirectDependencies(MODULES)
                .uniqueModules().anyMatch(to::equals);
    }

    private static void write(Path folder) throws IOException {
        Files.createDirectories(folder);
        new Documenter(MODULES, Documenter.Options.defaults().withOutputFolder(folder.toString()))
                .writeModulesAsPlantUml()
                .writeIndividualModulesAsPlantUml();
    }

    private static Map<String, List<String>> contents(Path folder) throws IOException {
        Map<String, List<String>> files = new TreeMap<>();
        try (Stream<Path> list = Files.list(folder)) {
            for (Path file : list.filter(f -> f.toString().endsWith(".puml")).toList()) {
                // The documenter lists components and relations in no fixed order: compare them as sets of lines.
                files.put(file.getFileName().toString(), Files.readAllLines(file).stream().sorted().toList());
            }
        }
        return files;
    }
}
