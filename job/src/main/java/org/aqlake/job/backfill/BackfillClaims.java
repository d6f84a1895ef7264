package org.aqlake.job.backfill;

import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The backfill's idempotency rule: a file is loaded into a lake once. Before the job starts, each input
 * file gets a claim, {@code <lake.transformed-path>/_backfill/<sha-256 of its path>.json} (its path, size,
 * modification time and when the claim was made); a backfill that finds any of its files claimed refuses
 * to start, naming them, and writes nothing. So a second identical backfill adds no row, and a file's rows
 * (those whose {@code shard_id} is the file) come from one run only. To load a file again: delete its rows
 * and its claim, then run. The claim comes first so that even a run that failed half-way keeps a repeat out.
 * A claim names the run that made it, when the cluster gives the run a fixed job id (application mode, as
 * on Managed Flink): that run's main method, started again after a failover, finds its own claims and goes
 * on rather than refusing itself.
 */
public final class BackfillClaims {

    /** The folder of the claims, under the transformed path; {@code _} keeps query engines out of it. */
    public static final String FOLDER = "_backfill";
    private static final ObjectMapper JSON = new ObjectMapper();

    private BackfillClaims() {}

    public static Path claimOf(String transformedPath, Path file) {
        return new Path(new Path(transformedPath, FOLDER), sha256(file.toString()) + ".json");
    }

    /**
     * @param run the run's fixed job id, if the cluster gave it one
     * @throws IllegalStateException naming the files another run claimed; nothing is claimed then
     */
    public static void claim(String transformedPath, List<FileStatus> files, Optional<String> run) throws IOException {
        List<String> claimed = new ArrayList<>();
        List<FileStatus> unclaimed = new ArrayList<>();
        for (FileStatus f : files) {
            Path claim = claimOf(transformedPath, f.getPath());
            if (!claim.getFileSystem().exists(claim)) {
                unclaimed.add(f);
            } else if (run.isEmpty() || !run.get().equals(runOf(claim))) {
                claimed.add(f.getPath() + " (" + claim + ")");
            }
        }
        if (!claimed.isEmpty()) {
            throw new IllegalStateException("backfill: " + claimed.size() + " file(s) were backfilled into this lake"
                    + " already, and a file is loaded once: " + claimed.subList(0, Math.min(10, claimed.size()))
                    + ". To load one again, delete its rows (shard_id = the file) and its claim first.");
        }
        String now = Instant.now().toString();
        for (FileStatus f : unclaimed) {
            Path claim = claimOf(transformedPath, f.getPath());
            ObjectNode o = JSON.createObjectNode()
                    .put("file", f.getPath().toString())
                    .put("size", f.getLen())
                    .put("modified", Instant.ofEpochMilli(f.getModificationTime()).toString())
                    .put("claimed", now)
                    .put("run", run.orElse(""));
            try (FSDataOutputStream out = claim.getFileSystem().create(claim, FileSystem.WriteMode.NO_OVERWRITE)) {
                out.write(JSON.writeValueAsString(o).getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    private static String runOf(Path claim) throws IOException {
        try (FSDataInputStream in = claim.getFileSystem().open(claim)) {
            return JSON.readTree(in).path("run").asText("");
        }
    }

    private static String sha256(String text) {
        try {
            StringBuilder hex = new StringBuilder(64);
            for (byte b : MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8))) {
                hex.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
            }
            return hex.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK provides SHA-256", e);
        }
    }
}
