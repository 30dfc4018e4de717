package io.logdump.catalog;

/** A named place with one object storage service; {@code objectStore} is {@code local} or {@code s3}. */
public record Region(String name, String objectStore) {}
