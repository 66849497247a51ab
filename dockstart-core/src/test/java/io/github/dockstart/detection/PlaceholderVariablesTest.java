package io.github.dockstart.detection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.github.dockstart.model.AppSetting.Part;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlaceholderVariablesTest {

    @Test
    void eachPlaceholderOfAUrlStandsForThePartItFills() {
        assertThat(parts("jdbc:postgresql://${PGHOST:localhost}:${PGPORT:5432}/${PGDATABASE}?user=${PGUSER}&password=${PGPASSWORD:}&ssl=${SSL:false}"))
                .containsExactly("PGHOST HOST", "PGPORT PORT", "PGDATABASE DATABASE", "PGUSER USER", "PGPASSWORD PASSWORD");
        assertThat(parts("redis://${REDIS_USER:default}:${REDIS_PASSWORD:}@${REDIS_HOST:localhost}/0"))
                .containsExactly("REDIS_USER USER", "REDIS_PASSWORD PASSWORD", "REDIS_HOST HOST");
        assertThat(parts("jdbc:mysql://${DB_ADDRESS:localhost:3306}/shop")).containsExactly("DB_ADDRESS HOST_AND_PORT");
        assertThat(parts("${JDBC_URL:jdbc:postgresql://localhost/shop}")).containsExactly("JDBC_URL URL");
    }

    @Test
    void aPlaceholderForPartOfAHostOrANameIsLeftAlone() {
        assertThat(parts("jdbc:postgresql://db-${ENV:dev}.local:5432/shop_${TENANT:a}")).isEmpty();
        assertThat(parts("jdbc:postgresql:${DB:shop}")).isEmpty();
    }

    @Test
    void otherPartsCountOnlyWhenOnePlaceholderIsTheWholeValue() {
        assertThat(PlaceholderVariables.of("${DB_USER:shop}", Part.USER, null, UrlStyle.JDBC, Source.CONFIG))
                .extracting(SettingClue::key, SettingClue::part).containsExactly(tuple("DB_USER", Part.USER));
        assertThat(PlaceholderVariables.of("${DB_USER:shop}-ro", Part.USER, null, UrlStyle.JDBC, Source.CONFIG)).isEmpty();
    }

    private static List<String> parts(String url) {
        return PlaceholderVariables.of(url, Part.URL, "ignored", UrlStyle.JDBC, Source.CONFIG).stream()
                .map(s -> s.key() + " " + s.part()).toList();
    }
}
