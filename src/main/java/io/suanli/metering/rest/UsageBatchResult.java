package io.suanli.metering.rest;

/** What a committed batch did: records stored now, and repeats of stored records that were ignored. */
public record UsageBatchResult(int inserted, int duplicates) {}
