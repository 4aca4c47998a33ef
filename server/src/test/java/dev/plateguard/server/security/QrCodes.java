package dev.plateguard.server.security;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;

import javax.imageio.ImageIO;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.NotFoundException;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.ChecksumException;
import com.google.zxing.FormatException;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;

/** Reads a QR code back, as a phone's camera would: from the {@code data:image/png;base64,…} an enrolment page shows. */
public final class QrCodes {

    private QrCodes() {
    }

    public static String decode(String dataUri) {
        if (!dataUri.startsWith("data:image/png;base64,")) {
            throw new IllegalArgumentException("not a PNG data URI: " + dataUri.substring(0, Math.min(40, dataUri.length())));
        }
        try {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(
                    Base64.getDecoder().decode(dataUri.substring(dataUri.indexOf(',') + 1))));
            int w = image.getWidth();
            int h = image.getHeight();
            int[] pixels = image.getRGB(0, 0, w, h, null, 0, w);
            return new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(w, h, pixels))))
                    .getText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NotFoundException | ChecksumException | FormatException e) {
            throw new IllegalStateException("no readable QR code", e);
        }
    }
}
