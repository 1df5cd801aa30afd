package io.suanli.scheduling.domain;

/** One node in one hour: the unit of the capacity rule. */
public record NodeHour(NodeFact node, int hour) {}
