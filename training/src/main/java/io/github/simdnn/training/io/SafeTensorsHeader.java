package io.github.simdnn.training.io;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Encoding and validating the JSON header of a safetensors file. */
final class SafeTensorsHeader {

    /** The only dtype supported. */
    static final String F32 = "F32";

    /** The header (length prefix excluded) is padded with spaces to a multiple of this. */
    static final int ALIGNMENT = 8;

    private static final Set<String> TENSOR_FIELDS = Set.of("dtype", "shape", "data_offsets");

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    /** One tensor's header entry: offsets in bytes relative to the data section. */
    record Entry(String name, int[] shape, int size, long begin, long end) {
    }

    private SafeTensorsHeader() {
    }

    /** @return the UTF-8 JSON header, padded with spaces to a multiple of {@link #ALIGNMENT} bytes */
    static byte[] encode(List<Entry> entries, Map<String, String> metadata) {
        ObjectNode root = JSON.createObjectNode();
        if (!metadata.isEmpty()) {
            ObjectNode meta = root.putObject(SafeTensorsFile.METADATA_KEY);
            metadata.forEach(meta::put);
        }
        for (Entry entry : entries) {
            ObjectNode node = root.putObject(entry.name());
            node.put("dtype", F32);
            ArrayNode shape = node.putArray("shape");
            for (int d : entry.shape()) {
                shape.add(d);
            }
            node.putArray("data_offsets").add(entry.begin()).add(entry.end());
        }
        byte[] json;
        try {
            json = JSON.writeValueAsBytes(root);
        } catch (JacksonException e) {
            throw new IllegalStateException("cannot serialize a JSON tree of strings and numbers", e);
        }
        int padded = (json.length + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT;
        byte[] header = Arrays.copyOf(json, padded);
        Arrays.fill(header, json.length, padded, (byte) ' ');
        return header;
    }

    /**
     * Parses and validates a header: F32 tensors with consistent shapes and offsets that tile the data section of
     * {@code dataLength} bytes exactly, and string-valued metadata (put into {@code metadata}).
     *
     * @return the entries sorted by offset
     */
    static List<Entry> decode(String source, byte[] header, long dataLength, Map<String, String> metadata)
            throws ModelFormatException {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(header)).toString();
        } catch (CharacterCodingException e) {
            throw new ModelFormatException(source + ": header is not valid UTF-8", e);
        }
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JacksonException e) {
            throw new ModelFormatException(source + ": header is not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new ModelFormatException(source + ": header must be a JSON object");
        }
        List<Entry> entries = new ArrayList<>(root.size());
        for (Map.Entry<String, JsonNode> field : root.properties()) {
            if (field.getKey().equals(SafeTensorsFile.METADATA_KEY)) {
                metadata(source, field.getValue(), metadata);
            } else {
                entries.add(entry(source, field.getKey(), field.getValue(), dataLength));
            }
        }
        entries.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        long covered = 0;
        for (Entry e : entries) {
            if (e.begin() != covered) {
                throw new ModelFormatException(source + ": tensor '" + e.name() + "' starts at byte " + e.begin()
                        + " of the data section, but the tensors before it end at " + covered
                        + (e.begin() < covered ? " (overlap)" : " (gap)"));
            }
            covered = e.end();
        }
        if (covered != dataLength) {
            throw new ModelFormatException(source + ": the data section has " + dataLength
                    + " bytes but the tensors cover " + covered);
        }
        return entries;
    }

    private static void metadata(String source, JsonNode node, Map<String, String> out) throws ModelFormatException {
        if (!node.isObject()) {
            throw new ModelFormatException(source + ": " + SafeTensorsFile.METADATA_KEY
                    + " must be a JSON object of strings but is " + node.getNodeType());
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            if (!field.getValue().isTextual()) {
                throw new ModelFormatException(source + ": metadata '" + field.getKey() + "' must be a string but is "
                        + field.getValue().getNodeType());
            }
            values.put(field.getKey(), field.getValue().textValue());
        }
        out.putAll(values);
    }

    private static Entry entry(String source, String name, JsonNode node, long dataLength)
            throws ModelFormatException {
        String what = source + ": tensor '" + name + "'";
        if (!node.isObject()) {
            throw new ModelFormatException(what + " must be a JSON object but is " + node.getNodeType());
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!TENSOR_FIELDS.contains(field)) {
                throw new ModelFormatException(what + " has an unknown field '" + field
                        + "'; expected dtype, shape, data_offsets");
            }
        }
        JsonNode dtype = node.get("dtype");
        if (dtype == null || !dtype.isTextual()) {
            throw new ModelFormatException(what + " needs a string dtype");
        }
        if (!dtype.textValue().equals(F32)) {
            throw new ModelFormatException(what + " has dtype " + dtype.textValue() + "; only " + F32
                    + " (float32) is supported");
        }
        JsonNode shapeNode = array(what, node, "shape");
        int[] shape = new int[shapeNode.size()];
        long size = 1;
        for (int i = 0; i < shape.length; i++) {
            long d = nonNegative(what, "shape[" + i + "]", shapeNode.get(i), Integer.MAX_VALUE);
            shape[i] = (int) d;
            size *= d;
            if (size > ArrayTensor.MAX_ELEMENTS) {
                throw new ModelFormatException(what + " has shape " + shapeNode + " with more than "
                        + ArrayTensor.MAX_ELEMENTS + " elements");
            }
        }
        JsonNode offsets = array(what, node, "data_offsets");
        if (offsets.size() != 2) {
            throw new ModelFormatException(what + " data_offsets must be [begin, end] but is " + offsets);
        }
        long begin = nonNegative(what, "data_offsets[0]", offsets.get(0), Long.MAX_VALUE);
        long end = nonNegative(what, "data_offsets[1]", offsets.get(1), Long.MAX_VALUE);
        if (begin > end) {
            throw new ModelFormatException(what + " data_offsets " + offsets + " end before they begin");
        }
        if (end > dataLength) {
            throw new ModelFormatException(what + " data_offsets " + offsets + " reach past the data section of "
                    + dataLength + " bytes");
        }
        if (end - begin != size * Float.BYTES) {
            throw new ModelFormatException(what + " has shape " + shapeNode + " = " + size + " float32 values = "
                    + size * Float.BYTES + " bytes, but data_offsets " + offsets + " span " + (end - begin));
        }
        return new Entry(name, shape, (int) size, begin, end);
    }

    private static JsonNode array(String what, JsonNode node, String field) throws ModelFormatException {
        JsonNode value = node.get(field);
        if (value == null || !value.isArray()) {
            throw new ModelFormatException(what + " needs an array " + field);
        }
        return value;
    }

    private static long nonNegative(String what, String field, JsonNode value, long max) throws ModelFormatException {
        if (!value.isIntegralNumber()) {
            throw new ModelFormatException(what + " " + field + " must be a non-negative integer but is " + value);
        }
        BigInteger v = value.bigIntegerValue();
        if (v.signum() < 0 || v.compareTo(BigInteger.valueOf(max)) > 0) {
            throw new ModelFormatException(what + " " + field + " is " + v + ", outside 0.." + max);
        }
        return v.longValueExact();
    }
}
