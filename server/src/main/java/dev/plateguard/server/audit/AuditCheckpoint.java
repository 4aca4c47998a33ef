package dev.plateguard.server.audit;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One signed checkpoint: the chain's head (id, hash) and its length at a time, as one line of text,
 * {@code v=1 time=… head=… count=… hash=… mac=…}, where {@code mac} is the HMAC (key {@code audit-chain}) of
 * everything before it.
 */
record AuditCheckpoint(Instant time, long headId, long count, byte[] headHash) {

    private static final Pattern LINE = Pattern.compile(
            "(v=1 time=(\\S+) head=(\\d{1,19}) count=(\\d{1,19}) hash=([0-9a-f]{64})) mac=([0-9a-f]{64})");
    private static final HexFormat HEX = HexFormat.of();

    String content() {
        return "v=1 time=" + time + " head=" + headId + " count=" + count + " hash=" + HEX.formatHex(headHash);
    }

    String line(AuditChain chain) {
        return content() + " mac=" + HEX.formatHex(chain.signCheckpoint(content()));
    }

    /** Thrown for a line that is malformed or whose signature does not hold. */
    static final class BadCheckpoint extends Exception {

        BadCheckpoint(String message) {
            super(message);
        }
    }

    static AuditCheckpoint parse(String line, AuditChain chain) throws BadCheckpoint {
        Matcher m = LINE.matcher(line.strip());
        if (!m.matches()) {
            throw new BadCheckpoint("not a checkpoint line");
        }
        if (!AuditChain.same(chain.signCheckpoint(m.group(1)), HEX.parseHex(m.group(6)))) {
            throw new BadCheckpoint("its signature does not match (edited, forged, or signed with another key)");
        }
        try {
            return new AuditCheckpoint(Instant.parse(m.group(2)), Long.parseLong(m.group(3)), Long.parseLong(m.group(4)),
                    HEX.parseHex(m.group(5)));
        } catch (DateTimeParseException | NumberFormatException e) {
            throw new BadCheckpoint("malformed: " + e.getMessage());
        }
    }
}
