package dev.ascent.envs.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ascent.envs.Env;
import dev.ascent.envs.Envs;
import dev.ascent.envs.StepResult;
import dev.ascent.envs.classic.CartPole;
import dev.ascent.envs.classic.ClassicControlEnv;
import dev.ascent.envs.spaces.Box;
import dev.ascent.envs.spaces.Discrete;
import dev.ascent.envs.wrappers.RenderCollection;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * Renders an episode of every classic-control environment to an animated GIF (under {@code target/render/},
 * with one PNG frame for eyeballing) and checks sizes, colours and geometry against Gymnasium's pygame drawings.
 */
class RenderTest {

    private static final Path OUT = Paths.get("target", "render");

    @ParameterizedTest
    @CsvSource({"CartPole-v1, 600, 400", "Pendulum-v1, 500, 500", "Acrobot-v1, 500, 500", "MountainCar-v0, 600, 400",
        "MountainCarContinuous-v0, 600, 400"})
    void rendersAnEpisodeToAGif(String id, int width, int height) throws IOException {
        RenderCollection env = new RenderCollection(Envs.make(id));
        env.reset(7);
        int steps = 0;
        StepResult r;
        do {
            r = step(env, steps);
            steps++;
        } while (!r.done() && steps < 30);
        List<RgbFrame> frames = env.frames();
        assertEquals(steps + 1, frames.size(), "one frame per reset and step");
        for (RgbFrame f : frames) {
            assertEquals(width, f.width());
            assertEquals(height, f.height());
            assertEquals(0xFFFFFF, f.rgbAt(0, height - 1) & 0xFFFFFF, "white background in a corner");
        }
        Path gif = OUT.resolve(id + ".gif");
        env.writeGif(gif);
        ImageIO.write(frames.get(frames.size() / 2).toBufferedImage(), "png", OUT.resolve(id + ".png").toFile());
        try (ImageInputStream in = ImageIO.createImageInputStream(gif.toFile())) {
            ImageReader reader = ImageIO.getImageReadersByFormatName("gif").next();
            reader.setInput(in);
            assertEquals(frames.size(), reader.getNumImages(true), "GIF frame count");
            for (int k : new int[] {0, frames.size() / 2, frames.size() - 1}) {
                RgbFrame decoded = RgbFrame.of(reader.read(k));
                assertEquals(width, decoded.width());
                int same = 0;
                for (int p = 0; p < decoded.rgb().length; p++) {
                    same += decoded.rgb()[p] == frames.get(k).rgb()[p] ? 1 : 0;
                }
                assertTrue(same >= 0.995 * decoded.rgb().length, "GIF frame " + k + " keeps the colours: " + same);
            }
            reader.dispose();
        }
        assertTrue(Files.size(gif) > 1000);
    }

    private static StepResult step(Env env, int t) {
        if (env.actionSpace() instanceof Discrete d) {
            return env.step((t / 5) % d.n()); // a fixed pattern
        }
        Box box = (Box) env.actionSpace();
        return env.step(new float[] {(t / 10) % 2 == 0 ? box.high(0) : box.low(0)});
    }

    @Test
    void cartPoleFrameHasGymnasiumGeometry() {
        CartPole env = new CartPole();
        env.reset(0);
        env.setState(new double[] {0, 0, 0, 0}); // centred, upright
        RgbFrame f = env.render();
        // Cart: black 50x30 box centred at x = 300, from y = 85 to 115 before the flip, i.e. rows 285..315.
        assertEquals(0x000000, f.rgbAt(300, 400 - 1 - 90));
        assertEquals(0x000000, f.rgbAt(280, 400 - 1 - 110));
        // Pole: (202, 152, 101), 125 px long from the axle at y = 107.5, upright.
        assertEquals(0xCA9865, f.rgbAt(300, 400 - 1 - 180));
        assertEquals(0xCA9865, f.rgbAt(300, 400 - 1 - 225));
        assertEquals(0xFFFFFF, f.rgbAt(300, 400 - 1 - 240), "above the pole tip");
        // Axle: (129, 132, 203) at (300, 107).
        assertEquals(0x8184CB, f.rgbAt(300, 400 - 1 - 107));
        // Track: a black line at y = 100 across the screen.
        assertEquals(0x000000, f.rgbAt(5, 400 - 1 - 100));
        assertEquals(0xFFFFFF, f.rgbAt(5, 400 - 1 - 102));
    }

    @Test
    void pendulumRodPointsUpAtThetaZero() {
        Env env = Envs.make("Pendulum-v1");
        env.reset(0);
        ((ClassicControlEnv) env.unwrapped()).setState(new double[] {0, 0});
        RgbFrame f = env.render();
        // The rod (204, 77, 77) goes from the centre up by 1 * scale = 113.6 px.
        assertEquals(0xCC4D4D, f.rgbAt(250, 250 - 60));
        assertEquals(0xCC4D4D, f.rgbAt(250, 250 - 110));
        assertEquals(0xFFFFFF, f.rgbAt(250, 250 + 60), "nothing below the axle");
        assertEquals(0x000000, f.rgbAt(250, 250), "black axle");
    }

    @Test
    void episodeGifRecordsAWholeEpisode() throws IOException {
        Path gif = OUT.resolve("CartPole-v1-balanced.gif");
        // A simple balancing rule keeps the pole up for a while: push towards the side the pole leans to.
        double ret = EpisodeGif.recordDiscrete(Envs.make("CartPole-v1"), 3, o -> o[2] + 0.5f * o[3] > 0 ? 1 : 0, 40, gif);
        assertEquals(40.0, ret, 0.0, "balanced for the 40 recorded steps");
        try (ImageInputStream in = ImageIO.createImageInputStream(gif.toFile())) {
            ImageReader reader = ImageIO.getImageReadersByFormatName("gif").next();
            reader.setInput(in);
            assertEquals(41, reader.getNumImages(true));
            reader.dispose();
        }
        double pendulum = EpisodeGif.recordContinuous(Envs.make("Pendulum-v1"), 3, o -> new float[] {-2f * o[2]}, 10,
                OUT.resolve("Pendulum-v1-damped.gif"));
        assertTrue(pendulum < 0);
    }

    @Test
    void renderBeforeResetIsAnError() {
        assertThrows(IllegalStateException.class, () -> Envs.make("CartPole-v1").render());
        assertThrows(IllegalStateException.class, () -> new CartPole().render());
    }
}
