package dev.plateguard.server.validation;

import java.util.stream.Collectors;

import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/** Explains a Jackson failure in terms of the client's JSON: which field, and what is wrong with it. */
public final class JsonProblems {

    private JsonProblems() {
    }

    /**
     * @param prefix path of the document inside the request (e.g. {@code metadata} or {@code reads[3]}), or "".
     */
    public static Refusal from(JacksonException e, String prefix) {
        if (e instanceof UnrecognizedPropertyException unknown) {
            String parent = path(unknown, prefix, true);
            String field = parent.isEmpty() ? unknown.getPropertyName() : parent + "." + unknown.getPropertyName();
            return Refusal.invalid(field, "unknown field");
        }
        if (e instanceof InvalidFormatException || e instanceof MismatchedInputException) {
            String field = path((DatabindException) e, prefix, false);
            String what = e instanceof MismatchedInputException m && m.getTargetType() != null
                    ? "has the wrong type (expected " + describe(m.getTargetType()) + ")"
                    : "has the wrong type";
            return Refusal.invalid(field.isEmpty() ? (prefix.isEmpty() ? "body" : prefix) : field, what);
        }
        if (e instanceof StreamReadException read) {
            String where = read.getLocation() == null ? ""
                    : " at line " + read.getLocation().getLineNr() + ", column " + read.getLocation().getColumnNr();
            String doc = prefix.isEmpty() ? "body" : prefix;
            return Refusal.malformed(doc + " is not valid JSON" + where + ": " + read.getOriginalMessage());
        }
        return Refusal.malformed((prefix.isEmpty() ? "body" : prefix) + " could not be read as JSON");
    }

    private static String path(DatabindException e, String prefix, boolean dropLast) {
        var refs = e.getPath();
        int end = dropLast ? Math.max(0, refs.size() - 1) : refs.size();
        String inner = refs.subList(0, end).stream()
                .map(ref -> ref.getPropertyName() != null ? "." + ref.getPropertyName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining());
        String joined = prefix + inner;
        return joined.startsWith(".") ? joined.substring(1) : joined;
    }

    private static String describe(Class<?> type) {
        if (Number.class.isAssignableFrom(type) || type.isPrimitive() && type != boolean.class) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a string";
        }
        if (java.util.Collection.class.isAssignableFrom(type)) {
            return "an array";
        }
        return "an object";
    }
}
