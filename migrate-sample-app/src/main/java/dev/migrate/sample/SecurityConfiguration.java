package dev.migrate.sample;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.util.matcher.AndRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Who may do what. The Migrate starter decides what the {@code migrations} endpoint can do (its
 * access and the environment's rules); this decides who may call it:
 * <ul>
 *   <li>{@code /actuator/health} and {@code /actuator/info}: anyone (load balancers probe them);</li>
 *   <li>{@code POST /actuator/migrations} (plan, migrate, rollback): role {@value #MIGRATIONS_WRITE};</li>
 *   <li>every other Actuator endpoint, including {@code GET /actuator/migrations} (it shows the SQL of
 *       every migration): role {@value #MIGRATIONS_READ};</li>
 *   <li>the library's own API: anyone, as before.</li>
 * </ul>
 * Two users, {@code reader} and {@code operator}, with passwords from {@code sample.security.*}
 * (plain, or already encoded such as <code>{bcrypt}$2a$...</code>); a real deployment would use its
 * identity provider instead. HTTP Basic, no session and so no CSRF token: the callers are scripts.
 * Started without a web server ({@code spring.main.web-application-type=none}), there is nothing to protect.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class SecurityConfiguration {

    /** May read the Actuator endpoints: migration status, SQL, metrics. */
    static final String MIGRATIONS_READ = "MIGRATIONS_READ";
    /** May also plan, migrate and roll back through {@code POST /actuator/migrations}. */
    static final String MIGRATIONS_WRITE = "MIGRATIONS_WRITE";

    @Bean
    SecurityFilterChain securityFilterChain(HttpSecurity http) throws Exception {
        RequestMatcher migrationsWrite = new AndRequestMatcher(EndpointRequest.to("migrations"),
                request -> "POST".equalsIgnoreCase(request.getMethod()));
        http.authorizeHttpRequests(requests -> requests
                        .requestMatchers(EndpointRequest.to("health", "info")).permitAll()
                        .requestMatchers(migrationsWrite).hasRole(MIGRATIONS_WRITE)
                        .requestMatchers(EndpointRequest.toAnyEndpoint()).hasAnyRole(MIGRATIONS_READ, MIGRATIONS_WRITE)
                        .anyRequest().permitAll())
                .httpBasic(Customizer.withDefaults())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                // Stateless Basic authentication: no cookie a browser could replay, so no CSRF token.
                .csrf(csrf -> csrf.disable());
        return http.build();
    }

    @Bean
    UserDetailsService users(@Value("${sample.security.reader-password}") String readerPassword,
            @Value("${sample.security.operator-password}") String operatorPassword) {
        PasswordEncoder encoder = PasswordEncoderFactories.createDelegatingPasswordEncoder();
        UserDetails reader = User.withUsername("reader").password(encoded(encoder, readerPassword)).roles(MIGRATIONS_READ).build();
        UserDetails operator = User.withUsername("operator").password(encoded(encoder, operatorPassword))
                .roles(MIGRATIONS_READ, MIGRATIONS_WRITE).build();
        return new InMemoryUserDetailsManager(reader, operator);
    }

    /** A password given as {@code {id}hash} is already encoded; anything else is encoded now. */
    private static String encoded(PasswordEncoder encoder, String password) {
        if (password == null || password.isBlank()) {
            throw new IllegalStateException("sample.security.reader-password and sample.security.operator-password must be set");
        }
        return password.startsWith("{") && password.indexOf('}') > 1 ? password : encoder.encode(password);
    }
}
