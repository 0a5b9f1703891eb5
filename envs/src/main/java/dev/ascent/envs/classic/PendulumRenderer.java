package dev.ascent.envs.classic;

import dev.ascent.envs.render.PygameCanvas;
import dev.ascent.envs.render.RgbFrame;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.Path2D;

/**
 * Draws Pendulum as {@code PendulumEnv.render} does (pendulum.py lines 173-270): a 500x500 frame with a red rod,
 * a black axle and, after a step, the torque arrow Gymnasium blits from {@code assets/clockwise.png}, here drawn
 * as vectors with the asset's geometry and sized {@code scale * |u| / 2}.
 */
final class PendulumRenderer {

    static final int SCREEN_DIM = 500;
    private static final Color ROD = PygameCanvas.rgb(204, 77, 77);
    private static final Color AXLE = PygameCanvas.rgb(0, 0, 0);
    private static final Color ARROW = PygameCanvas.rgb(0, 0, 0);

    // Geometry of clockwise.png (329 x 312 pixels, y down): a 270-degree arc from 12 o'clock clockwise to
    // 9 o'clock, ending in an upward arrowhead.
    private static final double ASSET_W = 329;
    private static final double ASSET_H = 312;
    private static final double ARC_CX = 172;
    private static final double ARC_CY = 157;
    private static final double ARC_R = 150;
    private static final double ARC_STROKE = 10;

    private PendulumRenderer() {
    }

    static RgbFrame draw(double theta, double lastU) {
        PygameCanvas canvas = new PygameCanvas(SCREEN_DIM, SCREEN_DIM);
        double bound = 2.2;
        double scale = SCREEN_DIM / (bound * 2);
        int offset = SCREEN_DIM / 2;

        double rodLength = 1 * scale;
        double rodWidth = 0.2 * scale;
        double l = 0;
        double r = rodLength;
        double t = rodWidth / 2;
        double b = -rodWidth / 2;
        double[] xs = {l, l, r, r};
        double[] ys = {b, t, t, b};
        Rotation.rotateAndShift(xs, ys, theta + Math.PI / 2, offset, offset);
        canvas.filledPolygon(xs, ys, ROD);
        canvas.filledCircle(offset, offset, (int) (rodWidth / 2), ROD);

        double[] endX = {rodLength};
        double[] endY = {0};
        Rotation.rotateAndShift(endX, endY, theta + Math.PI / 2, 0, 0);
        canvas.filledCircle((int) (endX[0] + offset), (int) (endY[0] + offset), (int) (rodWidth / 2), ROD);

        if (!Double.isNaN(lastU)) {
            double size = scale * Math.abs(lastU) / 2;
            // The asset is flipped horizontally for positive torque (counter-clockwise arrow).
            drawArrow(canvas, offset, offset, size, lastU > 0);
        }
        canvas.filledCircle(offset, offset, (int) (0.05 * scale), AXLE);
        return canvas.toFrame();
    }

    /**
     * Draws the arrow centred on final-image position {@code (cx, cy)} in a {@code size x size} box, as the
     * smooth-scaled asset would appear in the finished frame.
     */
    private static void drawArrow(PygameCanvas canvas, double cx, double cy, double size, boolean mirrored) {
        if (size < 1) {
            return; // Gymnasium scales the image to zero pixels as well
        }
        double sx = size / ASSET_W;
        double sy = size / ASSET_H;
        double left = cx - size / 2;
        double top = cy - size / 2;
        Path2D.Double arc = new Path2D.Double();
        int segments = 90;
        for (int i = 0; i <= segments; i++) {
            double a = Math.toRadians(-90 + 270.0 * i / segments); // screen angles, clockwise from 12 o'clock
            double ax = ARC_CX + ARC_R * Math.cos(a);
            double ay = ARC_CY + ARC_R * Math.sin(a);
            double[] p = toCanvas(ax, ay, left, top, sx, sy, mirrored, canvas.height());
            if (i == 0) {
                arc.moveTo(p[0], p[1]);
            } else {
                arc.lineTo(p[0], p[1]);
            }
        }
        Graphics2D g = canvas.graphics();
        g.setColor(ARROW);
        g.setStroke(new BasicStroke((float) Math.max(1.0, ARC_STROKE * (sx + sy) / 2), BasicStroke.CAP_BUTT,
                BasicStroke.JOIN_ROUND));
        g.draw(arc);
        // Arrowhead at the end of the arc (9 o'clock), pointing up, with a notched base.
        double[][] head = {{ARC_CX - ARC_R, ARC_CY - 50}, {ARC_CX - ARC_R - 22, ARC_CY + 12},
            {ARC_CX - ARC_R, ARC_CY - 5}, {ARC_CX - ARC_R + 22, ARC_CY + 12}};
        Path2D.Double headPath = new Path2D.Double();
        for (int i = 0; i < head.length; i++) {
            double[] p = toCanvas(head[i][0], head[i][1], left, top, sx, sy, mirrored, canvas.height());
            if (i == 0) {
                headPath.moveTo(p[0], p[1]);
            } else {
                headPath.lineTo(p[0], p[1]);
            }
        }
        headPath.closePath();
        g.fill(headPath);
    }

    /** Asset pixel -> final image (y down) -> pygame canvas coordinates (the canvas flips y when finishing). */
    private static double[] toCanvas(double ax, double ay, double left, double top, double sx, double sy,
                                     boolean mirrored, int height) {
        double fx = left + (mirrored ? ASSET_W - ax : ax) * sx;
        double fy = top + ay * sy;
        return new double[] {fx, height - fy};
    }
}
