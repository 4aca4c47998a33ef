package dev.plateguard.server.notices;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.NumberFormat;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

import com.lowagie.text.Chunk;
import com.lowagie.text.Document;
import com.lowagie.text.DocumentException;
import com.lowagie.text.Element;
import com.lowagie.text.Font;
import com.lowagie.text.Image;
import com.lowagie.text.PageSize;
import com.lowagie.text.Paragraph;
import com.lowagie.text.Phrase;
import com.lowagie.text.pdf.BaseFont;
import com.lowagie.text.pdf.PdfPCell;
import com.lowagie.text.pdf.PdfPTable;
import com.lowagie.text.pdf.PdfWriter;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

import dev.plateguard.server.evidence.VerifiedEvidence;

/**
 * Renders a notice as PDF with OpenPDF, in Uzbek, Russian or English. Text uses DejaVu Sans (Debian
 * fonts-dejavu-core), embedded, because the notice must show Cyrillic and Uzbek Latin letters exactly. Evidence
 * images are re-hashed before they are embedded: a tampered photo never reaches a notice.
 */
@Component
class NoticePdf {

    static final List<String> LANGUAGES = List.of("uz", "ru", "en");
    private static final Path REGULAR = Path.of("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf");
    private static final Path BOLD = Path.of("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf");
    private static final ZoneId ZONE = ZoneId.of("Asia/Tashkent");

    private final MessageSource messages;
    private final VerifiedEvidence evidence;
    private final VerificationCodes codes;
    private final NoticeBook book;

    NoticePdf(MessageSource messages, VerifiedEvidence evidence, VerificationCodes codes, NoticeBook book) {
        this.messages = messages;
        this.evidence = evidence;
        this.codes = codes;
        this.book = book;
    }

    byte[] render(Notice notice, String language) {
        Locale locale = Locale.of(language);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Document document = new Document(PageSize.A4, 48, 48, 48, 48);
        try {
            PdfWriter.getInstance(document, out);
            document.addTitle(notice.number());
            document.addCreator("PlateGuard");
            document.open();
            Font regular = font(REGULAR, 10);
            Font bold = font(BOLD, 10);
            Font title = font(BOLD, 15);
            document.add(new Paragraph(t(locale, "notice.pdf.title"), title));
            document.add(new Paragraph(t(locale, "notice.pdf.number") + " " + notice.number(), bold));
            document.add(new Paragraph(t(locale, "notice.pdf.issued") + " "
                    + DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").format(notice.issuedAt().atZone(ZONE)), regular));
            document.add(Chunk.NEWLINE);

            var o = notice.offence();
            NumberFormat som = NumberFormat.getIntegerInstance(Locale.of("ru"));
            PdfPTable table = new PdfPTable(new float[] {1.3f, 2.7f});
            table.setWidthPercentage(100);
            row(table, t(locale, "notice.pdf.offence"), messages.getMessage("notice.offence." + o.type(), null, o.type(), locale), bold, regular);
            row(table, t(locale, "notice.pdf.article"), o.article(), bold, regular);
            row(table, t(locale, "notice.pdf.when"), DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").format(o.occurredAt().atZone(ZONE))
                    + " (Asia/Tashkent)", bold, regular);
            row(table, t(locale, "notice.pdf.where"), o.siteName() + String.format(Locale.ROOT, " (%.6f, %.6f)", o.latitude(), o.longitude()),
                    bold, regular);
            row(table, t(locale, "notice.pdf.plate"), o.plate()
                    + (o.plateCountry() == null || o.plateCountry().equals("UNKNOWN") ? "" : " (" + o.plateCountry() + ")"), bold, regular);
            row(table, t(locale, "notice.pdf.measured"), measured(o.measured(), locale), bold, regular);
            row(table, t(locale, "notice.pdf.fine"), som.format(notice.fineSom()) + " " + t(locale, "notice.pdf.som"), bold, regular);
            for (Notice.DiscountOffer d : notice.discounts()) {
                row(table, t(locale, "notice.pdf.discount", d.percent()), som.format(d.amountSom()) + " " + t(locale, "notice.pdf.som")
                        + " — " + t(locale, "notice.pdf.until", d.until().toString()), bold, regular);
            }
            row(table, t(locale, "notice.pdf.payBy"), notice.paymentDeadline().toString(), bold, regular);
            row(table, t(locale, "notice.pdf.appeal"), t(locale, "notice.pdf.appealText", notice.appealDeadline().toString(),
                    book.policyOn(notice.issuedAt().atZone(ZONE).toLocalDate()).appealWhere()), bold, regular);
            document.add(table);
            document.add(Chunk.NEWLINE);

            for (String sha : book.images(notice.violationId())) {
                // A swapped or missing photo stops the whole notice: EvidenceIntegrityFailure, audited.
                byte[] bytes = evidence.read(sha, java.util.Map.of("during", "notice-pdf", "notice", notice.number()));
                Image image = Image.getInstance(bytes);
                image.scaleToFit(240, 160);
                document.add(image);
                document.add(new Paragraph(t(locale, "notice.pdf.evidence", sha.substring(0, 16)), font(REGULAR, 7)));
            }
            document.add(Chunk.NEWLINE);
            Paragraph verify = new Paragraph();
            verify.add(new Phrase(t(locale, "notice.pdf.verify") + " ", regular));
            verify.add(new Phrase(codes.codeFor(notice.number()), bold));
            verify.setAlignment(Element.ALIGN_LEFT);
            document.add(verify);
            document.add(new Paragraph(t(locale, "notice.pdf.verifyWhere"), font(REGULAR, 8)));
            document.close();
        } catch (DocumentException | IOException e) {
            throw new IllegalStateException("notice PDF could not be rendered", e);
        }
        return out.toByteArray();
    }

    private String measured(tools.jackson.databind.JsonNode measured, Locale locale) {
        StringBuilder sb = new StringBuilder();
        for (String name : measured.propertyNames()) {
            if (!sb.isEmpty()) {
                sb.append("; ");
            }
            sb.append(messages.getMessage("notice.measured." + name, null, name, locale)).append(": ")
                    .append(measured.get(name).isString() ? measured.get(name).asString() : measured.get(name).toString());
        }
        return sb.toString();
    }

    private static void row(PdfPTable table, String label, String value, Font bold, Font regular) {
        PdfPCell l = new PdfPCell(new Phrase(label, bold));
        PdfPCell v = new PdfPCell(new Phrase(value, regular));
        l.setPadding(4);
        v.setPadding(4);
        table.addCell(l);
        table.addCell(v);
    }

    private String t(Locale locale, String key, Object... args) {
        return messages.getMessage(key, args, locale);
    }

    private static Font font(Path file, float size) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("font " + file + " is missing: install Debian's fonts-dejavu-core");
        }
        BaseFont base = BaseFont.createFont(file.toString(), BaseFont.IDENTITY_H, BaseFont.EMBEDDED);
        return new Font(base, size);
    }
}
