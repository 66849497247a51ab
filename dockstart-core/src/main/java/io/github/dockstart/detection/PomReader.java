package io.github.dockstart.detection;

import io.github.dockstart.model.InvalidFileException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.stream.Location;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads a {@code pom.xml} with StAX, so that each dependency keeps its line number for the
 * evidence. It reads the file as written: no parent, profile activation or interpolation.
 */
final class PomReader {

    private static final String DEPENDENCY = "project/dependencies/dependency";
    private static final String PROFILE_DEPENDENCY = "project/profiles/profile/dependencies/dependency";
    private static final String PLUGIN = "project/build/plugins/plugin";
    private static final String MANAGED_PLUGIN = "project/build/pluginManagement/plugins/plugin";

    private final XMLInputFactory factory;

    PomReader() {
        // the JDK's own parser, named directly: newFactory() would first search every jar of the
        // plugin's class path for another (there is none), the largest part of detection's time in `list`
        factory = XMLInputFactory.newDefaultFactory();
        // a pom needs no DTD; refusing them keeps external entities out
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    }

    /**
     * @param pom          the file
     * @param relativeName its path relative to the project root, for evidence and errors
     */
    PomFile read(Path pom, String relativeName) {
        try (InputStream in = Files.newInputStream(pom)) {
            XMLStreamReader xml = factory.createXMLStreamReader(in);
            try {
                return new Parse(xml, relativeName).run();
            } finally {
                xml.close();
            }
        } catch (XMLStreamException e) {
            throw invalid(relativeName, e);
        } catch (IOException e) {
            throw new InvalidFileException(relativeName, 0, relativeName + ": cannot be read: " + e.getMessage() + ".", e);
        }
    }

    private static InvalidFileException invalid(String file, XMLStreamException e) {
        Location location = e.getLocation();
        String message = e.getMessage() == null ? "unreadable" : e.getMessage();
        int marker = message.indexOf("Message: ");
        if (marker >= 0) {
            message = message.substring(marker + "Message: ".length());
        }
        message = message.lines().findFirst().orElse(message);
        int line = location == null ? 0 : Math.max(location.getLineNumber(), 0);
        String where = line > 0 ? file + ":" + line : file;
        return new InvalidFileException(file, line, where + ": invalid XML: " + Sentences.withoutFinalPeriod(message) + ".", e);
    }

    /** One pass over one file. */
    private static final class Parse {
        private final XMLStreamReader xml;
        private final String file;
        private final Deque<String> path = new ArrayDeque<>();
        private final StringBuilder text = new StringBuilder();

        private String artifactId;
        private final Map<String, String> properties = new LinkedHashMap<>();
        private final List<String> modules = new ArrayList<>();
        private final List<PomFile.Dependency> dependencies = new ArrayList<>();
        private String compilerRelease;
        private String compilerSource;

        private final Map<String, String> element = new LinkedHashMap<>(); // children of the current dependency/plugin
        private String elementPath; // the dependency or plugin being read, else null
        private int elementLine;

        Parse(XMLStreamReader xml, String file) {
            this.xml = xml;
            this.file = file;
        }

        PomFile run() throws XMLStreamException {
            while (xml.hasNext()) {
                switch (xml.next()) {
                    case XMLStreamConstants.START_ELEMENT -> start();
                    case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA -> text.append(xml.getText());
                    case XMLStreamConstants.END_ELEMENT -> end();
                    default -> {
                    }
                }
            }
            return new PomFile(file, artifactId, properties, modules, dependencies, compilerRelease, compilerSource);
        }

        private void start() {
            path.addLast(xml.getLocalName());
            text.setLength(0);
            String current = currentPath();
            if (isCollected(current)) {
                element.clear();
                elementPath = current;
                elementLine = xml.getLocation().getLineNumber();
            }
        }

        private void end() {
            String current = currentPath();
            String value = text.toString().strip();
            if (current.equals("project/artifactId")) {
                artifactId = value;
            } else if (current.startsWith("project/properties/") && path.size() == 3) {
                properties.put(xml.getLocalName(), value);
            } else if (current.equals("project/modules/module") || current.equals("project/profiles/profile/modules/module")) {
                modules.add(value);
            } else if (elementPath != null && current.startsWith(elementPath + "/")) {
                element.put(current.substring(elementPath.length() + 1), value);
            } else if (current.equals(DEPENDENCY) || current.equals(PROFILE_DEPENDENCY)) {
                dependencies.add(new PomFile.Dependency(element.getOrDefault("groupId", ""),
                        element.getOrDefault("artifactId", ""), element.getOrDefault("scope", "compile"), file, elementLine));
                elementPath = null;
            } else if (current.equals(PLUGIN) || current.equals(MANAGED_PLUGIN)) {
                endPlugin(current.equals(PLUGIN));
                elementPath = null;
            }
            path.removeLast();
            text.setLength(0);
        }

        private static boolean isCollected(String path) {
            return path.equals(DEPENDENCY) || path.equals(PROFILE_DEPENDENCY)
                    || path.equals(PLUGIN) || path.equals(MANAGED_PLUGIN);
        }

        private void endPlugin(boolean used) {
            if (!"maven-compiler-plugin".equals(element.get("artifactId"))) {
                return;
            }
            // a plugin of the build counts over its pluginManagement entry
            String release = element.get("configuration/release");
            String source = element.get("configuration/source");
            if (release != null && (used || compilerRelease == null)) {
                compilerRelease = release;
            }
            if (source != null && (used || compilerSource == null)) {
                compilerSource = source;
            }
        }

        private String currentPath() {
            return String.join("/", path);
        }
    }
}
