package dev.migrate.testing;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;

/**
 * Wraps a real {@link DataSource} and records the SQL of every statement run through it, so a
 * test can count queries. Nothing is faked: every call goes to the real driver.
 */
public final class RecordingDataSource {

    private final List<String> statements = new CopyOnWriteArrayList<>();
    private final List<Integer> batchSizes = new CopyOnWriteArrayList<>();
    private final DataSource target;

    public RecordingDataSource(DataSource target) {
        this.target = target;
    }

    public List<String> statements() {
        return statements;
    }

    /** How many statements each {@code executeBatch} sent, in order. */
    public List<Integer> batchSizes() {
        return batchSizes;
    }

    public long count(String fragment) {
        String f = fragment.toLowerCase(java.util.Locale.ROOT);
        return statements.stream().filter(s -> s.toLowerCase(java.util.Locale.ROOT).contains(f)).count();
    }

    public DataSource dataSource() {
        return (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {DataSource.class}, (p, m, a) -> {
            Object result = invoke(target, m, a);
            return result instanceof Connection c ? connection(c) : result;
        });
    }

    private Connection connection(Connection real) {
        return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class}, (p, m, a) -> {
            Object result = invoke(real, m, a);
            if (m.getName().equals("prepareStatement") && a != null && a[0] instanceof String sql) {
                statements.add(sql);
                return result;
            }
            if (result instanceof Statement st && !(result instanceof PreparedStatement)) {
                return statement(st);
            }
            return result;
        });
    }

    private Statement statement(Statement real) {
        List<String> batch = new java.util.ArrayList<>();
        InvocationHandler handler = (p, m, a) -> {
            if (m.getName().startsWith("execute") && a != null && a.length > 0 && a[0] instanceof String sql) {
                statements.add(sql);
            } else if (m.getName().equals("addBatch") && a != null && a[0] instanceof String sql) {
                batch.add(sql);
            } else if (m.getName().startsWith("executeBatch") || m.getName().startsWith("executeLargeBatch")) {
                statements.addAll(batch);
                batchSizes.add(batch.size());
                batch.clear();
            } else if (m.getName().equals("clearBatch")) {
                batch.clear();
            }
            return invoke(real, m, a);
        };
        return (Statement) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Statement.class}, handler);
    }

    private static Object invoke(Object target, java.lang.reflect.Method m, Object[] a) throws Throwable {
        try {
            return m.invoke(target, a);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        } catch (IllegalAccessException e) {
            throw new SQLException(e);
        }
    }
}
