package dev.plateguard.server.audit;

import java.util.List;

/**
 * CSV cells as RFC 4180 wants them, made safe for spreadsheets: a cell that a spreadsheet would run as a formula
 * (starting with {@code = + - @}, or a tab or carriage return) gets a leading single quote, so that a username
 * such as {@code =HYPERLINK(...)} typed into the login form stays text in the auditor's spreadsheet.
 */
final class AuditCsv {

    static final String LINE_END = "\r\n";

    private AuditCsv() {
    }

    static String row(List<String> cells) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                line.append(',');
            }
            line.append(cell(cells.get(i)));
        }
        return line.append(LINE_END).toString();
    }

    /** One cell: neutralised, then quoted (with inner quotes doubled) when it holds a comma, quote or line break. */
    static String cell(String value) {
        if (value == null || value.isEmpty()) {
            return "";
        }
        String safe = switch (value.charAt(0)) {
            case '=', '+', '-', '@', '\t', '\r' -> "'" + value;
            default -> value;
        };
        if (safe.indexOf(',') >= 0 || safe.indexOf('"') >= 0 || safe.indexOf('\n') >= 0 || safe.indexOf('\r') >= 0) {
            return '"' + safe.replace("\"", "\"\"") + '"';
        }
        return safe;
    }
}
