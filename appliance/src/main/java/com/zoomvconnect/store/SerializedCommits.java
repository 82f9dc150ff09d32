package com.zoomvconnect.store;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Statement;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;

/**
 * Embedded H2 only: lets one commit happen at a time. H2's MVStore writes itself to the file at
 * every commit (with {@code WRITE_DELAY=0}), but a commit that finds another thread's write in
 * progress skips its own and returns, although that write may have taken its snapshot before this
 * commit's changes: they reach the file only with the next commit, and a process killed before
 * then loses a write the API has acknowledged (measured: the last few of thousands, every time).
 * With commits serialised no write is ever in progress when one starts, so each commit returns
 * only after its own changes are in the file. Commits are what is serialised: a transaction's
 * statements still run in parallel; a statement in auto-commit mode is its own commit.
 */
final class SerializedCommits {
    private final ReentrantLock lock = new ReentrantLock();

    DataSource wrap(DataSource ds) {
        return proxy(DataSource.class, ds, (target, method, args) -> {
            Object result = call(target, method, args);
            return result instanceof Connection c ? connection(c) : result;
        });
    }

    private Connection connection(Connection c) {
        return proxy(Connection.class, c, (target, method, args) -> {
            if (method.getName().equals("commit")) {
                return locked(target, method, args);
            }
            Object result = call(target, method, args);
            if (result instanceof Statement s && !method.getName().equals("unwrap")) {
                return statement(c, s);
            }
            return result;
        });
    }

    private Statement statement(Connection c, Statement s) {
        Class<? extends Statement> type = s instanceof java.sql.CallableStatement ? java.sql.CallableStatement.class
                : s instanceof java.sql.PreparedStatement ? java.sql.PreparedStatement.class : Statement.class;
        return proxy(type, s, (target, method, args) -> {
            String name = method.getName();
            boolean writes = name.startsWith("execute") && !name.equals("executeQuery");
            return writes && c.getAutoCommit() ? locked(target, method, args) : call(target, method, args);
        });
    }

    private Object locked(Object target, Method method, Object[] args) throws Throwable {
        lock.lock();
        try {
            return call(target, method, args);
        } finally {
            lock.unlock();
        }
    }

    private interface Handler {
        Object handle(Object target, Method method, Object[] args) throws Throwable;
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, Object target, Handler handler) {
        InvocationHandler h = (p, method, args) -> handler.handle(target, method, args);
        return (T) Proxy.newProxyInstance(SerializedCommits.class.getClassLoader(), new Class<?>[] {type}, h);
    }

    private static Object call(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
