package io.suanli.catalog.domain;

/** Whether a node takes new work: DRAINING and DOWN nodes take none. */
public enum NodeState {
    UP,
    DRAINING,
    DOWN
}
