package dev.ascent.envs.render;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOInvalidTreeException;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;

/**
 * Writes frames as a looping animated GIF with the JDK's ImageIO GIF writer (no native dependencies). All frames
 * share one 256-colour palette of their most frequent colours (exact for typical environment renderings).
 */
public final class GifWriter {

    private GifWriter() {
    }

    /**
     * Writes {@code frames} to {@code path}.
     *
     * @param path the output file (parent directories are created)
     * @param frames at least one frame, all of the same size
     * @param fps playback rate; GIF delays are in hundredths of a second, so the delay is {@code round(100 / fps)}
     * @throws IOException if writing fails
     */
    public static void write(Path path, List<RgbFrame> frames, int fps) throws IOException {
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (OutputStream out = Files.newOutputStream(path)) {
            write(out, frames, fps);
        }
    }

    /**
     * Writes {@code frames} as a GIF to a stream (left open).
     *
     * @param out the destination
     * @param frames at least one frame, all of the same size
     * @param fps playback rate, positive
     * @throws IOException if writing fails
     */
    public static void write(OutputStream out, List<RgbFrame> frames, int fps) throws IOException {
        if (frames.isEmpty()) {
            throw new IllegalArgumentException("no frames to write");
        }
        if (fps <= 0) {
            throw new IllegalArgumentException("fps must be positive, got " + fps);
        }
        RgbFrame first = frames.get(0);
        for (RgbFrame f : frames) {
            if (f.width() != first.width() || f.height() != first.height()) {
                throw new IllegalArgumentException("frames differ in size: " + first + " vs " + f);
            }
        }
        ImageWriter writer = ImageIO.getImageWritersByFormatName("gif").next();
        int delayCentis = Math.max(1, Math.round(100f / fps));
        try (ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(ios);
            writer.prepareWriteSequence(null);
            boolean firstFrame = true;
            Palette palette = Palette.of(frames);
            for (RgbFrame frame : frames) {
                java.awt.image.BufferedImage image = palette.index(frame);
                ImageWriteParam param = writer.getDefaultWriteParam();
                IIOMetadata metadata = writer.getDefaultImageMetadata(
                        ImageTypeSpecifier.createFromRenderedImage(image), param);
                configure(metadata, delayCentis, firstFrame, (java.awt.image.IndexColorModel) image.getColorModel());
                writer.writeToSequence(new IIOImage(image, null, metadata), param);
                firstFrame = false;
            }
            writer.endWriteSequence();
        } finally {
            writer.dispose();
        }
    }

    /**
     * Sets the palette, the frame delay and, on the first frame, the NETSCAPE2.0 extension that makes the GIF loop
     * forever.
     */
    private static void configure(IIOMetadata metadata, int delayCentis, boolean firstFrame,
                                  java.awt.image.IndexColorModel palette) throws IIOInvalidTreeException {
        String format = metadata.getNativeMetadataFormatName();
        IIOMetadataNode root = (IIOMetadataNode) metadata.getAsTree(format);
        // An explicit local colour table: otherwise the writer may fall back to a default global table.
        IIOMetadataNode table = child(root, "LocalColorTable");
        while (table.getFirstChild() != null) {
            table.removeChild(table.getFirstChild());
        }
        table.setAttribute("sizeOfLocalColorTable", Integer.toString(palette.getMapSize()));
        table.setAttribute("sortFlag", "FALSE");
        for (int i = 0; i < palette.getMapSize(); i++) {
            IIOMetadataNode entry = new IIOMetadataNode("ColorTableEntry");
            entry.setAttribute("index", Integer.toString(i));
            entry.setAttribute("red", Integer.toString(palette.getRed(i)));
            entry.setAttribute("green", Integer.toString(palette.getGreen(i)));
            entry.setAttribute("blue", Integer.toString(palette.getBlue(i)));
            table.appendChild(entry);
        }
        IIOMetadataNode gce = child(root, "GraphicControlExtension");
        gce.setAttribute("disposalMethod", "none");
        gce.setAttribute("userInputFlag", "FALSE");
        gce.setAttribute("transparentColorFlag", "FALSE");
        gce.setAttribute("delayTime", Integer.toString(delayCentis));
        gce.setAttribute("transparentColorIndex", "0");
        if (firstFrame) {
            IIOMetadataNode appExtensions = child(root, "ApplicationExtensions");
            IIOMetadataNode loop = new IIOMetadataNode("ApplicationExtension");
            loop.setAttribute("applicationID", "NETSCAPE");
            loop.setAttribute("authenticationCode", "2.0");
            loop.setUserObject(new byte[] {0x1, 0, 0}); // sub-block 1, loop count 0 = forever
            appExtensions.appendChild(loop);
        }
        metadata.setFromTree(format, root);
    }

    private static IIOMetadataNode child(IIOMetadataNode root, String name) {
        for (int i = 0; i < root.getLength(); i++) {
            if (root.item(i).getNodeName().equalsIgnoreCase(name)) {
                return (IIOMetadataNode) root.item(i);
            }
        }
        IIOMetadataNode node = new IIOMetadataNode(name);
        root.appendChild(node);
        return node;
    }
}
