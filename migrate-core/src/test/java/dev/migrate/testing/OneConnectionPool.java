package dev.migrate.testing;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * A connection pool of size one over a real {@link DataSource}: every {@code getConnection()} hands
 * out the same physical connection, and {@code close()} returns it to the pool instead of closing it.
 * Session state (a PostgreSQL advisory lock, an open server-side transaction) therefore survives from
 * one operation to the next, as it does with HikariCP; a test sees what a pooled application sees.
 */
public final class OneConnectionPool implements AutoCloseable {

    private final DataSource target;
    private Connection physical;

    public OneConnectionPool(DataSource target) {
        this.target = target;
    }

    public DataSource dataSource() {
        return (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {DataSource.class}, (p, m, a) -> {
            if (m.getName().equals("getConnection")) {
                return borrow();
            }
            return invoke(target, m, a);
        });
    }

    private synchronized Connection borrow() throws SQLException {
        if (physical == null || physical.isClosed()) {
            physical = target.getConnection();
        }
        Connection real = physical;
        return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class}, (p, m, a) -> {
            if (m.getName().equals("close")) {
                return null;
            }
            if (m.getName().equals("isClosed")) {
                return real.isClosed();
            }
            return invoke(real, m, a);
        });
    }

    private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    @Override
    public synchronized void close() throws SQLException {
        if (physical != null) {
            physical.close();
            physical = null;
        }
    }
}
