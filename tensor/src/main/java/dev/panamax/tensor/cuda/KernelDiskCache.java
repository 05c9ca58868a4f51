package dev.panamax.tensor.cuda;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Compiled kernel images on disk, named by the SHA-256 of everything that determines them.
 *
 * <p>The folder is {@code panamax.cuda.kernelCache} when that system property is set ({@code off}
 * disables the cache), else {@code $XDG_CACHE_HOME/panamax/kernels}, else
 * {@code ~/.cache/panamax/kernels}. Files are written to a temporary name and moved into place, so
 * concurrent processes never read a partial image. A cache that cannot be read or written is
 * skipped: kernels are then compiled in every process.
 */
final class KernelDiskCache {

    private final Path folder;

    /** A cache in {@code folder}, or a disabled one when it is null. */
    KernelDiskCache(Path folder) {
        this.folder = folder;
    }

    /** The cache configured by the system property and environment. */
    static KernelDiskCache configured() {
        String p = System.getProperty("panamax.cuda.kernelCache");
        if (p != null) {
            return new KernelDiskCache(p.isBlank() || p.equals("off") ? null : Path.of(p));
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return new KernelDiskCache(base.resolve("panamax").resolve("kernels"));
    }

    /** The folder, or null when disabled. */
    Path folder() {
        return folder;
    }

    /** The hex SHA-256 of the parts, separated so that no two part lists collide. */
    static String key(String... parts) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (String p : parts) {
                byte[] b = p.getBytes(StandardCharsets.UTF_8);
                md.update(Integer.toString(b.length).getBytes(StandardCharsets.US_ASCII));
                md.update((byte) ':');
                md.update(b);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is unavailable", e);
        }
    }

    /** The image stored under {@code key} with extension {@code ext}, if any. */
    Optional<byte[]> get(String key, String ext) {
        if (folder == null) {
            return Optional.empty();
        }
        Path f = folder.resolve(key + "." + ext);
        try {
            return Files.isRegularFile(f) ? Optional.of(Files.readAllBytes(f)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Stores an image under {@code key}; returns whether it was written. */
    boolean put(String key, String ext, byte[] image) {
        if (folder == null) {
            return false;
        }
        try {
            Files.createDirectories(folder);
            Path tmp = Files.createTempFile(folder, key, ".tmp");
            try {
                Files.write(tmp, image);
                Files.move(tmp, folder.resolve(key + "." + ext), StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(tmp);
            }
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
