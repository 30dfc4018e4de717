package io.logdump.catalog;

/**
 * The ranges a dump task's settings must fall in. The defaults are the product's; an operator may
 * widen them (for example shorter intervals in tests) in the {@code dump.limits} configuration.
 */
public record DumpLimits(int minIntervalSeconds, int maxIntervalSeconds, int minFileSizeMB, int maxFileSizeMB,
                         int maxStartDelaySeconds) {
    public static final DumpLimits DEFAULT = new DumpLimits(60, 3600, 5, 256, 3600);
}
