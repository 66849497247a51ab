package io.github.dockstart.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.dockstart.engine.EngineSettings;
import io.github.dockstart.log.DockstartLog;
import io.github.dockstart.model.InvalidInputException;
import io.github.dockstart.settings.PropertyNames;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.execution.DefaultMavenExecutionRequest;
import org.apache.maven.execution.DefaultMavenExecutionResult;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.settings.Server;
import org.apache.maven.settings.Settings;
import org.junit.jupiter.api.Test;

/**
 * Where the backup goals take a password from: a {@code <server>} of settings.xml, the environment,
 * or (deprecated, with a warning) {@code -Ddockstart.password}; never a mojo parameter, whose value
 * Maven's {@code -X} prints.
 */
class PasswordSourceTest {

    private final List<String> warnings = new ArrayList<>();
    private final DockstartLog log = new DockstartLog() {
        @Override
        public void info(String message) {
        }

        @Override
        public void warn(String message) {
            warnings.add(message);
        }

        @Override
        public void debug(String message) {
        }
    };

    @SuppressWarnings("deprecation")
    private static BackupMojo mojo() {
        BackupMojo mojo = new BackupMojo();
        mojo.session = new MavenSession(null, null, new DefaultMavenExecutionRequest(), new DefaultMavenExecutionResult());
        mojo.settings = new Settings();
        return mojo;
    }

    @Test
    void noMojoParameterHoldsAPassword() {
        for (Class<?> type = BackupMojo.class; type != Object.class; type = type.getSuperclass()) {
            for (var field : type.getDeclaredFields()) {
                var parameter = field.getAnnotation(org.apache.maven.plugins.annotations.Parameter.class);
                if (parameter != null) {
                    assertThat(parameter.property()).as(field.getName()).isNotEqualTo(PropertyNames.PASSWORD);
                    assertThat(field.getName().toLowerCase()).as("a parameter -X would print").doesNotContain("password");
                }
            }
        }
    }

    @Test
    void aServerOfSettingsXmlGivesPasswordAndUser() {
        BackupMojo mojo = mojo();
        Server server = new Server();
        server.setId("shop-db");
        server.setUsername("shop");
        server.setPassword("from-settings");
        mojo.settings.addServer(server);
        mojo.serverId = "shop-db";
        mojo.session.getUserProperties().setProperty(PropertyNames.PASSWORD, "from-command-line");

        EngineSettings.ConnectionOverrides overrides = mojo.credentials(log);

        assertThat(overrides.password()).isEqualTo("from-settings");
        assertThat(overrides.user()).isEqualTo("shop");
        assertThat(warnings).isEmpty();
    }

    @Test
    void anUnknownServerIdIsAUserErrorNamingIt() {
        BackupMojo mojo = mojo();
        mojo.serverId = "nope";

        assertThatThrownBy(() -> mojo.credentials(log)).isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("dockstart.serverId=nope: there is no <server> with the id 'nope' in settings.xml");
    }

    @Test
    void theEnvironmentComesBeforeTheCommandLine() {
        BackupMojo mojo = mojo();
        mojo.session.getSystemProperties().setProperty("env.DOCKSTART_PASSWORD", "from-environment");
        mojo.session.getUserProperties().setProperty(PropertyNames.PASSWORD, "from-command-line");

        assertThat(mojo.credentials(log).password()).isEqualTo("from-environment");
        assertThat(warnings).isEmpty();
    }

    @Test
    void theCommandLineStillWorksWithAWarningThatNeverShowsThePassword() {
        BackupMojo mojo = mojo();
        mojo.session.getUserProperties().setProperty(PropertyNames.PASSWORD, "from-command-line");

        assertThat(mojo.credentials(log).password()).isEqualTo("from-command-line");
        assertThat(warnings).singleElement().asString().contains("DOCKSTART_PASSWORD", "dockstart.serverId")
                .doesNotContain("from-command-line");
    }
}
