package io.suanli.catalog;

import static io.restassured.RestAssured.given;
import static io.suanli.support.Estates.node;
import static io.suanli.support.Estates.post;
import static io.suanli.support.Estates.uniquePrefix;
import static io.suanli.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.suanli.support.Estates;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

@QuarkusTest
class CursorPaginationTest {

    @Test
    void everyRowCommittedBeforeTheFirstPageAppearsExactlyOnceWhileOthersChange() {
        String p = uniquePrefix();
        String site = Estates.createSite(p);
        List<String> original = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            String name = String.format("%s-n%03d", p, i * 2);
            post("/api/v1/nodes", node(name, site));
            original.add(name);
        }

        List<String> seen = new ArrayList<>();
        String after = null;
        int pages = 0;
        do {
            var request = given().queryParam("site", site).queryParam("limit", 4);
            if (after != null) {
                request.queryParam("after", after);
            }
            JsonPath page = request.when().get("/api/v1/nodes").then().statusCode(200).extract().jsonPath();
            List<String> names = page.getList("items.name");
            assertThat(names).hasSizeLessThanOrEqualTo(4);
            seen.addAll(names);
            after = page.getString("next");
            // Between pages the estate changes: new rows appear both behind and ahead of the cursor.
            post("/api/v1/nodes", node(String.format("%s-n%03d", p, pages * 8 + 1), site));
            post("/api/v1/nodes", node(String.format("%s-n%03d", p, 97 - pages), site));
            pages++;
        } while (after != null);

        assertThat(pages).isGreaterThanOrEqualTo(7);
        for (String name : original) {
            assertThat(seen).as(name).containsOnlyOnce(name);
        }
        assertThat(seen).doesNotHaveDuplicates().isSorted();
    }

    @Test
    void lastPageHasNoNextCursor() {
        String p = uniquePrefix();
        String site = Estates.createSite(p);
        post("/api/v1/nodes", node(p + "-a", site));
        post("/api/v1/nodes", node(p + "-b", site));
        JsonPath first = given().queryParam("site", site).queryParam("limit", 2).when().get("/api/v1/nodes")
                .then().statusCode(200).extract().jsonPath();
        assertThat(first.getList("items.name")).containsExactly(p + "-a", p + "-b");
        assertThat(first.getString("next")).isNull();

        JsonPath one = given().queryParam("site", site).queryParam("limit", 1).when().get("/api/v1/nodes")
                .then().statusCode(200).extract().jsonPath();
        JsonPath two = given().queryParam("site", site).queryParam("limit", 1).queryParam("after", one.getString("next"))
                .when().get("/api/v1/nodes").then().statusCode(200).extract().jsonPath();
        assertThat(two.getList("items.name")).containsExactly(p + "-b");
        assertThat(two.getString("next")).isNull();
    }

    @Test
    void aForgedCursorOrAnAbsurdLimitIsRefused() {
        assertProblem(given().queryParam("after", "not-a-cursor!").when().get("/api/v1/nodes"),
                400, "malformed-request", "after", "not a cursor");
        assertProblem(given().queryParam("limit", 0).when().get("/api/v1/sites"),
                400, "malformed-request", "limit", "between 1 and");
        assertProblem(given().queryParam("limit", 100_000).when().get("/api/v1/regions"),
                400, "malformed-request", "limit", "between 1 and");
    }
}
