package dev.ascent.envs.render;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;

/**
 * A headless Java2D drawing surface with the pygame primitives Gymnasium's renderers use ({@code gfxdraw} filled
 * anti-aliased polygons and circles, {@code hline}/{@code vline}, {@code draw.line}, {@code draw.aalines}), in
 * pygame's surface coordinates (x right, y down, integer pixel {@code (x, y)} covering
 * {@code [x, x+1) x [y, y+1)}).
 *
 * <p>Every classic-control renderer ends with {@code pygame.transform.flip(surf, False, True)}; {@link #toFrame()}
 * applies that vertical flip, so drawing code can use Gymnasium's coordinates unchanged (y up in the final image).
 */
public final class PygameCanvas {

    static {
        // Rendering never needs a display; make sure AWT does not look for one.
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private final int width;
    private final int height;
    private final BufferedImage image;
    private final Graphics2D g;

    /**
     * A white canvas ({@code surf.fill((255, 255, 255))}).
     *
     * @param width width in pixels
     * @param height height in pixels
     */
    public PygameCanvas(int width, int height) {
        this.width = width;
        this.height = height;
        this.image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        this.g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        // Map pygame's surface coordinates onto the flipped final image: row y ends up at row height-1-y.
        g.translate(0, height);
        g.scale(1, -1);
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
    }

    /** Width in pixels. */
    public int width() {
        return width;
    }

    /** Height in pixels. */
    public int height() {
        return height;
    }

    /** An RGB color from 0..255 components, as pygame tuples are written. */
    public static Color rgb(int r, int gr, int b) {
        return new Color(r, gr, b);
    }

    /**
     * {@code gfxdraw.aapolygon} + {@code gfxdraw.filled_polygon}: a filled polygon with anti-aliased edges.
     *
     * @param xs vertex x coordinates
     * @param ys vertex y coordinates
     * @param color fill color
     */
    public void filledPolygon(double[] xs, double[] ys, Color color) {
        Path2D.Double path = new Path2D.Double();
        for (int i = 0; i < xs.length; i++) {
            // pygame addresses pixel centres with integer coordinates; shift by half a pixel to match.
            double px = xs[i] + 0.5;
            double py = ys[i] + 0.5;
            if (i == 0) {
                path.moveTo(px, py);
            } else {
                path.lineTo(px, py);
            }
        }
        path.closePath();
        g.setColor(color);
        g.fill(path);
    }

    /**
     * {@code gfxdraw.aacircle} + {@code gfxdraw.filled_circle}: a disk of radius {@code r} around pixel
     * {@code (x, y)}.
     */
    public void filledCircle(int x, int y, int r, Color color) {
        g.setColor(color);
        g.fill(new Ellipse2D.Double(x + 0.5 - r - 0.5, y + 0.5 - r - 0.5, 2.0 * r + 1, 2.0 * r + 1));
    }

    /** {@code gfxdraw.hline(surf, x1, x2, y, color)}: the pixels of row {@code y} from x1 to x2 inclusive. */
    public void hline(int x1, int x2, int y, Color color) {
        fillPixels(Math.min(x1, x2), y, Math.abs(x2 - x1) + 1, 1, color);
    }

    /** {@code gfxdraw.vline(surf, x, y1, y2, color)}: the pixels of column {@code x} from y1 to y2 inclusive. */
    public void vline(int x, int y1, int y2, Color color) {
        fillPixels(x, Math.min(y1, y2), 1, Math.abs(y2 - y1) + 1, color);
    }

    private void fillPixels(int x, int y, int w, int h, Color color) {
        Object aa = g.getRenderingHint(RenderingHints.KEY_ANTIALIASING);
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_OFF);
        g.setColor(color);
        g.fill(new Rectangle2D.Double(x, y, w, h));
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, aa);
    }

    /** {@code pygame.draw.line}: a one-pixel line between two pixel positions. */
    public void line(double x1, double y1, double x2, double y2, Color color) {
        g.setColor(color);
        g.setStroke(new BasicStroke(1f));
        g.draw(new Line2D.Double(x1 + 0.5, y1 + 0.5, x2 + 0.5, y2 + 0.5));
    }

    /** {@code pygame.draw.aalines(closed=False)}: an anti-aliased one-pixel polyline. */
    public void aalines(double[] xs, double[] ys, Color color) {
        Path2D.Double path = new Path2D.Double();
        path.moveTo(xs[0] + 0.5, ys[0] + 0.5);
        for (int i = 1; i < xs.length; i++) {
            path.lineTo(xs[i] + 0.5, ys[i] + 0.5);
        }
        g.setColor(color);
        g.setStroke(new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND));
        g.draw(path);
    }

    /**
     * The underlying graphics in pygame coordinates (already flipped), for shapes without a pygame primitive.
     *
     * @return the graphics context; do not dispose
     */
    public Graphics2D graphics() {
        return g;
    }

    /**
     * The finished image, vertically flipped as {@code pygame.transform.flip(surf, False, True)} does.
     *
     * @return a new frame
     */
    public RgbFrame toFrame() {
        int[] data = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
        int[] rgb = new int[data.length];
        for (int i = 0; i < data.length; i++) {
            rgb[i] = data[i] & 0xFFFFFF;
        }
        return new RgbFrame(width, height, rgb);
    }
}
