package io.flinkstarters.testkit.internal;

import java.net.URI;
import org.apache.flink.annotation.Internal;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;

/**
 * s3proxy serving one bucket from an in-memory jclouds blob store. This class runs only inside the
 * isolated class loader of {@link S3ProxyHandle}, which calls it by reflection: its signatures use JDK
 * types only, so nothing of s3proxy, jclouds or their Guava leaks into the application's class loader.
 *
 * <p>The blob store outlives the HTTP server: {@link #stop()} and a later {@link #start(int)} on the
 * same port give an outage after which every object is still there.
 */
@Internal
public final class S3ProxyServer {

    private final BlobStoreContext context;
    private final String accessKey;
    private final String secretKey;
    private S3Proxy proxy;

    public S3ProxyServer(String bucket, String accessKey, String secretKey) {
        this.accessKey = accessKey;
        this.secretKey = secretKey;
        this.context = ContextBuilder.newBuilder("transient")
                .credentials(accessKey, secretKey)
                .build(BlobStoreContext.class);
        context.getBlobStore().createContainerInLocation(null, bucket);
    }

    /** Serves on 127.0.0.1:{@code port} (0 picks a free one); returns the bound port once it accepts connections. */
    public int start(int port) throws Exception {
        if (proxy != null) {
            return proxy.getPort();
        }
        S3Proxy started = S3Proxy.builder()
                .blobStore(context.getBlobStore())
                .endpoint(URI.create("http://127.0.0.1:" + port))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKey, secretKey)
                .build();
        started.start();
        proxy = started;
        return started.getPort();
    }

    /** Stops serving: the port refuses connections, the objects stay. */
    public void stop() throws Exception {
        if (proxy != null) {
            S3Proxy stopping = proxy;
            proxy = null;
            stopping.stop();
        }
    }

    /** Stops serving and drops the blob store. */
    public void close() throws Exception {
        try {
            stop();
        } finally {
            context.close();
        }
    }
}
