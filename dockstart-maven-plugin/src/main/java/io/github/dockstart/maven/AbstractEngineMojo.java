package io.github.dockstart.maven;

import io.github.dockstart.access.Via;
import io.github.dockstart.engine.BackupEngine;
import io.github.dockstart.engine.EngineSettings;
import io.github.dockstart.log.DockstartLog;
import io.github.dockstart.model.InvalidSettingException;
import io.github.dockstart.settings.PropertyNames;
import java.io.File;
import java.nio.file.Path;
import javax.inject.Inject;
import org.apache.maven.settings.Server;
import org.apache.maven.settings.Settings;
import org.apache.maven.settings.crypto.DefaultSettingsDecryptionRequest;
import org.apache.maven.settings.crypto.SettingsDecrypter;
import org.apache.maven.settings.crypto.SettingsDecryptionResult;
import org.apache.maven.plugins.annotations.Parameter;

/** The goals that reach a database (backup, restore): they share how it is reached and which service is meant. */
abstract class AbstractEngineMojo extends AbstractBackupsMojo {

    /** The one service to act on; by default all (backup) or the one the backup's name tells (restore). Set with {@code -Ddockstart.service}. */
    @Parameter(property = PropertyNames.SERVICE)
    String service;

    /** How to reach the databases: {@code local}, {@code compose} or {@code auto}. Set with {@code -Ddockstart.via}. */
    @Parameter(property = PropertyNames.VIA, defaultValue = "auto")
    String via;

    /** Replaces the detected host. Set with {@code -Ddockstart.host}. */
    @Parameter(property = PropertyNames.HOST)
    String host;

    /** Replaces the detected port. Set with {@code -Ddockstart.port}. */
    @Parameter(property = PropertyNames.PORT)
    Integer port;

    /** Replaces the detected user. Set with {@code -Ddockstart.user}. */
    @Parameter(property = PropertyNames.USER)
    String user;

    /**
     * The id of a {@code <server>} in {@code settings.xml} whose password (encrypted with
     * {@code mvn --encrypt-password} or not) replaces the detected one, and whose username does
     * unless {@code dockstart.user} is set. Set with {@code -Ddockstart.serverId}.
     *
     * <p>There is deliberately no password parameter: Maven's debug output ({@code -X}) prints
     * every parameter's value. The password comes from this server, else the environment variable
     * {@code DOCKSTART_PASSWORD}, else (deprecated, visible in the process list) {@code -Ddockstart.password}.
     */
    @Parameter(property = PropertyNames.SERVER_ID)
    String serverId;

    /** The build's settings, for {@link #serverId}. */
    @Parameter(defaultValue = "${settings}", readonly = true)
    Settings settings;

    /** Decrypts a server password encrypted with {@code mvn --encrypt-password}; absent in unit tests. */
    @Inject
    SettingsDecrypter settingsDecrypter;

    /** Replaces the detected database name (for SQLite, the file). Set with {@code -Ddockstart.database}. */
    @Parameter(property = PropertyNames.DATABASE)
    String database;

    /** A local Redis server's data directory, where a restore puts {@code dump.rdb}. Set with {@code -Ddockstart.redis.dataDir}. */
    @Parameter(property = PropertyNames.REDIS_DATA_DIR)
    File redisDataDir;

    @Override
    BackupEngine engine(Path projectRoot, DockstartLog log) {
        return engine(projectRoot, log, Via.parse(via), credentials(log),
                redisDataDir == null ? null : redisDataDir.toPath().toAbsolutePath());
    }

    /** The connection overrides, with the password (and maybe the user) from where {@link #serverId} says. */
    EngineSettings.ConnectionOverrides credentials(DockstartLog log) {
        String login = user;
        String password;
        if (serverId != null && !serverId.isBlank()) {
            Server server = server(serverId.trim());
            login = login != null && !login.isBlank() ? login : server.getUsername();
            password = server.getPassword() == null ? "" : server.getPassword();
        } else {
            password = property("env." + PASSWORD_VARIABLE);
            if (password == null) {
                password = System.getenv(PASSWORD_VARIABLE);
            }
            if (password == null) {
                password = property(PropertyNames.PASSWORD);
                if (password != null) {
                    log.warn(PropertyNames.PASSWORD + " on the command line can be read by every user of this machine (process list)"
                            + " and stays in the shell's history; set the environment variable " + PASSWORD_VARIABLE + " or "
                            + PropertyNames.SERVER_ID + " (a <server> in settings.xml) instead.");
                }
            }
        }
        return new EngineSettings.ConnectionOverrides(host, port, login, password, database);
    }

    /** The environment variable the password may come from. */
    static final String PASSWORD_VARIABLE = "DOCKSTART_PASSWORD";

    private Server server(String id) {
        Server server = settings == null ? null : settings.getServer(id);
        if (server == null) {
            throw new InvalidSettingException(PropertyNames.SERVER_ID, id, PropertyNames.SERVER_ID + "=" + id + ": there is no <server> with the id '" + id
                    + "' in settings.xml (~/.m2/settings.xml, or the file given with -s).");
        }
        if (settingsDecrypter == null) {
            return server;
        }
        SettingsDecryptionResult result = settingsDecrypter.decrypt(new DefaultSettingsDecryptionRequest(server));
        if (!result.getProblems().isEmpty()) {
            // the problem's own message never holds the password; it names the master password file or the id
            throw new InvalidSettingException(PropertyNames.SERVER_ID, id, PropertyNames.SERVER_ID + "=" + id + ": the password of <server> '" + id
                    + "' in settings.xml cannot be decrypted: " + result.getProblems().get(0).getMessage());
        }
        return result.getServer();
    }

    /** A -D property as given on the command line (user properties first), or null. */
    private String property(String name) {
        if (session == null) {
            return null;
        }
        String value = session.getUserProperties() == null ? null : session.getUserProperties().getProperty(name);
        if (value == null && session.getSystemProperties() != null) {
            value = session.getSystemProperties().getProperty(name);
        }
        return value;
    }
}
