package dev.plateguard.server.receivers;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;

import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

import dev.plateguard.server.validation.Refusal;

/**
 * Vendor XML (Hikvision ISAPI, Axis ONVIF events), parsed safely: no DOCTYPE (so no external entities and no entity
 * expansion), namespaces read but ignored when looking elements up, because the same document arrives under
 * {@code isapi.org}, {@code hikvision.com} and {@code isapi.com} namespaces.
 */
final class VendorXml {

    private VendorXml() {
    }

    static Element parse(byte[] xml, String document) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setXIncludeAware(false);
            factory.setExpandEntityReferences(false);
            DocumentBuilder builder = factory.newDocumentBuilder();
            builder.setErrorHandler(new org.xml.sax.helpers.DefaultHandler()); // quiet: errors become the 400 below
            return builder.parse(new ByteArrayInputStream(xml)).getDocumentElement();
        } catch (SAXParseException e) {
            throw Refusal.malformed(document + " is not well-formed XML at line " + e.getLineNumber() + ", column "
                    + e.getColumnNumber() + ": " + e.getMessage());
        } catch (SAXException | IOException e) {
            throw Refusal.malformed(document + " is not well-formed XML: " + e.getMessage());
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException(e);
        }
    }

    static String name(Node node) {
        return node.getLocalName() != null ? node.getLocalName() : node.getNodeName();
    }

    /** The child elements named {@code name} (any namespace), in document order. */
    static List<Element> children(Element parent, String name) {
        List<Element> found = new ArrayList<>();
        if (parent == null) {
            return found;
        }
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && name(e).equals(name)) {
                found.add(e);
            }
        }
        return found;
    }

    /** The element at a path of child names, e.g. {@code child(root, "ANPR", "vehicleInfo")}. */
    static Optional<Element> child(Element parent, String... path) {
        Element at = parent;
        for (String step : path) {
            List<Element> next = children(at, step);
            if (next.isEmpty()) {
                return Optional.empty();
            }
            at = next.getFirst();
        }
        return Optional.ofNullable(at);
    }

    /** The stripped text at a path, or null when absent or empty. */
    static String text(Element parent, String... path) {
        return child(parent, path).map(e -> e.getTextContent().strip()).filter(s -> !s.isEmpty()).orElse(null);
    }

    static Double number(Element parent, String... path) {
        String s = text(parent, path);
        if (s == null) {
            return null;
        }
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * The element as plain values for the stored vendor fields: an element with children becomes a map (a name
     * repeated becomes a list), a leaf its text; attributes are kept as {@code @name}. Elements named in
     * {@code mapped} (at the top level) are left out.
     */
    static Map<String, Object> map(Element element, java.util.Set<String> mapped) {
        Map<String, Object> fields = new LinkedHashMap<>();
        var attributes = element.getAttributes();
        for (int i = 0; i < attributes.getLength(); i++) {
            Node a = attributes.item(i);
            if (!a.getNodeName().startsWith("xmlns")) {
                fields.put("@" + name(a), a.getNodeValue());
            }
        }
        for (Node n = element.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (!(n instanceof Element child) || mapped.contains(name(child))) {
                continue;
            }
            Object value = hasElements(child) || child.getAttributes().getLength() > 0
                    ? map(child, java.util.Set.of()) : child.getTextContent().strip();
            fields.merge(name(child), value, VendorXml::repeated);
        }
        return fields;
    }

    @SuppressWarnings("unchecked")
    private static Object repeated(Object before, Object next) {
        List<Object> list = before instanceof List<?> l ? (List<Object>) l : new ArrayList<>(List.of(before));
        list.add(next);
        return list;
    }

    private static boolean hasElements(Element e) {
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element) {
                return true;
            }
        }
        return false;
    }
}
