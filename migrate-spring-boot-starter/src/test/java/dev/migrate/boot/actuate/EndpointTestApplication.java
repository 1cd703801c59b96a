package dev.migrate.boot.actuate;

import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.security.Principal;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * The application the HTTP endpoint tests start. A filter turns an {@code X-User} header into the
 * request's principal, standing in for Spring Security.
 */
@SpringBootConfiguration
// Boot's Flyway support is on this module's test class path for FlywayCoexistenceTests, not for this application.
@EnableAutoConfiguration(excludeName = { "org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration",
        "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration",
        "org.springframework.boot.flyway.autoconfigure.FlywayEndpointAutoConfiguration" })
public class EndpointTestApplication {

    public static final String USER_HEADER = "X-User";

    @Bean
    Filter principalFromHeader() {
        return (request, response, chain) -> {
            String user = ((HttpServletRequest) request).getHeader(USER_HEADER);
            if (user == null) {
                chain.doFilter(request, response);
                return;
            }
            Principal principal = () -> user;
            chain.doFilter(new HttpServletRequestWrapper((HttpServletRequest) request) {
                @Override
                public Principal getUserPrincipal() {
                    return principal;
                }
            }, response);
        };
    }
}
