package io.logdump.catalog;

/**
 * The part of a dump task that a modification may change; a change applies from the next file.
 * Sizes are megabytes of uncompressed data, intervals seconds.
 */
public record DumpSettings(String prefix, String partitionFormat, String timeZone, int maxFileSizeMB,
                           int intervalSeconds, FormatSpec format, String compression) {}
