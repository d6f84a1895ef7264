package org.aqlake.job.support;

import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;
import org.jclouds.blobstore.domain.StorageMetadata;
import org.jclouds.blobstore.options.ListContainerOptions;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/** S3Proxy in the test JVM over jclouds' in-memory "transient" store: a real S3 protocol peer. */
public final class EmbeddedS3 implements AutoCloseable {

    public static final String ACCESS_KEY = "test-access";
    public static final String SECRET_KEY = "test-secret";

    private final BlobStoreContext context;
    private volatile S3Proxy proxy;
    private volatile int port;

    private final AuthenticationType authentication;

    public EmbeddedS3() throws Exception {
        this(AuthenticationType.AWS_V4);
    }

    /** {@code NONE} serves requests without checking their signature (behind a proxy that re-creates them). */
    public EmbeddedS3(AuthenticationType authentication) throws Exception {
        this(ContextBuilder.newBuilder("transient")
                .credentials("unused", "unused")
                .overrides(new Properties())
                .build(BlobStoreContext.class), authentication);
    }

    /** Objects in files under {@code dir}, not on the heap: for a long run whose heap is measured (the soak). */
    public EmbeddedS3(Path dir) throws Exception {
        this(ContextBuilder.newBuilder("filesystem")
                .credentials("unused", "unused")
                .overrides(filesystem(dir))
                .build(BlobStoreContext.class), AuthenticationType.AWS_V4);
    }

    private static Properties filesystem(Path dir) {
        Properties p = new Properties();
        p.setProperty("jclouds.filesystem.basedir", dir.toAbsolutePath().toString());
        return p;
    }

    private EmbeddedS3(BlobStoreContext context, AuthenticationType authentication) throws Exception {
        this.context = context;
        this.authentication = authentication;
        serve(0);
    }

    private void serve(int port) throws Exception {
        S3Proxy p = S3Proxy.builder()
                .blobStore(context.getBlobStore())
                .endpoint(URI.create("http://127.0.0.1:" + port))
                .awsAuthentication(authentication, ACCESS_KEY, SECRET_KEY)
                .build();
        p.start();
        Polling.await(Duration.ofSeconds(20), "S3Proxy start", () -> "STARTED".equals(p.getState()));
        proxy = p;
        this.port = p.getPort();
    }

    /** The S3 server stops (connections refused); the stored objects stay for {@link #restart()}. */
    public void kill() throws Exception {
        proxy.stop();
    }

    /** A new S3 server on the same port over the same store, as a restarted S3 endpoint. */
    public void restart() throws Exception {
        serve(port);
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    public BlobStore blobStore() {
        return context.getBlobStore();
    }

    public void createBucket(String bucket) {
        blobStore().createContainerInLocation(null, bucket);
    }

    /** Uploads one object, as a producer of the lake's inputs (for example a consent snapshot) would. */
    public void put(String bucket, String key, byte[] content) {
        blobStore().putBlob(bucket, blobStore().blobBuilder(key).payload(content).contentLength(content.length).build());
    }

    /** Every object key under the prefix, as a reader listing the table sees them. */
    public List<String> list(String bucket, String prefix) {
        List<String> keys = new ArrayList<>();
        ListContainerOptions options = ListContainerOptions.Builder.prefix(prefix).recursive();
        String marker = null;
        do {
            var page = blobStore().list(bucket, marker == null ? options : options.afterMarker(marker));
            for (StorageMetadata m : page) {
                if (m.getName() != null && m.getType() == org.jclouds.blobstore.domain.StorageType.BLOB) {
                    keys.add(m.getName());
                }
            }
            marker = page.getNextMarker();
        } while (marker != null);
        return keys;
    }

    /**
     * Copies every object under the prefix to {@code dir}, keeping the key as the relative path, as a reader
     * does: hidden objects (a name starting with a dot: a writer's file waiting for compaction, which the
     * committer deletes at any moment) are no part of a table.
     */
    public void download(String bucket, String prefix, Path dir) throws IOException {
        for (String key : list(bucket, prefix)) {
            if (key.substring(key.lastIndexOf('/') + 1).startsWith(".")) {
                continue;
            }
            Path target = dir.resolve(key);
            Files.createDirectories(target.getParent());
            try (InputStream in = blobStore().getBlob(bucket, key).getPayload().openStream()) {
                Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    @Override
    public void close() throws Exception {
        proxy.stop();
        context.close();
    }
}
