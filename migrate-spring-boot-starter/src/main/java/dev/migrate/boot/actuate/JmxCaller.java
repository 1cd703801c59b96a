package dev.migrate.boot.actuate;

import java.lang.reflect.Method;
import java.security.Principal;
import java.util.Set;
import javax.management.remote.JMXPrincipal;
import javax.security.auth.Subject;
import org.jspecify.annotations.Nullable;

/**
 * Who calls an MBean operation, as the JMX connector authenticated them. A remote connector that authenticates its
 * clients (the JVM's {@code jmxremote.password} file, a {@code JMXAuthenticator}, JAAS) runs each call as the
 * client's {@link Subject}; a local call (the platform MBean server in the same JVM, a tool attached to the process)
 * runs as none. Actuator hands the endpoint no principal from JMX, so the endpoint asks here.
 */
final class JmxCaller {

    /** What the audit records for a JMX caller whose connection named nobody. */
    static final String ANONYMOUS = "JMX caller";

    private JmxCaller() {
    }

    /** {@code alice (JMX)} for a caller the connector authenticated as alice; {@link #ANONYMOUS} otherwise. */
    static String describe() {
        String name = name(currentSubject());
        return name != null ? name + " (JMX)" : ANONYMOUS;
    }

    /** The connector's own principal ({@link JMXPrincipal}) first, else any principal the login gave the subject. */
    static @Nullable String name(@Nullable Subject subject) {
        if (subject == null) {
            return null;
        }
        Set<JMXPrincipal> jmx = subject.getPrincipals(JMXPrincipal.class);
        Set<Principal> any = jmx.isEmpty() ? subject.getPrincipals() : Set.copyOf(jmx);
        return any.stream().map(Principal::getName).filter(n -> n != null && !n.isBlank()).sorted().findFirst().orElse(null);
    }

    /**
     * The subject the current call runs as: {@code Subject.current()} where the JDK has it (18 and later, the only
     * way from 23 on, where connectors use {@code Subject.callAs}), else the access control context's (17, where
     * connectors use {@code Subject.doAs}). Null when there is none or it cannot be read.
     */
    @SuppressWarnings({"deprecation", "removal"})
    static @Nullable Subject currentSubject() {
        try {
            Method current = Subject.class.getMethod("current");
            return (Subject) current.invoke(null);
        } catch (NoSuchMethodException e) {
            try {
                return Subject.getSubject(java.security.AccessController.getContext());
            } catch (RuntimeException unsupported) {
                return null;
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
