package dev.plateguard.server.receivers;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.json.JsonReadFeature;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import dev.plateguard.server.validation.JsonProblems;
import dev.plateguard.server.validation.Refusal;

/**
 * Vendor JSON as vendors write it: a UTF-8 byte-order mark, {@code //} comments, trailing commas and single quotes
 * are read (each is in a real vendor sample); anything else that is not JSON (a missing comma, a duplicate key,
 * trailing content) is a 400 naming the line and column. Numbers keep their precision (OpenALPR's free-disk count
 * is above 2^53).
 */
final class VendorJson {

    static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_JAVA_COMMENTS, JsonReadFeature.ALLOW_TRAILING_COMMA,
                    JsonReadFeature.ALLOW_SINGLE_QUOTES)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    private VendorJson() {
    }

    /** The document, which must be a JSON object (or, when {@code arrayAllowed}, an array). */
    static JsonNode parse(byte[] json, String document, boolean arrayAllowed) {
        JsonNode node;
        try {
            node = MAPPER.readTree(json);
        } catch (JacksonException e) {
            throw JsonProblems.from(e, document);
        }
        if (node == null || node.isMissingNode() || !(node.isObject() || arrayAllowed && node.isArray())) {
            throw Refusal.malformed(document + " must be a JSON object" + (arrayAllowed ? " or array" : ""));
        }
        return node;
    }

    static JsonNode object(byte[] json, String document) {
        return parse(json, document, false);
    }

    /** The object's fields except those named, as plain Java values: what a decoder did not map. */
    static Map<String, Object> rest(JsonNode object, Set<String> mapped) {
        if (object == null || !object.isObject()) {
            return Map.of();
        }
        ObjectNode copy = ((ObjectNode) object).deepCopy();
        copy.remove(mapped);
        return MAPPER.convertValue(copy, new TypeReference<LinkedHashMap<String, Object>>() { });
    }

    static Map<String, Object> map(JsonNode object) {
        return rest(object, Set.of());
    }
}
