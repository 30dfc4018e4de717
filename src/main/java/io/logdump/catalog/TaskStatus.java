package io.logdump.catalog;

/**
 * The life of a dump task: WAITING until its start delay has passed, RUNNING while it dumps,
 * STOPPED after a stop until it is started again.
 */
public enum TaskStatus { WAITING, RUNNING, STOPPED }
