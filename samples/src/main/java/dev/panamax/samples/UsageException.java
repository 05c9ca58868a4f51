package dev.panamax.samples;

/**
 * Signals a bad command line: an unknown sample or option, a malformed value, or a device this build cannot use.
 *
 * <p>The launcher prints the message and exits with status 2.
 */
public final class UsageException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception with the message shown to the user.
     *
     * @param message what was wrong and what is accepted instead
     */
    public UsageException(String message) {
        super(message);
    }
}
