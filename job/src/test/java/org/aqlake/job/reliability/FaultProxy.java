package org.aqlake.job.reliability;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/**
 * WireMock as a reverse proxy in front of a real peer (S3Proxy or kinesis-local): by default every
 * request is forwarded to the peer and its answer returned unchanged; a fault is a stub of higher
 * priority that answers instead of the peer (an error, a reset connection) or forwards with a delay.
 * Nothing here answers a successful request itself: every success comes from the real peer.
 *
 * <p>S3 through it needs two settings: the Host header preserved (SigV4 signs it, and S3Proxy checks the
 * signature), and no gzip (WireMock would otherwise compress answers the SDK reads byte for byte).
 * With them the S3A multipart uploads of the lake's writers (signed UploadPart bodies included) pass.
 */
public final class FaultProxy implements AutoCloseable {

    /** The AWS JSON protocol's target header: the Kinesis operation of a request. */
    public static final String KINESIS_TARGET = "X-Amz-Target";
    private static final int PROXY_PRIORITY = 10;
    private static final int FAULT_PRIORITY = 1;

    private final String name;
    private final String target;
    private final int port;
    private volatile WireMockServer server;
    private final List<StubMapping> faults = new ArrayList<>();
    /** Requests answered by a fault stub, by fault name (counted even while the server is replaced). */
    private final Map<String, AtomicLong> faulted = new ConcurrentHashMap<>();
    /** Requests seen, by Kinesis operation (X-Amz-Target) or HTTP method. */
    private final Map<String, AtomicLong> seen = new ConcurrentHashMap<>();
    private volatile long downSinceNanos;
    private final AtomicLong downMillis = new AtomicLong();

    public FaultProxy(String name, String target) throws IOException {
        this.name = name;
        this.target = target;
        try (ServerSocket s = new ServerSocket(0)) {
            this.port = s.getLocalPort();
        }
        start();
    }

    private void start() {
        WireMockServer s = new WireMockServer(options()
                .bindAddress("127.0.0.1")
                .port(port)
                .preserveHostHeader(true)
                .gzipDisabled(true)
                .disableRequestJournal()
                .stubRequestLoggingDisabled(true)
                .containerThreads(32)
                .jettyIdleTimeout(30_000L));
        s.addMockServiceRequestListener((request, response) -> {
            String op = request.getHeader(KINESIS_TARGET);
            String key = op == null || op.isEmpty() ? request.getMethod().getName() : op.substring(op.indexOf('.') + 1);
            seen.computeIfAbsent(key, k -> new AtomicLong()).incrementAndGet();
            if (op != null && request.getHeader("Content-Type") != null) {
                // which protocol the consumer speaks (the SDK v1 consumer's default is CBOR)
                seen.computeIfAbsent(request.getHeader("Content-Type"), k -> new AtomicLong()).incrementAndGet();
            }
            String fault = response.getHeaders().getHeader("X-Fault").isPresent()
                    ? response.getHeaders().getHeader("X-Fault").firstValue() : null;
            if (fault != null) {
                faulted.computeIfAbsent(fault, k -> new AtomicLong()).incrementAndGet();
            }
        });
        s.start();
        s.stubFor(any(anyUrl()).atPriority(PROXY_PRIORITY).willReturn(aResponse().proxiedFrom(target)));
        server = s;
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    public String name() {
        return name;
    }

    // ---------------------------------------------------------------- faults

    /** Every request has its connection reset: the endpoint is unreachable until {@link #heal()}. */
    public void unreachable() {
        fault(any(anyUrl()), aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));
    }

    /** Every request is answered {@code status} with an S3 XML error body of that code. */
    public void s3Error(int status, String code) {
        fault(any(anyUrl()), aResponse().withStatus(status).withHeader("Content-Type", "application/xml")
                .withHeader("X-Fault", "s3-" + code)
                .withBody("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + code
                        + "</Code><Message>Injected by the fault suite</Message><RequestId>FAULT</RequestId></Error>"));
    }

    /** Every request is forwarded to the peer, and its answer held back for {@code delay}. */
    public void slow(Duration delay) {
        fault(any(anyUrl()), aResponse().proxiedFrom(target).withHeader("X-Fault", "slow")
                .withFixedDelay((int) delay.toMillis()));
    }

    /**
     * Every Kinesis call of {@code operation} (e.g. GetRecords) is answered 400 with the AWS error
     * {@code type}, in the protocol the client spoke: CBOR (the legacy consumer's SDK v1 default) or
     * JSON. The error type is in the body's {@code __type} and in {@code x-amzn-ErrorType}, as AWS sends it.
     */
    public void kinesisError(String operation, String type) {
        String targetHeader = "Kinesis_20131202." + operation;
        for (boolean cbor : new boolean[] {true, false}) {
            String contentType = cbor ? "application/x-amz-cbor-1.1" : "application/x-amz-json-1.1";
            String message = "Injected by the fault suite";
            byte[] body = cbor ? cborErrorBody(type, message)
                    : ("{\"__type\":\"" + type + "\",\"message\":\"" + message + "\"}").getBytes(StandardCharsets.UTF_8);
            fault(any(anyUrl()).withHeader(KINESIS_TARGET, equalTo(targetHeader))
                            .withHeader("Content-Type", containing(cbor ? "cbor" : "json")),
                    aResponse().withStatus(400).withHeader("Content-Type", contentType)
                            .withHeader("x-amzn-ErrorType", type).withHeader("x-amzn-RequestId", "FAULT")
                            .withHeader("X-Fault", "kinesis-" + type).withBody(body));
        }
    }

    /** The server stops: connections are refused until {@link #restart()}. */
    public synchronized void stop() {
        server.stop();
        downSinceNanos = System.nanoTime();
    }

    /** A new server on the same port, with the faults cleared. */
    public synchronized void restart() {
        faults.clear();
        start();
        downMillis.addAndGet((System.nanoTime() - downSinceNanos) / 1_000_000);
    }

    /** Removes every fault: requests reach the peer again. */
    public synchronized void heal() {
        for (StubMapping m : faults) {
            server.removeStub(m);
        }
        faults.clear();
    }

    private synchronized void fault(MappingBuilder when, ResponseDefinitionBuilder answer) {
        faults.add(server.stubFor(when.atPriority(FAULT_PRIORITY).willReturn(answer)));
    }

    // ---------------------------------------------------------------- what it saw

    /** Requests seen of one Kinesis operation or HTTP method, faulted or not. */
    public long seen(String operationOrMethod) {
        AtomicLong n = seen.get(operationOrMethod);
        return n == null ? 0 : n.get();
    }

    /** Requests seen, by operation or method (the protocol counts are left out). */
    public long seenTotal() {
        return seen.entrySet().stream().filter(e -> !e.getKey().startsWith("application/"))
                .mapToLong(e -> e.getValue().get()).sum();
    }

    /** Every count: by operation or method, and Kinesis requests by content type. */
    public Map<String, Long> seen() {
        Map<String, Long> out = new java.util.TreeMap<>();
        seen.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    /** Requests answered by an injected error or delay, by fault (resets are not visible to a listener). */
    public Map<String, Long> faulted() {
        Map<String, Long> out = new java.util.TreeMap<>();
        faulted.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    @Override
    public void close() {
        server.stop();
    }

    /** A CBOR map of two text strings, {@code {"__type": type, "message": message}} (RFC 8949). */
    static byte[] cborErrorBody(String type, String message) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0xa2);
        for (String s : new String[] {"__type", type, "message", message}) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            if (b.length < 24) {
                out.write(0x60 | b.length);
            } else if (b.length < 256) {
                out.write(0x78);
                out.write(b.length);
            } else {
                throw new IllegalArgumentException("too long for this encoder: " + s);
            }
            out.write(b, 0, b.length);
        }
        return out.toByteArray();
    }
}
