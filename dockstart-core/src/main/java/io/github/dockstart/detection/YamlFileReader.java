package io.github.dockstart.detection;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import io.github.dockstart.model.InvalidInputException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads YAML into flat keys ({@code spring.datasource.url}, {@code services.db.ports[0]}) with the
 * line of each key, one list per {@code ---} document. {@code yes}/{@code no}/{@code on}/{@code off}
 * stay strings, as YAML 1.2 and Compose read them.
 */
final class YamlFileReader {

    private static final YAMLFactory FACTORY = YAMLFactory.builder()
            .enable(YAMLParser.Feature.PARSE_BOOLEAN_LIKE_WORDS_AS_STRINGS)
            .build();
    private static final YAMLMapper MAPPER = new YAMLMapper(FACTORY);

    private final String file;

    /** @param file the file's path relative to the project root, for evidence and errors */
    YamlFileReader(String file) {
        this.file = file;
    }

    /** @return the file's documents, each a list of flattened scalar properties in file order */
    List<List<ConfigProperty>> read(String content) {
        List<List<ConfigProperty>> documents = new ArrayList<>();
        try (JsonParser parser = FACTORY.createParser(content)) {
            while (parser.nextToken() != null) {
                List<ConfigProperty> document = new ArrayList<>();
                readValue(parser, "", line(parser), document);
                documents.add(document);
            }
        } catch (JsonProcessingException e) {
            throw invalid(e);
        } catch (IOException e) {
            throw new InvalidInputException(file + ": cannot read YAML: " + e.getMessage() + ".", e);
        }
        return documents;
    }

    /** The first document as plain data (maps, lists, strings, numbers), or an empty map. */
    Map<String, Object> readTree(String content) {
        try {
            Map<String, Object> tree = MAPPER.readValue(content, new TypeReference<LinkedHashMap<String, Object>>() {
            });
            return tree == null ? new LinkedHashMap<>() : tree;
        } catch (JsonProcessingException e) {
            throw invalid(e);
        }
    }

    private void readValue(JsonParser parser, String path, int line, List<ConfigProperty> out) throws IOException {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.START_OBJECT) {
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                int keyLine = line(parser);
                parser.nextToken();
                readValue(parser, path.isEmpty() ? name : path + "." + name, keyLine, out);
            }
        } else if (token == JsonToken.START_ARRAY) {
            int index = 0;
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                readValue(parser, path + "[" + index + "]", line(parser), out);
                index++;
            }
        } else if (token != JsonToken.VALUE_NULL && token.isScalarValue()) {
            out.add(new ConfigProperty(file, line, path, parser.getText(), null));
        }
    }

    private static int line(JsonParser parser) {
        return parser.currentTokenLocation().getLineNr();
    }

    private InvalidInputException invalid(JsonProcessingException e) {
        String problem;
        int line;
        if (e.getCause() instanceof MarkedYAMLException marked && marked.getProblemMark() != null) {
            problem = marked.getProblem();
            line = marked.getProblemMark().getLine() + 1;
        } else {
            String original = e.getOriginalMessage() == null ? "unreadable" : e.getOriginalMessage();
            problem = original.lines().findFirst().orElse(original);
            line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
        }
        String where = line > 0 ? file + ":" + line : file;
        return new InvalidInputException(where + ": invalid YAML: " + Sentences.withoutFinalPeriod(problem) + ".", e);
    }
}
