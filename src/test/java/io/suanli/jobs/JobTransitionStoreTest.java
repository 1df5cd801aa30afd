package io.suanli.jobs;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.http.ContentType;
import io.suanli.common.problem.ProblemException;
import io.suanli.common.problem.ProblemType;
import io.suanli.jobs.domain.Job;
import io.suanli.jobs.domain.JobState;
import io.suanli.jobs.service.JobService;
import io.suanli.support.Jobs;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Transitions through the service are stored with their events, and refused ones change nothing. */
@QuarkusTest
class JobTransitionStoreTest {

    @Inject
    JobService jobs;

    @Test
    void legalStepsAreStoredWithOneEventEach() throws Throwable {
        String id = submit(Jobs.job(Jobs.estate()));
        for (JobState next : List.of(JobState.PLANNED, JobState.PLACED, JobState.DISPATCHED, JobState.RUNNING, JobState.SUCCEEDED)) {
            Job moved = move(id, next, "to " + next);
            assertThat(moved.state()).isEqualTo(next);
        }
        List<String> states = given().get("/api/v1/jobs/" + id + "/events").then().statusCode(200)
                .extract().jsonPath().getList("state");
        assertThat(states).containsExactly("QUEUED", "PLANNED", "PLACED", "DISPATCHED", "RUNNING", "SUCCEEDED");
        List<Integer> sequences = given().get("/api/v1/jobs/" + id + "/events").then().extract().jsonPath().getList("sequence");
        assertThat(sequences).containsExactly(1, 2, 3, 4, 5, 6);
    }

    @Test
    void illegalStepIsRefusedAndChangesNothing() throws Throwable {
        String id = submit(Jobs.job(Jobs.estate()));
        assertThatThrownBy(() -> move(id, JobState.RUNNING, "skip ahead"))
                .isInstanceOfSatisfying(ProblemException.class, p -> {
                    assertThat(p.type()).isEqualTo(ProblemType.CONFLICT);
                    assertThat(p.getMessage()).contains("cannot move from QUEUED to RUNNING");
                });
        given().get("/api/v1/jobs/" + id).then().statusCode(200).body("state", org.hamcrest.Matchers.equalTo("QUEUED"));
        assertThat(given().get("/api/v1/jobs/" + id + "/events").then().extract().jsonPath().getList("state"))
                .containsExactly("QUEUED");
    }

    @Test
    void failedJobIsRequeuedWhileRetriesRemainThenStaysFailed() throws Throwable {
        Map<String, Object> body = Jobs.job(Jobs.estate());
        body.put("maxRetries", 1);
        String id = submit(body);
        for (JobState next : List.of(JobState.PLANNED, JobState.PLACED, JobState.DISPATCHED, JobState.FAILED)) {
            move(id, next, "step");
        }
        Job retried = move(id, JobState.QUEUED, "retry");
        assertThat(retried.attempt()).isEqualTo(1);
        for (JobState next : List.of(JobState.PLANNED, JobState.PLACED, JobState.DISPATCHED, JobState.RUNNING, JobState.FAILED)) {
            move(id, next, "step");
        }
        assertThatThrownBy(() -> move(id, JobState.QUEUED, "retry")).isInstanceOf(ProblemException.class)
                .hasMessageContaining("no retries left");
        given().get("/api/v1/jobs/" + id).then().body("state", org.hamcrest.Matchers.equalTo("FAILED")).body("attempt", org.hamcrest.Matchers.equalTo(1));
    }

    private Job move(String id, JobState next, String reason) throws Throwable {
        return VertxContextSupport.subscribeAndAwait(() -> jobs.transition(id, next, reason));
    }

    private static String submit(Map<String, Object> body) {
        return given().contentType(ContentType.JSON).body(body).post("/api/v1/jobs")
                .then().statusCode(201).extract().jsonPath().getString("id");
    }
}
