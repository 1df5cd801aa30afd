package io.suanli.dashboard;

import java.time.Duration;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** Signs a browser in the way an operator does: the page asks for a token, the operator pastes one. */
final class DashboardSignIn {
    private DashboardSignIn() {}

    static void signIn(WebDriver browser, String url, String token) {
        browser.get(url);
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        // without a token the first read answers 401 and the page opens its sign-in form
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("signin-token")));
        browser.findElement(By.id("signin-token")).sendKeys(token);
        browser.findElement(By.id("signin-submit")).click();
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("signin")));
        wait.until(ExpectedConditions.attributeToBe(By.id("conn"), "data-state", "live"));
    }
}
