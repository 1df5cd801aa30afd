package io.suanli.jobs.rest;

import io.suanli.jobs.domain.JobEvent;
import java.util.List;

/** A page of the job event feed; {@code next} is where to resume, also when the page is empty. */
public record JobEventPage(List<JobEvent> items, String next) {}
