package io.suanli.dispatch;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Collects the TaskRunEnded events dispatch fires, as metering would receive them. */
@Singleton
public class TaskRunRecorder {

    private final List<TaskRunEnded> events = new CopyOnWriteArrayList<>();

    void on(@Observes TaskRunEnded ended) {
        events.add(ended);
    }

    public List<TaskRunEnded> forJob(String jobId) {
        return events.stream().filter(e -> e.jobId().equals(jobId))
                .sorted(java.util.Comparator.comparingInt(TaskRunEnded::attempt).thenComparingInt(TaskRunEnded::task))
                .toList();
    }
}
