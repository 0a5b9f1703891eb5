package dev.ascent.envs.classic;

import dev.ascent.envs.render.PygameCanvas;
import dev.ascent.envs.render.RgbFrame;
import java.awt.Color;

/** Draws Acrobot as {@code AcrobotEnv.render} does (acrobot.py lines 281-364): 500x500 pixels. */
final class AcrobotRenderer {

    static final int SCREEN_DIM = 500;
    private static final Color LINK = PygameCanvas.rgb(0, 204, 204);
    private static final Color JOINT = PygameCanvas.rgb(204, 204, 0);
    private static final Color BAR = PygameCanvas.rgb(0, 0, 0);

    private AcrobotRenderer() {
    }

    static RgbFrame draw(double theta1, double theta2) {
        PygameCanvas canvas = new PygameCanvas(SCREEN_DIM, SCREEN_DIM);
        double bound = Acrobot.LINK_LENGTH_1 + Acrobot.LINK_LENGTH_2 + 0.2; // 2.2 for default
        double scale = SCREEN_DIM / (bound * 2);
        double offset = SCREEN_DIM / 2.0;

        // p1 = [-l1 cos(s0) scale, l1 sin(s0) scale], then the columns are swapped ([:, ::-1]).
        double p1x = Acrobot.LINK_LENGTH_1 * Math.sin(theta1) * scale;
        double p1y = -Acrobot.LINK_LENGTH_1 * Math.cos(theta1) * scale;
        double[][] joints = {{0, 0}, {p1x, p1y}};
        double[] thetas = {theta1 - Math.PI / 2, theta1 + theta2 - Math.PI / 2};
        double[] linkLengths = {Acrobot.LINK_LENGTH_1 * scale, Acrobot.LINK_LENGTH_2 * scale};

        // The bar the tip has to reach: pygame.draw.line at y = 1 * scale.
        canvas.line(-2.2 * scale + offset, 1 * scale + offset, 2.2 * scale + offset, 1 * scale + offset, BAR);

        for (int i = 0; i < 2; i++) {
            double x = joints[i][0] + offset;
            double y = joints[i][1] + offset;
            double l = 0;
            double r = linkLengths[i];
            double t = 0.1 * scale;
            double b = -0.1 * scale;
            double[] xs = {l, l, r, r};
            double[] ys = {b, t, t, b};
            Rotation.rotateAndShift(xs, ys, thetas[i], x, y);
            canvas.filledPolygon(xs, ys, LINK);
            canvas.filledCircle((int) x, (int) y, (int) (0.1 * scale), JOINT);
        }
        return canvas.toFrame();
    }
}
