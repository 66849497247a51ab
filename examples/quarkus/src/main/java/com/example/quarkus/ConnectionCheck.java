package com.example.quarkus;

import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

/** Connects to PostgreSQL as configured, prints what it answered, and exits. */
@QuarkusMain
public class ConnectionCheck implements QuarkusApplication {

    @Inject
    AgroalDataSource dataSource;

    @Override
    public int run(String... args) throws Exception {
        try (Connection connection = dataSource.getConnection();
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT current_database(), current_user")) {
            result.next();
            System.out.println("postgres: database " + result.getString(1) + " as " + result.getString(2));
        }
        return 0;
    }
}
