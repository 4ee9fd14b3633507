package io.poshub.web;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.client.j2se.MatrixToImageWriter;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.oned.Code128Writer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import org.springframework.modulith.NamedInterface;

/** A card number as a Code 128 barcode, as a PNG (ZXing): member cards and gift cards alike. */
@NamedInterface("api")
public final class Barcodes {

    private Barcodes() {
    }

    public static byte[] code128Png(String text) {
        try {
            BitMatrix matrix = new Code128Writer().encode(text, BarcodeFormat.CODE_128, 400, 120, Map.of(EncodeHintType.MARGIN, 10));
            ByteArrayOutputStream png = new ByteArrayOutputStream();
            MatrixToImageWriter.writeToStream(matrix, "PNG", png);
            return png.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
