package io.logdump.shippers.elastic;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The answers of the read-only Elasticsearch endpoints that shippers call before they send: what
 * a single-node cluster of version {@value #VERSION} would say, enough for a shipper to go on. Every
 * answer also carries the header {@value #PRODUCT_HEADER}{@code : }{@value #PRODUCT} (the official
 * clients refuse a server without it).
 */
public final class ElasticAnswers {
    public static final String VERSION = "8.19.0";
    public static final String PRODUCT_HEADER = "X-Elastic-Product";
    public static final String PRODUCT = "Elasticsearch";
    private static final String CLUSTER = "logdump";

    private ElasticAnswers() {}

    /** {@code GET /}: the node, the cluster and the version. */
    public static Map<String, Object> info() {
        Map<String, Object> version = new LinkedHashMap<>();
        version.put("number", VERSION);
        version.put("build_flavor", "default");
        version.put("build_type", "logdump");
        version.put("lucene_version", "9.12.2");
        version.put("minimum_wire_compatibility_version", "7.17.0");
        version.put("minimum_index_compatibility_version", "7.0.0");
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", CLUSTER);
        out.put("cluster_name", CLUSTER);
        out.put("cluster_uuid", "logdump-0000000000000000");
        out.put("version", version);
        out.put("tagline", "Logdump takes Elasticsearch bulk requests into log subjects");
        return out;
    }

    /** {@code GET /_cluster/health}: a green cluster of one node. */
    public static Map<String, Object> health() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("cluster_name", CLUSTER);
        out.put("status", "green");
        out.put("timed_out", false);
        out.put("number_of_nodes", 1);
        out.put("number_of_data_nodes", 1);
        out.put("active_primary_shards", 0);
        out.put("active_shards", 0);
        out.put("relocating_shards", 0);
        out.put("initializing_shards", 0);
        out.put("unassigned_shards", 0);
        out.put("delayed_unassigned_shards", 0);
        out.put("number_of_pending_tasks", 0);
        out.put("number_of_in_flight_fetch", 0);
        out.put("task_max_waiting_in_queue_millis", 0);
        out.put("active_shards_percent_as_number", 100.0);
        return out;
    }

    /** {@code GET /_license}: an active basic license. */
    public static Map<String, Object> license() {
        return Map.of("license", Map.of("status", "active", "uid", "logdump", "type", "basic", "issue_date_in_millis", 0,
                "max_nodes", 1000, "issued_to", CLUSTER, "issuer", "logdump", "start_date_in_millis", -1));
    }

    /** {@code GET /_xpack}: no features. */
    public static Map<String, Object> xpack() {
        return Map.of("build", Map.of("hash", "logdump", "date", "2026-01-01T00:00:00Z"),
                "license", Map.of("uid", "logdump", "type", "basic", "mode", "basic", "status", "active"),
                "features", Map.of());
    }

    /** A {@code PUT} of a template or policy, which Logdump does not keep: acknowledged. */
    public static Map<String, Object> acknowledged() {
        return Map.of("acknowledged", true);
    }

    /** A template or policy asked for by name: none is kept (HTTP 404), so a shipper may create it. */
    public static Map<String, Object> notKept(String what, String name) {
        return error(404, "resource_not_found_exception", what + " [" + name + "] does not exist: Logdump keeps no " + what + "s");
    }

    /** An error in Elasticsearch's shape: {@code {"error": {"root_cause": [...], "type", "reason"}, "status"}}. */
    public static Map<String, Object> error(int status, String type, String reason) {
        Map<String, Object> cause = new LinkedHashMap<>();
        cause.put("type", type);
        cause.put("reason", reason);
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("root_cause", List.of(cause));
        error.putAll(cause);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("error", error);
        out.put("status", status);
        return out;
    }

    /** The Elasticsearch error type of an HTTP status. */
    public static String errorType(int status) {
        return switch (status) {
            case 401, 403 -> "security_exception";
            case 404 -> "resource_not_found_exception";
            case 408 -> "timeout_exception";
            case 413 -> "content_too_long_exception";
            case 415 -> "media_type_header_exception";
            case 429, 503 -> "es_rejected_execution_exception";
            case 500 -> "exception";
            default -> "illegal_argument_exception";
        };
    }
}
