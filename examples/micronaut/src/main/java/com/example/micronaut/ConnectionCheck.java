package com.example.micronaut;

import io.lettuce.core.api.StatefulRedisConnection;
import io.micronaut.context.ApplicationContext;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import javax.sql.DataSource;

/** Connects to MariaDB and Redis as configured, prints what each answered, and exits. */
public final class ConnectionCheck {

    private ConnectionCheck() {
    }

    @SuppressWarnings("unchecked")
    public static void main(String[] args) throws Exception {
        try (ApplicationContext context = ApplicationContext.run()) {
            try (Connection connection = context.getBean(DataSource.class).getConnection();
                 Statement statement = connection.createStatement();
                 ResultSet result = statement.executeQuery("SELECT DATABASE(), CURRENT_USER()")) {
                result.next();
                System.out.println("mariadb: database " + result.getString(1) + " as " + result.getString(2));
            }
            StatefulRedisConnection<String, String> redis = context.getBean(StatefulRedisConnection.class);
            redis.sync().set("micronaut:check", "ok");
            System.out.println("redis: micronaut:check=" + redis.sync().get("micronaut:check"));
        }
    }
}
