package dev.plateguard.server.ingest;

import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.type.LogicalType;

import dev.plateguard.server.validation.JsonProblems;
import dev.plateguard.server.validation.Refusal;

/**
 * Device JSON is parsed strictly: unknown fields, duplicate keys, trailing content and type coercions
 * ("12" for a number, 1.5 for an integer, 1 for a boolean) are errors naming the field, never silently fixed.
 */
final class StrictJson {

    static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .withCoercionConfigDefaults(c -> c.setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail))
            .withCoercionConfig(LogicalType.Float, c -> c.setCoercion(CoercionInputShape.Integer, CoercionAction.TryConvert))
            .withCoercionConfig(LogicalType.Textual, c -> c.setCoercion(CoercionInputShape.String, CoercionAction.TryConvert)
                    .setCoercion(CoercionInputShape.EmptyString, CoercionAction.TryConvert))
            .build();

    /** Writes canonical JSON: declaration order, nulls omitted. Used for storage and content hashing. */
    static final JsonMapper CANONICAL = JsonMapper.builder().build();

    private StrictJson() {
    }

    /** The document as {@code type}; a JSON {@code null} (which Jackson reads as no object at all) is refused too. */
    static <T> T parse(byte[] json, Class<T> type, String documentName) {
        T value;
        try {
            value = MAPPER.readValue(json, type);
        } catch (JacksonException e) {
            throw JsonProblems.from(e, documentName);
        }
        return present(value, documentName);
    }

    private static <T> T present(T value, String documentName) {
        if (value == null) {
            throw Refusal.invalid(documentName.isEmpty() ? "body" : documentName, "must be a JSON object, not null");
        }
        return value;
    }

    static JsonNode tree(byte[] json, String documentName) {
        try {
            return MAPPER.readTree(json);
        } catch (JacksonException e) {
            throw JsonProblems.from(e, documentName);
        }
    }

    static <T> T convert(JsonNode node, Class<T> type, String documentName) {
        T value;
        try {
            value = MAPPER.treeToValue(node, type);
        } catch (JacksonException e) {
            throw JsonProblems.from(e, documentName);
        }
        return present(value, documentName);
    }
}
