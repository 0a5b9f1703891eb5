package dev.ascent.envs.classic;

import dev.ascent.envs.render.PygameCanvas;
import dev.ascent.envs.render.RgbFrame;
import java.awt.Color;

/** Draws CartPole as {@code CartPoleEnv.render} does (cartpole.py lines 249-340): 600x400 pixels. */
final class CartPoleRenderer {

    static final int SCREEN_WIDTH = 600;
    static final int SCREEN_HEIGHT = 400;
    private static final Color CART = PygameCanvas.rgb(0, 0, 0);
    private static final Color POLE = PygameCanvas.rgb(202, 152, 101);
    private static final Color AXLE = PygameCanvas.rgb(129, 132, 203);
    private static final Color TRACK = PygameCanvas.rgb(0, 0, 0);

    private CartPoleRenderer() {
    }

    static RgbFrame draw(double x, double theta) {
        double worldWidth = CartPole.X_THRESHOLD * 2;
        double scale = SCREEN_WIDTH / worldWidth;
        double polewidth = 10.0;
        double polelen = scale * (2 * CartPole.LENGTH);
        double cartwidth = 50.0;
        double cartheight = 30.0;

        PygameCanvas canvas = new PygameCanvas(SCREEN_WIDTH, SCREEN_HEIGHT);
        double l = -cartwidth / 2;
        double r = cartwidth / 2;
        double t = cartheight / 2;
        double b = -cartheight / 2;
        double axleoffset = cartheight / 4.0;
        double cartx = x * scale + SCREEN_WIDTH / 2.0; // middle of the cart
        double carty = 100; // top of the cart
        canvas.filledPolygon(new double[] {l + cartx, l + cartx, r + cartx, r + cartx},
                new double[] {b + carty, t + carty, t + carty, b + carty}, CART);

        l = -polewidth / 2;
        r = polewidth / 2;
        t = polelen - polewidth / 2;
        b = -polewidth / 2;
        double[] px = {l, l, r, r};
        double[] py = {b, t, t, b};
        Rotation.rotateAndShift(px, py, -theta, cartx, carty + axleoffset);
        canvas.filledPolygon(px, py, POLE);

        canvas.filledCircle((int) cartx, (int) (carty + axleoffset), (int) (polewidth / 2), AXLE);
        canvas.hline(0, SCREEN_WIDTH, (int) carty, TRACK);
        return canvas.toFrame();
    }
}
