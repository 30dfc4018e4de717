package io.logdump.dump.naming;

/**
 * The object key of a dump file: {@code {prefix}/{partition}_{taskId}_{batch}{ext}}, with exactly
 * one {@code /} between prefix and partition. When the partition format ends with {@code /}
 * (Hive-style folders such as {@code dt=%Y-%m-%d/hour=%H/}) or is empty, the file inside is
 * {@code {taskId}_{batch}{ext}} with no leading {@code _}, which query engines would skip.
 * A key depends only on the task, the partition value and the batch number, so a re-upload
 * overwrites the same object. {@code catalog.DumpTaskRules} refuses a prefix and partition format
 * whose longest key, in this shape, would break the object key rules (length, segments,
 * characters); a change of shape here must change that bound too. Stateless.
 */
public final class ObjectKeys {
    private ObjectKeys() {}

    public static String key(String prefix, String partitionFormat, String partitionValue, String taskId, long batch, String extension) {
        StringBuilder key = new StringBuilder();
        if (!prefix.isEmpty()) {
            key.append(prefix);
            if (!prefix.endsWith("/")) {
                key.append('/');
            }
        }
        key.append(partitionValue);
        if (!partitionFormat.isEmpty() && !partitionFormat.endsWith("/")) {
            key.append('_');
        }
        return key.append(taskId).append('_').append(batch).append(extension).toString();
    }
}
