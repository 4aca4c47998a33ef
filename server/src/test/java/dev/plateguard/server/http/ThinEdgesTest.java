package dev.plateguard.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * Only controllers and this package speak HTTP: everything else refuses a request with a
 * {@link dev.plateguard.server.validation.Refusal}, and {@link ProblemResponses} (or the controller) decides the
 * status it is answered with.
 */
class ThinEdgesTest {

    /** A use of an HTTP status type, or of the controller-only problem. */
    static final Pattern HTTP = Pattern.compile("\\b(ApiProblem|HttpStatus)\\b");
    /** A class annotated as a controller or controller advice. */
    static final Pattern CONTROLLER = Pattern.compile("(?m)^@(Rest)?Controller(Advice)?\\b");

    @Test
    void onlyControllersAndTheHttpPackageUseHttpStatuses() throws IOException {
        Path main = Path.of("src/main/java/dev/plateguard/server");
        List<String> offenders = new ArrayList<>();
        try (Stream<Path> files = Files.walk(main)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String path = main.relativize(file).toString().replace('\\', '/');
                String source = Files.readString(file);
                Matcher m = HTTP.matcher(source);
                if (!path.startsWith("http/") && m.find() && !CONTROLLER.matcher(source).find()) {
                    offenders.add(path + ": " + m.group());
                }
            }
        }
        assertThat(offenders).as("services throw Refusal; only controllers and http map it to a status").isEmpty();
    }

    @Test
    void thePatternsSeeWhatTheyAreFor() {
        assertThat(HTTP.matcher("throw new ApiProblem(HttpStatus.CONFLICT, ...)").find()).isTrue();
        assertThat(HTTP.matcher("import org.springframework.http.HttpStatus;").find()).isTrue();
        assertThat(HTTP.matcher("HttpStatusCode status").find()).isFalse();
        assertThat(HTTP.matcher("throw Refusal.conflict(\"taken\");").find()).isFalse();
        assertThat(CONTROLLER.matcher("/** Pages. */\n@Controller\nclass Pages {").find()).isTrue();
        assertThat(CONTROLLER.matcher("@RestController\n@RequestMapping(\"/x\")").find()).isTrue();
        assertThat(CONTROLLER.matcher("@RestControllerAdvice\npublic class Advice").find()).isTrue();
        assertThat(CONTROLLER.matcher("@Service\npublic class Workflow {\n    // see @Controller").find()).isFalse();
    }
}
