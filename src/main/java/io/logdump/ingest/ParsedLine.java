package io.logdump.ingest;

import java.time.Instant;
import java.util.Map;

/**
 * One line as the collection configuration reads it.
 *
 * @param fields the parsed fields (empty for the raw parser or a line kept raw)
 * @param logTime the log time: from the time field, else the receive time
 * @param error why the line did not parse, or null
 * @param accepted whether the line is stored: always unless it has an error and the configuration says {@code reject}
 */
public record ParsedLine(Map<String, Object> fields, Instant logTime, String error, boolean accepted) {}
