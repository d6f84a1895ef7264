package org.aqlake.job.config;

/** An S3 endpoint other than AWS's, such as an emulator, with the keys it takes. */
public final class S3Endpoint {

    public final String url;
    public final boolean pathStyleAccess;
    public final String accessKey;
    public final String secretKey;

    S3Endpoint(String url, boolean pathStyleAccess, String accessKey, String secretKey) {
        this.url = url;
        this.pathStyleAccess = pathStyleAccess;
        this.accessKey = accessKey;
        this.secretKey = secretKey;
    }

    @Override
    public String toString() {
        return "S3Endpoint{url=" + url + ", pathStyleAccess=" + pathStyleAccess + ", keys=***}";
    }
}
