package dev.migrate.internal;

import dev.migrate.dialect.Dialect;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A connection whose session an operation changed before using it (the init SQL, the default schema):
 * closing it first puts that back, so that a pooled connection reaches the application as the pool
 * gave it.
 */
final class RestoredOnClose {

    private static final Logger log = LoggerFactory.getLogger(RestoredOnClose.class);

    private RestoredOnClose() {
    }

    static Connection wrap(Connection connection, Dialect.PutBack own) {
        return (Connection) Proxy.newProxyInstance(RestoredOnClose.class.getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("close") && method.getParameterCount() == 0) {
                        try {
                            if (!connection.isClosed()) {
                                own.putBack(connection);
                            }
                        } catch (SQLException | RuntimeException e) {
                            log.warn("Could not put back the connection's session after Migrate used it: {}", e.toString());
                        }
                        connection.close();
                        return null;
                    }
                    try {
                        return method.invoke(connection, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
