package io.pauz.accounts.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.fail;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.Map;

import javax.imageio.ImageIO;

import org.junit.Test;

import io.pauz.api.rest.ApiException;

public class PictureProcessorTest {

    private static byte[] png(int w, int h) throws Exception {
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        for (int x = 0; x < w; x++) {
            image.setRGB(x, h / 2, 0xff3366cc);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    @Test
    public void resizesToSquareJpegsOfEverySize() throws Exception {
        Map<Integer, byte[]> sizes = PictureProcessor.process(png(300, 200));
        assertEquals(3, sizes.size());
        for (Map.Entry<Integer, byte[]> e : sizes.entrySet()) {
            assertEquals("image/jpeg", PictureProcessor.sniff(e.getValue()));
            BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(e.getValue()));
            assertEquals((int) e.getKey(), decoded.getWidth());
            assertEquals((int) e.getKey(), decoded.getHeight());
        }
    }

    @Test
    public void dropsMetadata() throws Exception {
        // A JPEG with a comment segment carrying "secret-gps": the output must not carry it.
        ByteArrayOutputStream src = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB), "jpeg", src);
        byte[] jpeg = src.toByteArray();
        byte[] comment = "secret-gps".getBytes();
        byte[] withComment = new byte[jpeg.length + 4 + comment.length];
        System.arraycopy(jpeg, 0, withComment, 0, 2);
        withComment[2] = (byte) 0xff;
        withComment[3] = (byte) 0xfe;
        withComment[4] = 0;
        withComment[5] = (byte) (comment.length + 2);
        System.arraycopy(comment, 0, withComment, 6, comment.length);
        System.arraycopy(jpeg, 2, withComment, 6 + comment.length, jpeg.length - 2);
        for (byte[] out : PictureProcessor.process(withComment).values()) {
            assertFalse(new String(out, java.nio.charset.StandardCharsets.ISO_8859_1).contains("secret-gps"));
        }
    }

    @Test
    public void rejectsWhatIsNotAPicture() {
        expectStatus(415, "GIF89a....".getBytes());
        expectStatus(415, "<svg xmlns='http://www.w3.org/2000/svg'/>".getBytes());
        byte[] truncated = new byte[] { (byte) 0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0 };
        expectStatus(422, truncated);
    }

    private static void expectStatus(int status, byte[] data) {
        try {
            PictureProcessor.process(data);
            fail("accepted");
        } catch (ApiException e) {
            assertEquals(status, e.status());
        }
    }
}
