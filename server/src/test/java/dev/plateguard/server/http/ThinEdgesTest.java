package dev.plateguard.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import dev.plateguard.server.MainSources;

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
        List<String> offenders = MainSources.matches(HTTP,
                (path, source) -> !path.startsWith("http/") && !CONTROLLER.matcher(source).find());
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
