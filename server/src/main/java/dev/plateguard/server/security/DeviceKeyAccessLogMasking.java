package dev.plateguard.server.security;

import java.io.IOException;

import jakarta.servlet.ServletException;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.stereotype.Component;

/**
 * Keeps device keys given in receiver paths out of Tomcat's access log ({@code server.tomcat.accesslog.*}): the log
 * line is written after the request is done, from the container's own request, which the application's masking
 * ({@link DeviceKeyInPath}) does not reach. This valve rewrites that request's URI once the application is done
 * with it, so the access log sees {@code /api/v1/receivers/hikvision/pgd_***}.
 */
@Component
class DeviceKeyAccessLogMasking implements WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory> {

    @Override
    public void customize(ConfigurableTomcatWebServerFactory factory) {
        factory.addEngineValves(new MaskingValve());
    }

    static final class MaskingValve extends ValveBase {

        MaskingValve() {
            super(true);
        }

        @Override
        public void invoke(Request request, Response response) throws IOException, ServletException {
            try {
                getNext().invoke(request, response);
            } finally {
                String uri = request.getRequestURI();
                if (uri != null && uri.contains(DeviceKeyInPath.RECEIVERS) && !request.isAsync()) {
                    String masked = DeviceKeyInPath.mask(uri);
                    if (!masked.equals(uri)) {
                        request.getCoyoteRequest().requestURI().setString(masked);
                        request.getCoyoteRequest().decodedURI().setString(masked);
                    }
                }
            }
        }
    }
}
