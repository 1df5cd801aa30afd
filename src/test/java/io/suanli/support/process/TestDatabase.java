package io.suanli.support.process;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A fresh PostgreSQL database for one process-level test, created through the {@code postgres}
 * maintenance database and dropped (connections and all) on close. The server is
 * 127.0.0.1:5432 unless {@code SUANLI_IT_PG_HOST}/{@code SUANLI_IT_PG_PORT} say otherwise.
 */
public final class TestDatabase implements AutoCloseable {

    private static final String HOST = env("SUANLI_IT_PG_HOST", "127.0.0.1");
    private static final String PORT = env("SUANLI_IT_PG_PORT", "5432");
    private static final String USER = env("SUANLI_IT_PG_USER", "postgres");
    private static final String PASSWORD = env("SUANLI_IT_PG_PASSWORD", "postgres");

    private final String name;

    private TestDatabase(String name) {
        this.name = name;
    }

    /** Creates {@code suanli_it_<random>}. */
    public static TestDatabase create() throws SQLException {
        String name = "suanli_it_" + Long.toString(new SecureRandom().nextLong() & Long.MAX_VALUE, 36);
        try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"), USER, PASSWORD);
                Statement s = c.createStatement()) {
            s.execute("create database " + name);
        }
        return new TestDatabase(name);
    }

    public String name() {
        return name;
    }

    public String jdbcUrl() {
        return jdbcUrl(name);
    }

    public String reactiveUrl() {
        return "postgresql://" + HOST + ":" + PORT + "/" + name;
    }

    public String user() {
        return USER;
    }

    public String password() {
        return PASSWORD;
    }

    /** A connection to this database, for checks the API does not offer (counting duplicates). */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), USER, PASSWORD);
    }

    @Override
    public void close() throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"), USER, PASSWORD);
                Statement s = c.createStatement()) {
            s.execute("drop database if exists " + name + " with (force)");
        }
    }

    private static String jdbcUrl(String database) {
        return "jdbc:postgresql://" + HOST + ":" + PORT + "/" + database;
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
