/**
 * Files: the strict {@link dev.ascent.io.Json} reader/writer, the safetensors format
 * ({@link dev.ascent.io.Safetensors}) with atomic writes ({@link dev.ascent.io.AtomicFiles}), and training
 * {@link dev.ascent.io.Checkpoint}s (model + optimizer + extra arrays + metadata in one safetensors file).
 */
package dev.ascent.io;
