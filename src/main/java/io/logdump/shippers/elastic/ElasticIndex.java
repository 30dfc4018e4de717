package io.logdump.shippers.elastic;

import io.logdump.shippers.Destination;

/**
 * Elasticsearch index names and Logdump subjects: the index {@code <logset>.<subject>} is the
 * subject {@code logset/subject} (a {@code .} never occurs in a Logdump name).
 */
public final class ElasticIndex {
    private ElasticIndex() {}

    /** The destination an index names, or null when it names none. */
    public static Destination destination(String account, String index) {
        return Destination.parse(account, index, '.');
    }

    /** Why an index names no subject, in Elasticsearch's words and ours. */
    public static String notFound(String index) {
        return "no such index [" + index + "]: Logdump takes an index named <logset>.<subject> for the log subject logset/subject";
    }
}
