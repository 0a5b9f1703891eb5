package dev.ascent.algorithms.run;

/**
 * A run cannot start or continue because of what the user asked for: an unknown algorithm, environment or
 * setting, a malformed value, an algorithm that does not support the environment's spaces, a missing or
 * incomplete run directory. The command line prints the message and exits with code 2.
 */
public final class InvalidRunException extends RuntimeException {
    public InvalidRunException(String message) {
        super(message);
    }

    public InvalidRunException(String message, Throwable cause) {
        super(message, cause);
    }
}
