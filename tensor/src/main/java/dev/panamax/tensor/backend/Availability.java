package dev.panamax.tensor.backend;

/**
 * Whether a backend can run here and, if not, the one-line reason.
 *
 * @param available whether the backend can be used
 * @param reason    a one-line description of what was found or what is missing
 */
public record Availability(boolean available, String reason) {
}
