package org.aqlake.job.source;

/** Where the Kinesis consumer gets its AWS credentials: the default chain, or a key pair. */
public enum CredentialsProvider { AUTO, BASIC }
