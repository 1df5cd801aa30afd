package io.suanli.support.auth;

import io.restassured.RestAssured;
import io.restassured.filter.Filter;
import io.restassured.filter.FilterContext;
import io.restassured.response.Response;
import io.restassured.specification.FilterableRequestSpecification;
import io.restassured.specification.FilterableResponseSpecification;
import io.quarkus.test.junit.callback.QuarkusTestBeforeEachCallback;
import io.quarkus.test.junit.callback.QuarkusTestMethodContext;

/**
 * The test-side default of authentication: every RestAssured request of a {@code @QuarkusTest}
 * that sets no {@code Authorization} header of its own is sent with an operator token, so tests
 * written without auth in mind keep working. Installed before each test through the
 * {@link QuarkusTestBeforeEachCallback} service file (no annotation needed on test classes).
 * A test that must send no token at all uses {@code given().noFiltersOfType(DefaultOperatorToken.class)}.
 * The gRPC twin is {@link DefaultOperatorTokenGrpc}.
 */
public class DefaultOperatorToken implements Filter, QuarkusTestBeforeEachCallback {

    @Override
    public void beforeEach(QuarkusTestMethodContext context) {
        install();
    }

    /** Adds the filter to RestAssured's defaults once. */
    public static synchronized void install() {
        if (RestAssured.filters().stream().noneMatch(DefaultOperatorToken.class::isInstance)) {
            RestAssured.filters(new DefaultOperatorToken());
        }
    }

    @Override
    public Response filter(FilterableRequestSpecification request, FilterableResponseSpecification response, FilterContext context) {
        if (!request.getHeaders().hasHeaderWithName("Authorization")) {
            request.header("Authorization", TestTokens.bearer(TestTokens.operator()));
        }
        return context.next(request, response);
    }
}
