package dev.ascent.io;

import java.io.IOException;

/**
 * A safetensors file that is truncated, corrupt, hostile, or valid but unsupported (a dtype other than
 * F32). The message says what is wrong and where: a byte offset in the file, or the tensor's name.
 */
public final class SafetensorsFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    public SafetensorsFormatException(String message) {
        super(message);
    }

    public SafetensorsFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
