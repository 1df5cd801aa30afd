package io.suanli.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.response.Response;
import java.util.List;
import java.util.Map;

/** Assertions on RFC 7807 answers. */
public final class Problems {

    private Problems() {}

    /** The answer is problem JSON with this status and type, and names {@code field} with a message containing {@code text}. */
    public static void assertProblem(Response response, int status, String typeSlug, String field, String text) {
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.jsonPath().getString("type")).isEqualTo("https://suanli.io/problems/" + typeSlug);
        assertThat(response.jsonPath().getInt("status")).isEqualTo(status);
        assertThat(response.jsonPath().getString("title")).isNotBlank();
        String body = response.asString();
        assertThat(body).doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("SQL");
        if (field != null) {
            List<Map<String, String>> errors = response.jsonPath().getList("errors");
            assertThat(errors).as(body).anySatisfy(error -> {
                assertThat(error.get("field")).isEqualTo(field);
                assertThat(error.get("message")).contains(text);
            });
            assertThat(response.jsonPath().getString("detail")).contains(field);
        }
    }
}
