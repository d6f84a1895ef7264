package org.aqlake.job.consent;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.aqlake.job.decode.DeadLetterRedaction;
import org.aqlake.job.decode.InvalidRecordException;
import org.aqlake.job.decode.Payloads;
import org.aqlake.job.model.DeadLetter;

import java.io.IOException;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * What a dead letter may keep of a record whose consent is not known to allow it. A dead letter is
 * made at decode time, before the gate could decide, so the rule fails closed: only a reading that is
 * provably exempt (every top-level {@code sourceType} or {@code entity} is a string listed in
 * {@code consent.exempt-source-types}) keeps its payload, partition key and reason. Every other reading,
 * and every consent registry record, keeps its keys and structure only: no value from the payload, not
 * in the payload, the reason or the partition key.
 */
public final class ConsentRedaction {

    /** The {@code payload_encoding} of a skeleton: the payload's keys and value types, never a value. */
    public static final String REDACTED_ENCODING = "redacted";

    private static final String NOT_EXEMPT = "redacted: not provably from an exempt source type, so consent may"
            + " forbid it; its lineage finds the original in the raw archive, when one is kept";

    /**
     * Key names kept as they are: those of the reading layouts and of the STEDI customer record. Any other
     * key is renamed {@code <field N>}, since a key can carry a value too (an email used as a key).
     */
    static final Set<String> KNOWN_KEYS = Set.of(
            "date", "utc", "local", "date_utc", "date_local", "parameter", "particle", "value", "unit",
            "location", "city", "country", "country_code", "coordinates", "latitude", "longitude",
            "averagingPeriod", "sourceName", "sourceType", "entity", "mobile", "sensorId", "serialNumber",
            "attribution", "name", "url",
            "customerName", "email", "phone", "birthDay", "registrationDate", "lastUpdateDate",
            "shareWithResearchAsOfDate", "shareWithPublicAsOfDate", "shareWithFriendsAsOfDate");

    private static final JsonFactory JSON = new JsonFactory();
    private static final ObjectMapper TREE = new ObjectMapper();

    private ConsentRedaction() {}

    /**
     * True only when the payload is a JSON object whose top-level source type fields ({@code sourceType},
     * {@code entity}) are all strings of an exempt type, and there is at least one. Anything unreadable is
     * not exempt.
     */
    public static boolean provablyExempt(byte[] payload, ConsentRules rules) {
        try (JsonParser p = JSON.createParser(Payloads.inflateIfGzip(payload))) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return false;
            }
            boolean exempt = false;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if ("sourceType".equals(name) || "entity".equals(name)) {
                    if (value != JsonToken.VALUE_STRING || !rules.exempt(p.getText())) {
                        return false; // a second, non-exempt spelling wins over an exempt one: fail closed
                    }
                    exempt = true;
                } else {
                    p.skipChildren();
                }
            }
            return exempt;
        } catch (IOException | InvalidRecordException | RuntimeException e) {
            return false;
        }
    }

    /**
     * The payload's skeleton as JSON: objects and arrays as they are, known keys by name, every other key
     * as {@code <field N>}, every value replaced by its type ({@code "<string>"}, {@code "<number>"},
     * {@code "<boolean>"}, null). Null when the payload is not a JSON object: nothing in it can then be told
     * apart from a value.
     */
    public static byte[] skeleton(byte[] payload) {
        try {
            JsonNode root = TREE.readTree(Payloads.inflateIfGzip(payload));
            if (root == null || !root.isObject()) {
                return null;
            }
            // the recursion below is as deep as the JSON, which Jackson's read constraints bound
            return TREE.writeValueAsBytes(skeletonOf(root));
        } catch (IOException | InvalidRecordException | RuntimeException e) {
            return null;
        }
    }

    private static JsonNode skeletonOf(JsonNode node) {
        if (node.isObject()) {
            ObjectNode out = TREE.createObjectNode();
            int unknown = 0;
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String key = KNOWN_KEYS.contains(e.getKey()) ? e.getKey() : "<field " + ++unknown + ">";
                out.set(key, skeletonOf(e.getValue()));
            }
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = TREE.createArrayNode();
            for (JsonNode element : node) {
                out.add(skeletonOf(element));
            }
            return out;
        }
        if (node.isNull()) {
            return node;
        }
        return TREE.getNodeFactory().textNode(node.isTextual() ? "<string>"
                : node.isNumber() ? "<number>" : node.isBoolean() ? "<boolean>" : "<value>");
    }

    /**
     * Redacts a dead letter in place: the payload becomes its skeleton (or is withheld), the partition key
     * is dropped (a producer may key by device id or email), and the reason becomes {@code valueFreeReason},
     * which must quote nothing from the payload.
     */
    /**
     * What the readings decoder does to its dead letters: a dead letter of a record not provably from an
     * exempt source type is redacted, as it is made before the consent gate could decide, so it fails closed.
     */
    public static DeadLetterRedaction unlessExempt(ConsentRules rules) {
        return (letter, valueFreeReason) -> {
            if (!provablyExempt(letter.payload, rules)) {
                redact(letter, valueFreeReason, NOT_EXEMPT);
            }
        };
    }

    public static DeadLetter redact(DeadLetter d, String valueFreeReason, String why) {
        byte[] skeleton = skeleton(d.payload);
        d.payload = skeleton;
        d.redacted = true;
        d.partitionKey = null;
        d.reason = valueFreeReason + "; " + why + (skeleton == null
                ? "; payload withheld: not a JSON object, so nothing in it can be told apart from a value"
                : "; payload reduced to its keys and value types");
        return d;
    }
}
