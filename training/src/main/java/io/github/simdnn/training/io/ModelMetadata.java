package io.github.simdnn.training.io;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.simdnn.nn.LayerSpec;

import java.util.ArrayList;
import java.util.List;

/**
 * The JSON strings a model file keeps in its metadata: the architecture
 * {@code {"input_size": 64, "layers": [{"type": "dense", "input_size": 64, "output_size": 32},
 * {"type": "relu", "size": 32}, ...], "loss": "softmax_cross_entropy"}} and the class names {@code ["a", "b"]}.
 */
final class ModelMetadata {

    /** A network's structure as stored. */
    record Architecture(int inputSize, List<LayerSpec> layers, String loss) {
    }

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private ModelMetadata() {
    }

    static String architectureJson(int inputSize, List<LayerSpec> layers, String loss) {
        ObjectNode root = JSON.createObjectNode();
        root.put("input_size", inputSize);
        ArrayNode array = root.putArray("layers");
        for (LayerSpec spec : layers) {
            ObjectNode layer = array.addObject().put("type", spec.type());
            if (spec.isDense()) {
                layer.put("input_size", spec.inputSize()).put("output_size", spec.outputSize());
            } else {
                layer.put("size", spec.inputSize());
            }
        }
        root.put("loss", loss);
        return root.toString();
    }

    static String classNamesJson(List<String> names) {
        ArrayNode array = JSON.createArrayNode();
        names.forEach(array::add);
        return array.toString();
    }

    /** Parses and checks the architecture; sizes are checked to chain, layer types and loss name are not. */
    static Architecture architecture(String source, String json) throws ModelFormatException {
        JsonNode root = parse(source, "architecture", json);
        if (!root.isObject()) {
            throw new ModelFormatException(source + ": architecture must be a JSON object");
        }
        expectFields(source, "architecture", root, "input_size", "layers", "loss");
        int inputSize = size(source, "architecture input_size", root.get("input_size"));
        JsonNode loss = root.get("loss");
        if (!loss.isTextual()) {
            throw new ModelFormatException(source + ": architecture loss must be a string");
        }
        JsonNode layers = root.get("layers");
        if (!layers.isArray() || layers.isEmpty()) {
            throw new ModelFormatException(source + ": architecture layers must be a non-empty array");
        }
        List<LayerSpec> specs = new ArrayList<>(layers.size());
        int width = inputSize;
        for (int i = 0; i < layers.size(); i++) {
            LayerSpec spec = layer(source, i, layers.get(i));
            if (spec.inputSize() != width) {
                throw new ModelFormatException(source + ": architecture layer " + i + " " + spec + " takes "
                        + spec.inputSize() + " inputs but " + (i == 0 ? "input_size is " : "the layer before outputs ")
                        + width);
            }
            width = spec.outputSize();
            specs.add(spec);
        }
        return new Architecture(inputSize, List.copyOf(specs), loss.textValue());
    }

    private static LayerSpec layer(String source, int i, JsonNode node) throws ModelFormatException {
        String what = "architecture layer " + i;
        if (!node.isObject() || node.get("type") == null || !node.get("type").isTextual()) {
            throw new ModelFormatException(source + ": " + what + " must be an object with a string type");
        }
        String type = node.get("type").textValue();
        try {
            if (LayerSpec.DENSE.equals(type)) {
                expectFields(source, what, node, "type", "input_size", "output_size");
                return LayerSpec.dense(size(source, what + " input_size", node.get("input_size")),
                        size(source, what + " output_size", node.get("output_size")));
            }
            expectFields(source, what, node, "type", "size");
            return LayerSpec.activation(type, size(source, what + " size", node.get("size")));
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException(source + ": " + what + ": " + e.getMessage(), e);
        }
    }

    static List<String> classNames(String source, String json) throws ModelFormatException {
        JsonNode root = parse(source, "class_names", json);
        if (!root.isArray()) {
            throw new ModelFormatException(source + ": class_names must be a JSON array of strings");
        }
        List<String> names = new ArrayList<>(root.size());
        for (JsonNode name : root) {
            if (!name.isTextual()) {
                throw new ModelFormatException(source + ": class_names must be a JSON array of strings, not " + name);
            }
            names.add(name.textValue());
        }
        return names;
    }

    private static JsonNode parse(String source, String what, String json) throws ModelFormatException {
        try {
            JsonNode node = JSON.readTree(json);
            if (node == null || node.isMissingNode()) {
                throw new ModelFormatException(source + ": " + what + " is empty");
            }
            return node;
        } catch (JacksonException e) {
            throw new ModelFormatException(source + ": " + what + " is not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static void expectFields(String source, String what, JsonNode node, String... fields)
            throws ModelFormatException {
        for (String field : fields) {
            if (node.get(field) == null) {
                throw new ModelFormatException(source + ": " + what + " lacks " + field);
            }
        }
        if (node.size() != fields.length) {
            throw new ModelFormatException(source + ": " + what + " must have exactly the fields "
                    + String.join(", ", fields));
        }
    }

    private static int size(String source, String what, JsonNode node) throws ModelFormatException {
        if (!node.isInt() || node.intValue() < 1) {
            throw new ModelFormatException(source + ": " + what + " must be an integer >= 1 but is " + node);
        }
        return node.intValue();
    }
}
