package dev.ascent.envs.wrappers;

import dev.ascent.envs.Env;
import dev.ascent.envs.ResetResult;
import dev.ascent.envs.StepResult;
import dev.ascent.envs.render.GifWriter;
import dev.ascent.envs.render.RgbFrame;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Renders after every reset and step and keeps the frames ({@code rendering.py} {@code RenderCollection}); write
 * them as an animated GIF with {@link #writeGif(Path)}.
 */
public final class RenderCollection extends Wrapper {

    private final List<RgbFrame> frames = new ArrayList<>();
    private final boolean resetClearsFrames;

    /** Keeps frames across episodes until {@link #clearFrames()}. */
    public RenderCollection(Env env) {
        this(env, false);
    }

    /**
     * @param env the environment
     * @param resetClearsFrames drop the collected frames at every reset (Gymnasium's {@code reset_clean})
     */
    public RenderCollection(Env env, boolean resetClearsFrames) {
        super(env);
        this.resetClearsFrames = resetClearsFrames;
    }

    @Override
    public ResetResult reset(Long seed, Map<String, Object> options) {
        ResetResult r = env.reset(seed, options);
        if (resetClearsFrames) {
            frames.clear();
        }
        frames.add(env.render());
        return r;
    }

    @Override
    public StepResult step(int action) {
        StepResult r = env.step(action);
        frames.add(env.render());
        return r;
    }

    @Override
    public StepResult step(float[] action) {
        StepResult r = env.step(action);
        frames.add(env.render());
        return r;
    }

    /** The frames collected so far, oldest first (a copy). */
    public List<RgbFrame> frames() {
        return List.copyOf(frames);
    }

    /** Drops the collected frames. */
    public void clearFrames() {
        frames.clear();
    }

    /**
     * Writes the collected frames as a looping GIF at the environment's render rate.
     *
     * @param path output file
     * @throws IOException if writing fails
     */
    public void writeGif(Path path) throws IOException {
        GifWriter.write(path, frames, renderFps());
    }
}
