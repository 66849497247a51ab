package io.github.dockstart.detection;

import io.github.dockstart.model.InvalidFileException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Reads YAML into flat keys ({@code spring.datasource.url}, {@code services.db.ports[0]}) with the
 * line of each key, one list per {@code ---} document, and into plain data for a Compose file.
 * Anchors, aliases and {@code <<} merge keys resolve (Compose files use them). Scalars follow
 * YAML 1.2 as Compose and Spring read them: {@code yes}/{@code no}/{@code on}/{@code off} stay
 * strings, and {@code 22:22} is no base-60 number.
 */
final class YamlFileReader {

    private static final int MAX_DEPTH = 100;

    private final String file;

    /** @param file the file's path relative to the project root, for evidence and errors */
    YamlFileReader(String file) {
        this.file = file;
    }

    /** @return the file's documents, each a list of flattened scalar properties in file order */
    List<List<ConfigProperty>> read(String content) {
        List<List<ConfigProperty>> documents = new ArrayList<>();
        try {
            for (Node root : yaml().composeAll(new StringReader(content))) {
                Map<String, ConfigProperty> document = new LinkedHashMap<>();
                if (root != null) {
                    flatten(root, "", line(root), document, 0);
                }
                documents.add(new ArrayList<>(document.values()));
            }
        } catch (YAMLException e) {
            throw invalid(e);
        }
        return documents;
    }

    /** The first document as plain data (maps, lists, strings, numbers, booleans), or an empty map. */
    Map<String, Object> readTree(String content) {
        try {
            for (Object document : yaml().loadAll(content)) {
                if (document instanceof Map<?, ?> map) {
                    Map<String, Object> tree = new LinkedHashMap<>();
                    map.forEach((key, value) -> tree.put(String.valueOf(key), value));
                    return tree;
                }
                break;
            }
            return new LinkedHashMap<>();
        } catch (YAMLException e) {
            throw invalid(e);
        }
    }

    private void flatten(Node node, String path, int line, Map<String, ConfigProperty> out, int depth) {
        if (depth > MAX_DEPTH) {
            throw new InvalidFileException(String.valueOf(file), line, file + ":" + line + ": invalid YAML: nested too deeply (a recursive alias?).");
        }
        if (node instanceof MappingNode mapping) {
            // merged entries first, so that the mapping's own keys override them
            for (NodeTuple entry : mapping.getValue()) {
                if (isMergeKey(entry.getKeyNode())) {
                    Node merged = entry.getValueNode();
                    List<Node> sources = merged instanceof SequenceNode list ? list.getValue() : List.of(merged);
                    sources.forEach(source -> flatten(source, path, line, out, depth + 1));
                }
            }
            for (NodeTuple entry : mapping.getValue()) {
                Node key = entry.getKeyNode();
                if (key instanceof ScalarNode scalarKey && !isMergeKey(key)) {
                    String name = scalarKey.getValue();
                    flatten(entry.getValueNode(), path.isEmpty() ? name : path + "." + name, line(key), out, depth + 1);
                }
            }
        } else if (node instanceof SequenceNode sequence) {
            List<Node> items = sequence.getValue();
            for (int i = 0; i < items.size(); i++) {
                flatten(items.get(i), path + "[" + i + "]", line(items.get(i)), out, depth + 1);
            }
        } else if (node instanceof ScalarNode scalar && !Tag.NULL.equals(scalar.getTag())) {
            out.remove(path); // a later key of the same name counts, at its own line
            out.put(path, new ConfigProperty(file, line, path, scalar.getValue(), null));
        }
    }

    private static boolean isMergeKey(Node key) {
        return Tag.MERGE.equals(key.getTag());
    }

    private static int line(Node node) {
        return node.getStartMark() == null ? 0 : node.getStartMark().getLine() + 1;
    }

    private InvalidFileException invalid(YAMLException e) {
        String problem;
        int line = 0;
        if (e instanceof MarkedYAMLException marked && marked.getProblemMark() != null) {
            problem = marked.getProblem();
            line = marked.getProblemMark().getLine() + 1;
        } else {
            String message = e.getMessage() == null ? "unreadable" : e.getMessage();
            problem = message.lines().findFirst().orElse(message);
        }
        String where = line > 0 ? file + ":" + line : file;
        return new InvalidFileException(String.valueOf(file), line, where + ": invalid YAML: " + Sentences.withoutFinalPeriod(problem) + ".", e);
    }

    private static Yaml yaml() {
        LoaderOptions options = new LoaderOptions();
        DumperOptions dumperOptions = new DumperOptions();
        return new Yaml(new PlainConstructor(options), new Representer(dumperOptions), dumperOptions, options,
                new Yaml12Resolver());
    }

    /** YAML 1.2 core schema scalars: only true/false are booleans, only plain decimals numbers. */
    private static final class Yaml12Resolver extends Resolver {
        @Override
        protected void addImplicitResolvers() {
            addImplicitResolver(Tag.BOOL, Pattern.compile("^(?:true|True|TRUE|false|False|FALSE)$"), "tTfF");
            addImplicitResolver(Tag.INT, Pattern.compile("^[-+]?(?:0|[1-9][0-9]*)$"), "-+0123456789");
            addImplicitResolver(Tag.FLOAT, Pattern.compile("^[-+]?(?:[0-9]+\\.[0-9]*|\\.[0-9]+)(?:[eE][-+]?[0-9]+)?$"),
                    "-+0123456789.");
            addImplicitResolver(Tag.MERGE, MERGE, "<");
            addImplicitResolver(Tag.NULL, NULL, "~nN\0");
            addImplicitResolver(Tag.NULL, EMPTY, null);
        }
    }

    /** Safe construction that reads Compose's own tags ({@code !reset}, {@code !override}) as plain values. */
    private static final class PlainConstructor extends SafeConstructor {
        PlainConstructor(LoaderOptions options) {
            super(options);
            yamlConstructors.put(null, new AbstractConstruct() {
                @Override
                public Object construct(Node node) {
                    if (node instanceof MappingNode mapping) {
                        return constructMapping(mapping);
                    }
                    if (node instanceof SequenceNode sequence) {
                        return constructSequence(sequence);
                    }
                    return constructScalar((ScalarNode) node);
                }
            });
        }
    }
}
