package io.emergencyinbox.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;

import javax.mail.Session;
import javax.mail.internet.MimeMessage;
import javax.mail.internet.MimeMultipart;
import javax.mail.internet.MimeUtility;
import java.util.stream.Collectors;

import org.apache.james.core.Username;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

import io.emergencyinbox.jmap.access.AccountIds;
import io.emergencyinbox.testing.DownstreamServer;
import io.emergencyinbox.testing.ReceivedMail;

/**
 * The webmail served by the gateway, in a real headless Chromium: signing in, the outage banner,
 * reading kept mail, paging, replying and forwarding through the gateway's outbound relay, an
 * administrator opening a user's inbox, the permission page, hostile mail, live updates, a
 * phone-sized screen, and the same files hosted by another web server.
 * One gateway and one browser for all scenarios; each scenario signs in afresh.
 */
class WebmailTest {
    static final String ALICE = "alice@acme.test";
    static final String ADMIN = "admin@acme.test";
    static final String IVAN = "ivan@initech.test";
    static final String BOB = "bob@acme.test";
    /** Generous: the machine running the tests may be busy; a passing step never waits that long. */
    static final Duration TIMEOUT = Duration.ofSeconds(30);

    /** Mail written in the webmail to the internet arrives here. */
    static final DownstreamServer internet = DownstreamServer.start();
    /** Web servers that mail points to: images, trackers and attackers' beacons. */
    static final RecordingHttpServer web = RecordingHttpServer.start();

    @RegisterExtension
    static GatewayExtension gateway = GatewayExtension.builder().outboundRelay(internet.port()).build();

    static TestOrganisation acme;
    static TestOrganisation initech;
    static HeadlessChromium chromium;
    static ChromeDriver browser;

    @BeforeAll
    static void setUp() {
        acme = TestOrganisation.create(gateway, "acme", "acme.test", ADMIN, ALICE, BOB);
        initech = TestOrganisation.create(gateway, "initech", "initech.test", IVAN);
        gateway.webAdmin().put("/continuity/organisations/acme/admins/" + ADMIN).then().statusCode(204);
        acme.downstream().stop();
        acme.awaitState("DOWN");
        keep(ALICE, message("bob@example.com", ALICE, "Quarterly figures", "<figures-1@example.com>", "",
            multipartWithAttachment("The figures are attached.", "figures.txt", "Revenue: 42")));
        keep(ALICE, message("carol@example.com", ALICE, "Lunch on Friday", "<lunch-2@example.com>",
            "References: <lunch-1@example.com>\r\n", plainText("Shall we have lunch on Friday?")));
        keep(ALICE, message("dave@example.com", ALICE, "Board meeting moved", "<board-3@example.com>", "",
            plainText("The board meeting moves to Tuesday.")));
        keep(ALICE, message("grace@example.com", ALICE, "Signed contract", "<contract-4@example.com>", "",
            multipartWithAttachment("Here is the signed contract.", "contract.txt", "Signed by both parties")));
        keep(ADMIN, message("erin@example.com", ADMIN, "For the administrator", "<admin-5@example.com>", "",
            plainText("Hello admin.")));
        chromium = HeadlessChromium.start();
        browser = chromium.driver();
    }

    @AfterAll
    static void tearDown() {
        if (chromium != null) {
            chromium.close();
        }
        acme.close();
        initech.close();
        internet.close();
        web.close();
    }

    @AfterEach
    void backToADesktopWindow() {
        browser.manage().window().setSize(new Dimension(1280, 860));
    }

    @Test
    void aUserShouldSignInAndSeeTheOutageAndTheKeptMailNewestFirstAndReadIt() {
        browser.get(webmailUrl());
        chromium.await(TIMEOUT).until(ExpectedConditions.visibilityOfElementLocated(By.id("login-form")));
        chromium.screenshot("login");

        signIn(ALICE);

        WebElement banner = browser.findElement(By.id("banner"));
        chromium.await(TIMEOUT).until(driver -> "DOWN".equals(banner.getAttribute("data-state")));
        assertThat(banner.getText())
            .contains("Your mail server is unreachable since")
            .contains("New mail is kept here and will be delivered to your normal mailbox when it is back.")
            .contains("Senders are told their mail is delayed.")
            .contains("goes back to its sender.");
        Map<String, Object> status = continuityStatus(ALICE);
        assertThat(banner.findElement(By.cssSelector(".kept")).getText()).isEqualTo(status.get("spooledCount") + " messages are kept here.");
        assertThat(banner.findElement(By.cssSelector("time.return-date")).getAttribute("datetime"))
            .isEqualTo(status.get("returnsToSenderOn"));
        assertThat(listedSubjects()).containsSubsequence("Board meeting moved", "Lunch on Friday", "Quarterly figures");
        chromium.screenshot("banner-and-list");

        onListItem("Board meeting moved", WebElement::click);
        chromium.await(TIMEOUT).until(ExpectedConditions.textToBe(By.id("reader-subject"), "Board meeting moved"));
        assertThat(browser.findElement(By.cssSelector("#reader .text-body")).getText()).isEqualTo("The board meeting moves to Tuesday.");
        chromium.await(TIMEOUT).until(driver -> !listItemIsUnread("Board meeting moved"));
        chromium.screenshot("reader");
    }

    @Test
    void refusedCredentialsShouldBeExplained() {
        browser.get(webmailUrl());
        signInWith(ALICE, "wrongPassword1");
        chromium.await(TIMEOUT).until(driver -> !browser.findElement(By.id("login-error")).getText().isEmpty());
        assertThat(browser.findElement(By.id("login-error")).getText()).contains("the email address or the password is not right");

        // "alice@acme.test:???" is "YWxpY2VAYWNtZS50ZXN0Oj8/Pw==" in base64: James 3.8.1 ignores such credentials.
        assertThat(Base64.getEncoder().encodeToString((ALICE + ":???").getBytes(StandardCharsets.UTF_8))).contains("/");
        signInWith(ALICE, "???");
        chromium.await(TIMEOUT).until(driver -> browser.findElement(By.id("login-error")).getText().contains("Apache James 3.8.1"));
    }

    @Test
    void keptMailShouldBeReadableFromTheKeyboardWithItsAttachment() throws Exception {
        signIn(ALICE);
        assertThat(listItemIsUnread("Quarterly figures")).isTrue();

        pressKeyOnListItem("Quarterly figures", Keys.ENTER);
        WebElement subject = chromium.await(TIMEOUT).until(ExpectedConditions.visibilityOfElementLocated(By.id("reader-subject")));
        assertThat(subject.getText()).isEqualTo("Quarterly figures");
        assertThat(browser.switchTo().activeElement()).isEqualTo(subject);
        assertThat(browser.findElement(By.cssSelector("#reader .text-body")).getText()).contains("The figures are attached.");
        assertThat(browser.findElement(By.cssSelector("#reader .headers")).getText()).contains("bob@example.com");

        browser.findElement(By.xpath("//section[@class='attachments']//button[contains(., 'figures.txt')]")).click();
        Path downloaded = chromium.downloads().resolve("figures.txt");
        await().atMost(TIMEOUT).until(() -> Files.exists(downloaded));
        assertThat(Files.readString(downloaded)).isEqualTo("Revenue: 42");

        await().atMost(TIMEOUT).until(() -> keywordsOf(ALICE, "Quarterly figures").containsKey("$seen"));
        chromium.await(TIMEOUT).until(driver -> !listItemIsUnread("Quarterly figures"));
        click(button("Flag"));
        await().atMost(TIMEOUT).until(() -> keywordsOf(ALICE, "Quarterly figures").containsKey("$flagged"));
        chromium.await(TIMEOUT).until(ExpectedConditions.attributeToBe(button("Flag"), "aria-pressed", "true"));
        pressKeyOnListItem("Lunch on Friday", Keys.SPACE);
        chromium.await(TIMEOUT).until(ExpectedConditions.textToBe(By.id("reader-subject"), "Lunch on Friday"));
    }

    @Test
    void searchShouldFindKeptMailByItsWords() {
        signIn(ALICE);

        WebElement search = browser.findElement(By.id("search-input"));
        search.sendKeys("lunch", Keys.ENTER);

        chromium.await(TIMEOUT).until(ExpectedConditions.textToBe(By.id("list-heading"), "Search in Emergency: “lunch”"));
        chromium.await(TIMEOUT).until(driver -> listedSubjects().equals(List.of("Lunch on Friday")));
        click(By.cssSelector("#mailbox-list button[data-mailbox='emergency']"));
        chromium.await(TIMEOUT).until(driver -> listedSubjects().size() > 1);
        assertThat(search.getAttribute("value")).isEmpty();
    }

    @Test
    void aLargeInboxShouldBeShownFiftyMessagesAtATime() {
        for (int i = 1; i <= 53; i++) {
            gateway.smtp().send("newsletter@example.com", BOB, "Issue " + i);
        }
        await().atMost(TIMEOUT).until(() -> TestOrganisation.emergencySubjects(gateway, BOB).size() == 53);
        List<String> newestFirst = newestFirstSubjects(BOB);
        signIn(BOB);

        assertThat(listedSubjects()).isEqualTo(newestFirst.subList(0, 50));
        assertThat(browser.findElement(By.id("page-range")).getText()).isEqualTo("1–50 of 53");
        assertThat(browser.findElement(By.id("newer-page")).isEnabled()).isFalse();
        click(By.id("older-page"));

        chromium.await(TIMEOUT).until(ExpectedConditions.textToBe(By.id("page-range"), "51–53 of 53"));
        assertThat(listedSubjects()).isEqualTo(newestFirst.subList(50, 53));
        assertThat(browser.findElement(By.id("older-page")).isEnabled()).isFalse();
        assertThat(browser.switchTo().activeElement().getText()).contains(newestFirst.get(50));
    }

    @Test
    void aReplyShouldLeaveThroughTheGatewayFromTheUserWithThreadingHeadersAndAnAttachment() throws Exception {
        signIn(ALICE);
        onListItem("Lunch on Friday", WebElement::click);
        chromium.await(TIMEOUT).until(ExpectedConditions.textToBe(By.id("reader-subject"), "Lunch on Friday"));

        click(button("Reply"));
        WebElement body = chromium.await(TIMEOUT).until(ExpectedConditions.visibilityOfElementLocated(By.id("compose-body")));
        assertThat(browser.findElement(By.id("compose-to")).getAttribute("value")).isEqualTo("carol@example.com");
        assertThat(browser.findElement(By.id("compose-subject")).getAttribute("value")).isEqualTo("Re: Lunch on Friday");
        assertThat(browser.switchTo().activeElement()).isEqualTo(body);
        body.sendKeys("Friday works for me.");
        Path agenda = Files.createTempFile("agenda", ".txt");
        Files.writeString(agenda, "1. Soup");
        browser.findElement(By.id("compose-files")).sendKeys(agenda.toString());
        chromium.screenshot("composer");
        browser.findElement(By.cssSelector("#composer button[type=submit]")).click();

        await().atMost(TIMEOUT).until(() -> !internet.receivedFor("carol@example.com").isEmpty());
        ReceivedMail reply = internet.receivedFor("carol@example.com").get(0);
        assertThat(reply.mailFrom()).isEqualTo(ALICE);
        assertThat(reply.header("From")).contains(ALICE);
        assertThat(reply.header("Subject")).isEqualTo("Re: Lunch on Friday");
        assertThat(reply.header("In-Reply-To")).isEqualTo("<lunch-2@example.com>");
        assertThat(reply.header("References")).contains("<lunch-1@example.com>", "<lunch-2@example.com>");
        assertThat(reply.contentAsString()).contains("Friday works for me");
        assertThat(attachment(reply, agenda.getFileName().toString())).isEqualTo("1. Soup");
        Files.delete(agenda);

        chromium.await(TIMEOUT).until(ExpectedConditions.textToBe(By.id("status"), "Message sent."));
        click(By.cssSelector("#mailbox-list button[data-mailbox='sent']"));
        chromium.await(TIMEOUT).until(driver -> listedSubjects().contains("Re: Lunch on Friday"));
    }

    @Test
    void aForwardShouldCarryTheOriginalAttachment() throws Exception {
        signIn(ALICE);
        onListItem("Signed contract", WebElement::click);
        chromium.await(TIMEOUT).until(ExpectedConditions.textToBe(By.id("reader-subject"), "Signed contract"));

        click(button("Forward"));
        WebElement to = chromium.await(TIMEOUT).until(ExpectedConditions.visibilityOfElementLocated(By.id("compose-to")));
        assertThat(browser.switchTo().activeElement()).isEqualTo(to);
        assertThat(browser.findElement(By.id("compose-subject")).getAttribute("value")).isEqualTo("Fwd: Signed contract");
        assertThat(browser.findElement(By.cssSelector("#composer .attachment-list")).getText()).contains("contract.txt");
        to.sendKeys("Heidi Example <heidi@example.net>");
        browser.findElement(By.cssSelector("#composer button[type=submit]")).click();

        await().atMost(TIMEOUT).until(() -> !internet.receivedFor("heidi@example.net").isEmpty());
        ReceivedMail forward = internet.receivedFor("heidi@example.net").get(0);
        assertThat(forward.header("To")).isEqualTo("Heidi Example <heidi@example.net>");
        assertThat(forward.header("In-Reply-To")).isNull();
        assertThat(forward.contentAsString()).contains("Forwarded message");
        assertThat(attachment(forward, "contract.txt")).isEqualTo("Signed by both parties");
    }

    @Test
    void anAdministratorShouldSwitchToAUsersInboxAndReadItWithoutChangingIt() {
        signIn(ADMIN);
        chromium.await(TIMEOUT).until(driver -> listedSubjects().contains("For the administrator"));

        Select switcher = new Select(browser.findElement(By.id("account-switcher")));
        assertThat(switcher.getOptions()).extracting(WebElement::getText).containsExactly(ADMIN + " (you)", ALICE, BOB);
        chromium.screenshot("admin-switcher");
        switcher.selectByVisibleText(ALICE);

        chromium.await(TIMEOUT).until(driver -> listedSubjects().contains("Board meeting moved"));
        assertThat(browser.findElement(By.id("banner")).getText()).contains("The mail server of " + ALICE + " is unreachable");
        assertThat(browser.findElement(By.id("read-only-note")).getText()).contains("You are reading the Emergency Inbox of " + ALICE);
        assertThat(browser.findElement(By.id("compose-button")).isDisplayed()).isFalse();
        Map<String, Object> keywords = keywordsOf(ALICE, "Board meeting moved");
        onListItem("Board meeting moved", WebElement::click);
        chromium.await(TIMEOUT).until(ExpectedConditions.textToBe(By.id("reader-subject"), "Board meeting moved"));
        assertThat(browser.findElements(By.cssSelector("#reader .actions"))).isEmpty();
        assertThat(keywordsOf(ALICE, "Board meeting moved")).isEqualTo(keywords);
        chromium.screenshot("admin-reading-a-users-inbox");
    }

    @Test
    void anInboxTheUserMayNotOpenShouldShowThePermissionPage() {
        signIn(IVAN);

        browser.get(webmailUrl() + "#account=" + AccountIds.of(Username.of(ALICE)));

        WebElement page = chromium.await(TIMEOUT).until(ExpectedConditions.visibilityOfElementLocated(By.id("forbidden-view")));
        assertThat(page.getText()).contains("You do not have permission to open this inbox");
        assertThat(browser.findElement(By.cssSelector(".layout")).isDisplayed()).isFalse();
        chromium.screenshot("permission-refused");

        page.findElement(By.id("back-to-own-inbox")).click();
        chromium.await(TIMEOUT).until(ExpectedConditions.visibilityOfElementLocated(By.id("message-list")));
        assertThat(browser.findElement(By.id("forbidden-view")).isDisplayed()).isFalse();
    }

    @Test
    void hostileMailShouldRunNothingAndLoadRemoteImagesOnlyWhenAsked() {
        String html = "<html><head><meta http-equiv=\"refresh\" content=\"0;url=" + web.url("/beacon/refresh") + "\">"
            + "<style>.promo{background:url(" + web.url("/style-element-image.png") + ")}</style></head><body>"
            + "<p id=\"greeting\">Hello from the payloads.</p>"
            + "<script>window.parent.pwned=1;top.document.title='pwned';fetch('" + web.url("/beacon/script") + "')</script>"
            + "<img src=\"x\" onerror=\"window.parent.pwned=1;new Image().src='" + web.url("/beacon/onerror") + "'\">"
            + "<svg onload=\"window.parent.pwned=1\"><a href=\"javascript:window.parent.pwned=1\"><text>svg</text></a></svg>"
            + "<a id=\"javascript-link\" href=\"javascript:window.parent.pwned=1;fetch('" + web.url("/beacon/link") + "')\">Click me</a>"
            + "<iframe srcdoc=\"<script>parent.parent.pwned=1</script>\"></iframe>"
            + "<form action=\"" + web.url("/beacon/form") + "\"><input name=\"q\" value=\"x\"><button id=\"submit\">Go</button></form>"
            + "<object data=\"" + web.url("/beacon/object") + "\"></object>"
            + "<div class=\"promo\">Promotion</div>"
            + "<div style=\"background-image:url('" + web.url("/style-attribute-image.png") + "')\">Banner</div>"
            + "<img id=\"tracker\" src=\"" + web.url("/remote-image.png") + "\" alt=\"tracker\">"
            + "<img id=\"logo\" src=\"cid:logo@prize.example\" alt=\"logo\">"
            + "</body></html>";
        keep(ALICE, message("mallory@example.com", ALICE, "You won a prize", "<prize-6@example.com>", "",
            "Content-Type: multipart/related; boundary=\"r1\"\r\n\r\n"
                + "--r1\r\nContent-Type: text/html; charset=UTF-8\r\n\r\n" + html + "\r\n"
                + "--r1\r\nContent-Type: image/png; name=\"logo.png\"\r\nContent-ID: <logo@prize.example>\r\n"
                + "Content-Disposition: inline; filename=\"logo.png\"\r\nContent-Transfer-Encoding: base64\r\n\r\n" + RecordingHttpServer.PIXEL_PNG + "\r\n--r1--\r\n"));
        signIn(ALICE);
        String title = browser.getTitle();

        onListItem("You won a prize", WebElement::click);
        WebElement frame = chromium.await(TIMEOUT).until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("iframe.html-body")));
        assertThat(frame.getAttribute("sandbox")).doesNotContain("allow-scripts").doesNotContain("allow-same-origin");
        browser.switchTo().frame(frame);
        chromium.await(TIMEOUT).until(driver -> "complete".equals(browser.executeScript("return document.readyState")));
        assertThat(browser.findElement(By.id("greeting")).getText()).isEqualTo("Hello from the payloads.");
        assertThat(browser.findElements(By.cssSelector("script, iframe, form, input, button, object, svg, meta[http-equiv=refresh], [onerror], [onload]")))
            .isEmpty();
        WebElement logo = browser.findElement(By.id("logo"));
        assertThat(logo.getAttribute("src")).startsWith("data:image/png;base64,");
        assertThat(browser.executeScript("return arguments[0].naturalWidth", logo)).isEqualTo(1L);
        WebElement link = browser.findElement(By.id("javascript-link"));
        assertThat(link.getAttribute("href")).isNull();
        link.click();
        browser.switchTo().defaultContent();

        assertThat(browser.executeScript("return typeof window.pwned")).isEqualTo("undefined");
        assertThat(browser.getTitle()).isEqualTo(title);
        assertThat(web.requests()).isEmpty();
        assertThat(browser.findElements(By.cssSelector("#reader .attachments"))).isEmpty();
        chromium.screenshot("hostile-mail-images-blocked");

        browser.findElement(By.id("show-images")).click();
        await().atMost(TIMEOUT).until(() -> web.requests().containsAll(
            List.of("/remote-image.png", "/style-attribute-image.png", "/style-element-image.png")));
        assertThat(web.requests()).noneMatch(path -> path.startsWith("/beacon/"));
        assertThat(browser.executeScript("return typeof window.pwned")).isEqualTo("undefined");
    }

    @Test
    void aNewlyKeptMessageShouldAppearWithoutReloading() {
        signIn(ALICE);
        WebElement banner = browser.findElement(By.id("banner"));
        String keptBefore = banner.findElement(By.cssSelector(".kept")).getText();
        browser.executeScript("window.notReloaded = true");

        gateway.smtp().send("frank@example.com", ALICE, "Arrived while reading");

        chromium.await(TIMEOUT).until(driver -> listedSubjects().contains("Arrived while reading"));
        assertThat(listedSubjects().get(0)).isEqualTo("Arrived while reading");
        assertThat(browser.executeScript("return window.notReloaded")).isEqualTo(true);
        chromium.await(TIMEOUT).until(driver -> !banner.findElement(By.cssSelector(".kept")).getText().equals(keptBefore));
    }

    @Test
    void onAPhoneTheListAndTheMessageShouldTakeTheWholeWidthInTurn() {
        browser.manage().window().setSize(new Dimension(390, 844));
        signIn(ALICE);
        WebElement list = browser.findElement(By.id("list-pane"));
        assertThat(list.getSize().getWidth()).isGreaterThan(300);
        chromium.screenshot("phone-list");

        onListItem("Board meeting moved", WebElement::click);
        chromium.await(TIMEOUT).until(ExpectedConditions.textToBe(By.id("reader-subject"), "Board meeting moved"));
        assertThat(list.isDisplayed()).isFalse();
        chromium.screenshot("phone-reader");

        browser.findElement(By.cssSelector("#reader .back")).click();
        assertThat(list.isDisplayed()).isTrue();
    }

    @Test
    void theWebmailShouldAlsoWorkFromAnotherWebServerNamingTheJmapServerInConfigJs() {
        String jmapUrl = "http://127.0.0.1:" + gateway.jmapPort() + "/";
        try (ElsewhereHostedWebmail site = ElsewhereHostedWebmail.start(jmapUrl)) {
            browser.get(site.url());
            assertThat(browser.findElement(By.cssSelector("#login-form .server")).getText()).isEqualTo("Server: 127.0.0.1:" + gateway.jmapPort());
            signInWith(ALICE, TestOrganisation.PASSWORD);

            chromium.await(TIMEOUT).until(driver -> listedSubjects().contains("Board meeting moved"));
            onListItem("Board meeting moved", WebElement::click);
            chromium.await(TIMEOUT).until(ExpectedConditions.textToBe(By.id("reader-subject"), "Board meeting moved"));
            assertThat(browser.getCurrentUrl()).startsWith(site.url());
        }
    }

    private static String webmailUrl() {
        return "http://127.0.0.1:" + gateway.jmapPort() + "/webmail/";
    }

    /** Opens the webmail afresh (nothing is remembered across page loads) and signs in. */
    private static void signIn(String user) {
        browser.get(webmailUrl());
        signInWith(user, TestOrganisation.PASSWORD);
        chromium.await(TIMEOUT).until(ExpectedConditions.visibilityOfElementLocated(By.id("message-list")));
        chromium.await(TIMEOUT).until(driver -> !browser.findElements(By.cssSelector("#message-list li")).isEmpty());
    }

    private static void signInWith(String user, String password) {
        WebElement username = chromium.await(TIMEOUT).until(ExpectedConditions.visibilityOfElementLocated(By.id("login-username")));
        username.clear();
        username.sendKeys(user);
        WebElement passwordField = browser.findElement(By.id("login-password"));
        passwordField.clear();
        passwordField.sendKeys(password, Keys.ENTER);
    }

    private static List<String> listedSubjects() {
        return browser.findElements(By.cssSelector("#message-list button.message .subject")).stream()
            .map(WebElement::getText).map(String::strip).collect(Collectors.toList());
    }

    /** Acts on a message of the list, again if a live update redrew the list meanwhile. */
    private static void onListItem(String subject, Consumer<WebElement> action) {
        chromium.await(TIMEOUT).until(driver -> {
            action.accept(listItem(subject));
            return true;
        });
    }

    /** Moves the keyboard focus to a message of the list, as Tab and the arrow keys do, and presses a key. */
    private static void pressKeyOnListItem(String subject, Keys key) {
        onListItem(subject, item -> {
            browser.executeScript("arguments[0].focus()", item);
            browser.switchTo().activeElement().sendKeys(key);
        });
    }

    private static boolean listItemIsUnread(String subject) {
        return listItem(subject).findElement(By.xpath("..")).getAttribute("class").contains("unread");
    }

    private static WebElement listItem(String subject) {
        return chromium.await(TIMEOUT).until(ExpectedConditions.elementToBeClickable(
            By.xpath("//ol[@id='message-list']//button[.//span[@class='subject' and starts-with(normalize-space(.), '" + subject + "')]]")));
    }

    private static By button(String label) {
        return By.xpath("//button[normalize-space(.)='" + label + "']");
    }

    /** Clicks an element, again if a live update redrew it meanwhile. */
    private static void click(By locator) {
        chromium.await(TIMEOUT).until(driver -> {
            browser.findElement(locator).click();
            return true;
        });
    }

    /** Delivers a message while its recipient's server is down, and waits until their Emergency Inbox shows it. */
    private static void keep(String recipient, String content) {
        String subject = content.lines().filter(line -> line.startsWith("Subject: ")).findFirst().orElseThrow().substring(9);
        gateway.smtp().send("sender@example.com", List.of(recipient), List.of(), List.of(), content);
        await().atMost(TIMEOUT).until(() -> TestOrganisation.emergencySubjects(gateway, recipient).contains(subject));
    }

    private static String message(String from, String to, String subject, String messageId, String extraHeaders, String body) {
        return "From: " + from + "\r\nTo: " + to + "\r\nSubject: " + subject + "\r\nMessage-ID: " + messageId + "\r\n"
            + "Date: Thu, 3 Dec 2026 10:00:00 +0000\r\n" + extraHeaders + "MIME-Version: 1.0\r\n" + body;
    }

    private static String plainText(String text) {
        return "Content-Type: text/plain; charset=UTF-8\r\n\r\n" + text + "\r\n";
    }

    private static String multipartWithAttachment(String text, String fileName, String fileContent) {
        return "Content-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n"
            + "--b1\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n" + text + "\r\n"
            + "--b1\r\nContent-Type: text/plain; name=\"" + fileName + "\"\r\nContent-Disposition: attachment; filename=\"" + fileName + "\"\r\n"
            + "Content-Transfer-Encoding: base64\r\n\r\n"
            + Base64.getEncoder().encodeToString(fileContent.getBytes(StandardCharsets.UTF_8)) + "\r\n--b1--\r\n";
    }

    /** The content of the attached file of that name, decoded. */
    private static String attachment(ReceivedMail mail, String fileName) throws Exception {
        MimeMultipart parts = (MimeMultipart) new MimeMessage(Session.getInstance(new Properties()),
            new ByteArrayInputStream(mail.content())).getContent();
        for (int i = 0; i < parts.getCount(); i++) {
            // James names attachments with an RFC 2047 encoded word (name="=?US-ASCII?Q?contract.txt?="), as mail clients read them.
            String name = parts.getBodyPart(i).getFileName();
            if (name != null && fileName.equals(MimeUtility.decodeText(name))) {
                return new String(parts.getBodyPart(i).getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            }
        }
        throw new AssertionError("No attachment named " + fileName + " in " + mail);
    }

    /** The subjects in the user's Emergency mailbox, in the order of Email/query sorted by receivedAt, newest first. */
    private static List<String> newestFirstSubjects(String user) {
        JmapClient jmap = gateway.jmap(user, TestOrganisation.PASSWORD);
        String account = jmap.accountId();
        List<String> ids = jmap.emailIds(account, jmap.mailboxId(account, "Emergency").orElseThrow());
        Map<Object, Object> subjects = jmap.emails(account, ids, "id", "subject").stream()
            .collect(Collectors.toMap(email -> email.get("id"), email -> email.get("subject")));
        return ids.stream().map(id -> (String) subjects.get(id)).collect(Collectors.toList());
    }

    private static Map<String, Object> continuityStatus(String user) {
        String account = AccountIds.of(Username.of(user));
        return gateway.jmap(user, TestOrganisation.PASSWORD)
            .call("[\"urn:ietf:params:jmap:core\",\"urn:io.emergencyinbox:params:jmap:continuity\"]",
                "[[\"Continuity/get\",{\"accountId\":\"" + account + "\"},\"c\"]]")
            .getMap("methodResponses[0][1]");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> keywordsOf(String user, String subject) {
        return TestOrganisation.emergencyInbox(gateway, user, "subject", "keywords").stream()
            .filter(email -> subject.equals(email.get("subject")))
            .map(email -> (Map<String, Object>) email.get("keywords"))
            .findFirst().orElseThrow();
    }
}
