package io.suanli.jobs.service;

import java.util.UUID;

/** The keys of a stored job that a new submission may repeat: read instead of whole rows. */
public record StoredJobKeys(UUID id, String tenant, String requestId, String externalId, byte[] requestDigest) {}
