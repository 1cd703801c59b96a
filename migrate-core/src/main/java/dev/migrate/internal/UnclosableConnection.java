package dev.migrate.internal;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.util.LinkedHashSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connection handed to migration and callback code ({@code MigrationContext.connection()}), whose
 * {@code close()} does nothing: Migrate owns it and closes it when the operation ends.
 *
 * <p>{@code try (Connection c = context.connection()) { ... }} is an easy slip. Closed, a pooled connection went
 * back to the pool in the middle of the run, still holding Migrate's session lock (PostgreSQL's advisory lock,
 * MariaDB's named lock) and the migration's open transaction: the next borrower got it so, and no other process
 * could migrate until the pool retired that connection. The proxy has every public interface of the connection it
 * wraps, so a cast to a driver's interface ({@code (PGConnection) c}) still works.
 */
final class UnclosableConnection {

    private static final Logger log = LoggerFactory.getLogger(UnclosableConnection.class);

    private UnclosableConnection() {
    }

    static Connection wrap(Connection connection) {
        Set<Class<?>> interfaces = new LinkedHashSet<>();
        interfaces.add(Connection.class);
        for (Class<?> type = connection.getClass(); type != null; type = type.getSuperclass()) {
            for (Class<?> each : type.getInterfaces()) {
                if (Modifier.isPublic(each.getModifiers())) {
                    interfaces.add(each);
                }
            }
        }
        try {
            return proxy(connection, connection.getClass().getClassLoader(), interfaces.toArray(Class<?>[]::new));
        } catch (RuntimeException | Error notPossible) {
            // An interface another class loader defines, two that clash, or a native image that keeps only the proxies it
            // was told about (an Error there; the starter registers the JDBC interface alone): that one will do.
            try {
                return proxy(connection, UnclosableConnection.class.getClassLoader(), new Class<?>[] {Connection.class});
            } catch (RuntimeException | Error e) {
                log.debug("Handing migrations the connection itself, as no proxy of it could be made: {}", e.toString());
                return connection;
            }
        }
    }

    private static Connection proxy(Connection connection, ClassLoader loader, Class<?>[] interfaces) {
        return (Connection) Proxy.newProxyInstance(loader, interfaces, (proxy, method, args) -> {
            if ((method.getName().equals("close") || method.getName().equals("abort")) && method.getParameterCount() <= 1
                    && method.getDeclaringClass().isAssignableFrom(Connection.class)) {
                log.warn("Migration or callback code called {}() on Migrate's connection (try-with-resources on"
                        + " context.connection()?): ignored, as Migrate still needs it and closes it itself. Leave it open",
                        method.getName());
                return null;
            }
            if (method.getName().equals("equals") && method.getParameterCount() == 1) {
                return proxy == args[0];
            }
            if (method.getName().equals("hashCode") && method.getParameterCount() == 0) {
                return System.identityHashCode(proxy);
            }
            try {
                return method.invoke(connection, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        });
    }
}
