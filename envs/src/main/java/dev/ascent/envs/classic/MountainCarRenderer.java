package dev.ascent.envs.classic;

import dev.ascent.envs.render.PygameCanvas;
import dev.ascent.envs.render.RgbFrame;
import java.awt.Color;

/**
 * Draws MountainCar and MountainCarContinuous as their {@code render} methods do (mountain_car.py lines 175-276;
 * continuous_mountain_car.py is identical apart from the goal position): 600x400 pixels.
 */
final class MountainCarRenderer {

    static final int SCREEN_WIDTH = 600;
    static final int SCREEN_HEIGHT = 400;
    private static final Color TRACK = PygameCanvas.rgb(0, 0, 0);
    private static final Color CAR = PygameCanvas.rgb(0, 0, 0);
    private static final Color WHEEL = PygameCanvas.rgb(128, 128, 128);
    private static final Color FLAG = PygameCanvas.rgb(204, 204, 0);
    private static final Color POLE = PygameCanvas.rgb(0, 0, 0);

    private MountainCarRenderer() {
    }

    /** {@code _height(xs) = sin(3 xs) * 0.45 + 0.55}. */
    static double height(double xs) {
        return Math.sin(3 * xs) * 0.45 + 0.55;
    }

    static RgbFrame draw(double pos, double minPosition, double maxPosition, double goalPosition) {
        PygameCanvas canvas = new PygameCanvas(SCREEN_WIDTH, SCREEN_HEIGHT);
        double worldWidth = maxPosition - minPosition;
        double scale = SCREEN_WIDTH / worldWidth;
        int carwidth = 40;
        int carheight = 20;

        // The track: np.linspace(min_position, max_position, 100).
        int points = 100;
        double[] xs = new double[points];
        double[] ys = new double[points];
        for (int i = 0; i < points; i++) {
            double x = minPosition + (maxPosition - minPosition) * i / (points - 1);
            xs[i] = (x - minPosition) * scale;
            ys[i] = height(x) * scale;
        }
        canvas.aalines(xs, ys, TRACK);

        int clearance = 10;
        double angle = Math.cos(3 * pos);
        double l = -carwidth / 2.0;
        double r = carwidth / 2.0;
        double t = carheight;
        double b = 0;
        double[] cx = {l, l, r, r};
        double[] cy = {b, t, t, b};
        Rotation.rotateAndShift(cx, cy, angle, (pos - minPosition) * scale, clearance + height(pos) * scale);
        canvas.filledPolygon(cx, cy, CAR);

        double[] wx = {carwidth / 4.0, -carwidth / 4.0};
        double[] wy = {0, 0};
        Rotation.rotateAndShift(wx, wy, angle, 0, 0);
        for (int i = 0; i < 2; i++) {
            int wheelX = (int) (wx[i] + (pos - minPosition) * scale);
            int wheelY = (int) (wy[i] + clearance + height(pos) * scale);
            canvas.filledCircle(wheelX, wheelY, (int) (carheight / 2.5), WHEEL);
        }

        int flagx = (int) ((goalPosition - minPosition) * scale);
        int flagy1 = (int) (height(goalPosition) * scale);
        int flagy2 = flagy1 + 50;
        canvas.vline(flagx, flagy1, flagy2, POLE);
        canvas.filledPolygon(new double[] {flagx, flagx, flagx + 25}, new double[] {flagy2, flagy2 - 10, flagy2 - 5},
                FLAG);
        return canvas.toFrame();
    }
}
