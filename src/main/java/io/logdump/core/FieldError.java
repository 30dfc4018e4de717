package io.logdump.core;

/** One broken rule of a request: the dotted field path and a sentence saying what is wrong. */
public record FieldError(String field, String message) {}
