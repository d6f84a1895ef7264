package org.aqlake.tools.dashboard;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's {@code chromium}, headless, as a test's browser: the DOM after the page's scripts ran, and a
 * screenshot. {@code .ci/run} installs it when it is missing. Every host name fails to resolve, so a page
 * that needed anything from the network would show it.
 */
final class HeadlessChromium {

    static final String[] EXECUTABLES = {"chromium", "chromium-browser", "google-chrome"};
    static final long TIMEOUT_SECONDS = 120;
    static final int WIDTH = 1280;
    /** Enough for the scripts to draw every chart; the budget is virtual time, spent only while idle. */
    static final int SCRIPT_BUDGET_MS = 5_000;

    private final Path executable;
    private final Path profile;

    private HeadlessChromium(Path executable, Path profile) {
        this.executable = executable;
        this.profile = profile;
    }

    /** The installed browser; fails (never skips) when there is none: the test's peer is missing. */
    static HeadlessChromium find(Path profile) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            for (String name : EXECUTABLES) {
                Path candidate = Path.of(dir, name);
                if (Files.isExecutable(candidate)) {
                    return new HeadlessChromium(candidate, profile);
                }
            }
        }
        throw new AssertionError("No headless Chromium on the PATH (Debian: apt-get install chromium; .ci/run"
                + " installs it)");
    }

    /** The page's DOM once its scripts have run. */
    String dumpDom(String url) throws IOException, InterruptedException {
        return run(List.of("--dump-dom", url));
    }

    void screenshot(String url, Path png, int height) throws IOException, InterruptedException {
        run(List.of("--screenshot=" + png.toAbsolutePath(), "--window-size=" + WIDTH + "," + height,
                "--hide-scrollbars", url));
    }

    private String run(List<String> args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(executable.toString(), "--headless", "--no-sandbox",
                "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--user-data-dir=" + profile,
                "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
                "--virtual-time-budget=" + SCRIPT_BUDGET_MS));
        command.addAll(args);
        Path out = Files.createTempFile(profile.getParent(), "chromium-", ".out");
        Path err = Files.createTempFile(profile.getParent(), "chromium-", ".err");
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new AssertionError("Chromium did not finish within " + TIMEOUT_SECONDS + " s: " + command);
        }
        if (p.exitValue() != 0) {
            throw new AssertionError("Chromium exited with " + p.exitValue() + ": " + command + "\n"
                    + Files.readString(err, StandardCharsets.UTF_8));
        }
        return Files.readString(out, StandardCharsets.UTF_8);
    }
}
