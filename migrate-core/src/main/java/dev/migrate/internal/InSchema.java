package dev.migrate.internal;

import dev.migrate.dialect.Dialect;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A connection an operation moved into the configured default schema: closing it first puts back the
 * schema it had, so that a pooled connection reaches the application as the pool gave it.
 */
final class InSchema {

    private static final Logger log = LoggerFactory.getLogger(InSchema.class);

    private InSchema() {
    }

    static Connection wrap(Connection connection, Dialect.OwnSchema own) {
        return (Connection) Proxy.newProxyInstance(InSchema.class.getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("close") && method.getParameterCount() == 0) {
                        try {
                            if (!connection.isClosed()) {
                                own.putBack(connection);
                            }
                        } catch (SQLException | RuntimeException e) {
                            log.warn("Could not put back the connection's own schema after the migrations: {}", e.toString());
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
