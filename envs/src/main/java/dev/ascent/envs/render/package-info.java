/**
 * Headless rendering: {@link dev.ascent.envs.render.RgbFrame} (what {@code Env.render()} returns),
 * {@link dev.ascent.envs.render.PygameCanvas} (pygame's drawing primitives on Java2D) and
 * {@link dev.ascent.envs.render.GifWriter} (animated GIFs with ImageIO).
 */
package dev.ascent.envs.render;
