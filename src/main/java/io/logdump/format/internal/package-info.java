/**
 * Byte-level helpers shared by the encoders: a buffered counting output, UTF-8 checks, a strict
 * JSON object scanner, JSON string escaping and ISO-8601 time text. Not an API: only the
 * {@code io.logdump.format} sub-packages use it.
 */
package io.logdump.format.internal;
