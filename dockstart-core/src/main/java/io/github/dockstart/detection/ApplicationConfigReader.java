package io.github.dockstart.detection;

import io.github.dockstart.log.DockstartLog;
import io.github.dockstart.model.InvalidFileException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads a module's {@code src/main/resources/application*.properties|yml|yaml} (and the same in
 * {@code config/}) into documents with their profile: from the file name
 * ({@code application-dev.yml}), from {@code spring.config.activate.on-profile} (or the older
 * {@code spring.profiles}) inside a document, or from a Quarkus {@code %dev.} key prefix. Base files
 * come first, then profile files; YAML before properties, as Spring lets properties win.
 */
final class ApplicationConfigReader {

    private static final Pattern FILE_NAME = Pattern.compile("application(?:-([^.]+))?\\.(properties|yml|yaml)");
    private static final Pattern QUARKUS_PROFILE = Pattern.compile("^%([^.]+)\\.(.+)$");

    private final Path root;
    private final DockstartLog log;

    ApplicationConfigReader(Path root, DockstartLog log) {
        this.root = root;
        this.log = log;
    }

    List<ConfigDocument> read(Path moduleDirectory) {
        List<ConfigDocument> documents = new ArrayList<>();
        for (Path file : configFiles(moduleDirectory)) {
            String relative = RelativePaths.of(root, file);
            Matcher name = FILE_NAME.matcher(file.getFileName().toString());
            name.matches();
            String fileProfile = name.group(1);
            String content = TextFiles.read(file, relative);
            List<List<ConfigProperty>> parts = name.group(2).equals("properties")
                    ? new PropertiesFileReader(relative).read(content)
                    : new YamlFileReader(relative).read(content);
            int keys = 0;
            for (List<ConfigProperty> part : parts) {
                documents.addAll(byProfile(relative, part, fileProfile));
                keys += part.size();
            }
            log.debug("Read " + relative + " (" + keys + " keys" + (fileProfile == null ? "" : ", profile " + fileProfile) + ")");
        }
        return documents;
    }

    /** The configuration files of a module, in the order their values take effect. */
    List<Path> configFiles(Path moduleDirectory) {
        List<Path> files = new ArrayList<>();
        Path resources = moduleDirectory.resolve("src/main/resources");
        for (Path directory : List.of(resources, resources.resolve("config"))) {
            if (!Files.isDirectory(directory)) {
                continue;
            }
            try (Stream<Path> listing = Files.list(directory)) {
                listing.filter(Files::isRegularFile)
                        .filter(f -> FILE_NAME.matcher(f.getFileName().toString()).matches())
                        .sorted(Comparator.comparing(ApplicationConfigReader::precedence))
                        .forEach(files::add);
            } catch (IOException e) {
                throw new InvalidFileException(RelativePaths.of(root, directory), 0, RelativePaths.of(root, directory) + ": cannot be listed: " + e.getMessage() + ".", e);
            }
        }
        files.sort(Comparator.comparing(f -> precedence(f).startsWith("0") ? 0 : 1)); // every base before every profile
        return files;
    }

    /** Sort key: base files first, then profiles by name; YAML before properties. */
    private static String precedence(Path file) {
        Matcher name = FILE_NAME.matcher(file.getFileName().toString());
        name.matches();
        String profile = name.group(1);
        String format = name.group(2).equals("properties") ? "1" : "0";
        return (profile == null ? "0" : "1" + profile) + "/" + format;
    }

    /** Splits one document by the profile each key belongs to. */
    private static List<ConfigDocument> byProfile(String file, List<ConfigProperty> properties, String fileProfile) {
        String documentProfile = fileProfile;
        for (ConfigProperty property : properties) {
            ConfigKey key = ConfigKey.parse(property.key());
            if (key.startsWith("spring", "config", "activate", "onprofile")
                    || (key.size() == 2 && key.startsWith("spring", "profiles"))) {
                documentProfile = firstProfileName(property.value());
            }
        }
        Map<String, List<ConfigProperty>> groups = new LinkedHashMap<>();
        for (ConfigProperty property : properties) {
            Matcher quarkus = QUARKUS_PROFILE.matcher(property.key());
            ConfigProperty placed = quarkus.matches()
                    ? property.withProfile(quarkus.group(2), quarkus.group(1))
                    : property.withProfile(property.key(), documentProfile);
            groups.computeIfAbsent(String.valueOf(placed.profile()), p -> new ArrayList<>()).add(placed);
        }
        List<ConfigDocument> documents = new ArrayList<>();
        groups.values().forEach(group -> documents.add(new ConfigDocument(file, group.get(0).profile(), group)));
        return documents;
    }

    /** {@code dev}, {@code dev & !cloud}, {@code dev,local} -> {@code dev}. */
    private static String firstProfileName(String expression) {
        Matcher name = Pattern.compile("[A-Za-z0-9_-]+").matcher(expression);
        return name.find() ? name.group().toLowerCase(Locale.ROOT) : null;
    }
}
