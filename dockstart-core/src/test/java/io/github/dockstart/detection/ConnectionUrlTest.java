package io.github.dockstart.detection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.dockstart.model.DatabaseType;
import org.junit.jupiter.api.Test;

class ConnectionUrlTest {

    private static ConnectionUrl parse(String url) {
        return ConnectionUrl.parse(url).orElseThrow();
    }

    @Test
    void postgresJdbcUrlWithHostPortDatabaseAndQueryCredentials() {
        ConnectionUrl url = parse("jdbc:postgresql://db.example:5433/shop?user=alice&password=a%26b&ssl=true");

        assertThat(url.type()).isEqualTo(DatabaseType.POSTGRES);
        assertThat(url.host()).isEqualTo("db.example");
        assertThat(url.port()).isEqualTo(5433);
        assertThat(url.database()).isEqualTo("shop");
        assertThat(url.user()).isEqualTo("alice");
        assertThat(url.password()).isEqualTo("a&b");
    }

    @Test
    void postgresShortFormIsADatabaseOnLocalhost() {
        ConnectionUrl url = parse("jdbc:postgresql:shop");

        assertThat(url.host()).isNull();
        assertThat(url.port()).isNull();
        assertThat(url.database()).isEqualTo("shop");
    }

    @Test
    void firstOfSeveralHostsAndIpv6() {
        assertThat(parse("jdbc:postgresql://a:5440,b:5441/x").host()).isEqualTo("a");
        assertThat(parse("jdbc:postgresql://a:5440,b:5441/x").port()).isEqualTo(5440);
        assertThat(parse("jdbc:postgresql://[::1]:5442/x").host()).isEqualTo("::1");
        assertThat(parse("jdbc:postgresql://[::1]:5442/x").port()).isEqualTo(5442);
    }

    @Test
    void mysqlAndMariaDbWithModes() {
        assertThat(parse("jdbc:mysql://localhost:3307/shop").type()).isEqualTo(DatabaseType.MYSQL);
        assertThat(parse("jdbc:mysql:loadbalance://h1:3308,h2/shop").port()).isEqualTo(3308);
        assertThat(parse("jdbc:mariadb:replication://primary/shop").type()).isEqualTo(DatabaseType.MARIADB);
        assertThat(parse("jdbc:mariadb:replication://primary/shop").host()).isEqualTo("primary");
        assertThat(parse("jdbc:mysql://root:pw@localhost/shop").user()).isEqualTo("root");
    }

    @Test
    void r2dbcReactiveAndDatabaseUrlStyles() {
        ConnectionUrl r2dbc = parse("r2dbc:pool:postgresql://u:p@localhost:5432/demo");
        assertThat(r2dbc.type()).isEqualTo(DatabaseType.POSTGRES);
        assertThat(r2dbc.user()).isEqualTo("u");
        assertThat(r2dbc.password()).isEqualTo("p");
        assertThat(parse("r2dbc:mariadb://localhost/demo").type()).isEqualTo(DatabaseType.MARIADB);
        assertThat(parse("vertx-reactive:mysql://localhost/demo").type()).isEqualTo(DatabaseType.MYSQL);
        assertThat(parse("postgres://localhost/demo").type()).isEqualTo(DatabaseType.POSTGRES);
        assertThat(parse("mariadb://localhost/demo").type()).isEqualTo(DatabaseType.MARIADB);
    }

    @Test
    void redisUrls() {
        ConnectionUrl url = parse("rediss://default:s%40cret@cache:6380/4");

        assertThat(url.type()).isEqualTo(DatabaseType.REDIS);
        assertThat(url.host()).isEqualTo("cache");
        assertThat(url.port()).isEqualTo(6380);
        assertThat(url.database()).isEqualTo("4");
        assertThat(url.user()).isEqualTo("default");
        assertThat(url.password()).isEqualTo("s@cret");
        assertThat(parse("redis://:only-password@localhost").password()).isEqualTo("only-password");
        assertThat(parse("redis://:only-password@localhost").user()).isNull();
    }

    @Test
    void sqliteFilesAndMemory() {
        assertThat(parse("jdbc:sqlite:data/app.db").path()).isEqualTo("data/app.db");
        assertThat(parse("jdbc:sqlite:file:data/app.db?cache=shared").path()).isEqualTo("data/app.db");
        assertThat(parse("jdbc:sqlite::memory:").inMemory()).isTrue();
        assertThat(parse("jdbc:sqlite:").inMemory()).isTrue();
    }

    @Test
    void unresolvedPlaceholdersLeaveTheirPartUnknown() {
        ConnectionUrl url = parse("jdbc:postgresql://${DB_HOST}:${DB_PORT}/shop");

        assertThat(url.host()).isNull();
        assertThat(url.port()).isNull();
        assertThat(url.database()).isEqualTo("shop");
    }

    @Test
    void otherUrlsAreNotDatabasesDockstartRuns() {
        assertThat(ConnectionUrl.parse("jdbc:h2:mem:test")).isEmpty();
        assertThat(ConnectionUrl.parse("https://example.com")).isEmpty();
        assertThat(ConnectionUrl.looksLikeOne("jdbc:h2:mem:test")).isFalse();
        assertThat(ConnectionUrl.looksLikeOne("jdbc:postgresql://x/y")).isTrue();
    }

    @Test
    void malformedUrlsSayWhy() {
        assertThatThrownBy(() -> ConnectionUrl.parse("jdbc:postgresql://localhost:0/x"))
                .isInstanceOf(ConnectionUrl.MalformedException.class).hasMessage("the port 0 is out of range");
        assertThatThrownBy(() -> ConnectionUrl.parse("jdbc:mysql:localhost/x"))
                .isInstanceOf(ConnectionUrl.MalformedException.class).hasMessage("expected '//' and a host after 'jdbc:mysql:'");
        assertThatThrownBy(() -> ConnectionUrl.parse("jdbc:postgresql:"))
                .isInstanceOf(ConnectionUrl.MalformedException.class).hasMessage("it names neither a host nor a database");
        assertThatThrownBy(() -> ConnectionUrl.parse("redis://localhost/cache"))
                .isInstanceOf(ConnectionUrl.MalformedException.class).hasMessage("the database 'cache' is not a number");
        assertThatThrownBy(() -> ConnectionUrl.parse("jdbc:postgresql://[::1/x"))
                .isInstanceOf(ConnectionUrl.MalformedException.class).hasMessage("the IPv6 address has no closing ']'");
        assertThatThrownBy(() -> ConnectionUrl.parse("postgres://u:s3/cr3t@localhost/db"))
                .isInstanceOf(ConnectionUrl.MalformedException.class).hasMessageNotContaining("s3").hasMessageNotContaining("cr3t");
        assertThatThrownBy(() -> ConnectionUrl.parse("redis://u:bad%zzsecret@localhost"))
                .isInstanceOf(ConnectionUrl.MalformedException.class).hasMessageNotContaining("secret");
    }

    @Test
    void toStringHidesThePassword() {
        assertThat(parse("redis://u:hunter2@localhost").toString()).doesNotContain("hunter2");
    }
}
