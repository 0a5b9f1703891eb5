package dev.ascent.envs.classic;

/** {@code pygame.math.Vector2(x, y).rotate_rad(angle)}, the rotation all classic-control renderers use. */
final class Rotation {

    private Rotation() {
    }

    /**
     * Rotates the points in place by {@code angle} radians (counter-clockwise in pygame's coordinates, which become
     * y-up after the final flip) and translates them by {@code (dx, dy)}.
     */
    static void rotateAndShift(double[] xs, double[] ys, double angle, double dx, double dy) {
        double c = Math.cos(angle);
        double s = Math.sin(angle);
        for (int i = 0; i < xs.length; i++) {
            double x = xs[i];
            double y = ys[i];
            xs[i] = x * c - y * s + dx;
            ys[i] = x * s + y * c + dy;
        }
    }
}
