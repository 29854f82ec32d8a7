package io.callcenter.crm.ui;

import io.callcenter.crm.ApplicationIT;
import io.callcenter.crm.calls.Call;
import io.callcenter.crm.calls.CallDirection;
import io.callcenter.crm.calls.CallFilter;
import io.callcenter.crm.calls.CallLog;
import io.callcenter.crm.contacts.Contacts;
import io.callcenter.crm.contacts.PhoneNumber;
import io.callcenter.pbxsim.PbxSimulator;
import org.springframework.beans.factory.annotation.Autowired;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ConsoleBrowserIT extends ApplicationIT {

    @LocalServerPort
    int port;

    @Autowired
    PbxSimulator pbx;

    @Autowired
    CallLog callLog;

    @Autowired
    io.callcenter.crm.tasks.Tasks tasks;

    @Autowired
    io.callcenter.crm.telephony.CallControl callControl;

    @Autowired
    Contacts contacts;

    @Autowired
    io.callcenter.crm.telephony.AfterCallWork afterCallWork;

    @Autowired
    io.callcenter.crm.telephony.AgentStatus agentStatus;

    @Autowired
    io.callcenter.crm.deals.Deals deals;

    @Autowired
    io.callcenter.crm.telephony.screenpop.ScreenPops screenPops;

    /**
     * Each test starts with alice's and bob's phones quiet and their desks caught up: a call an earlier test left
     * running (a last caller still ringing or talking when it finished) would otherwise end during this one and put
     * its wrap-up on the desk under test, as CI saw with the colleague's-call test.
     */
    @org.junit.jupiter.api.BeforeEach
    void phonesQuiet() {
        await().atMost(Duration.ofSeconds(90)).until(() -> !pbx.inCall("1001") && !pbx.inCall("1002"));
        await().atMost(Duration.ofSeconds(20)).until(() -> java.util.stream.Stream.of("alice", "bob").allMatch(agent -> screenPops
                .current(agent).map(c -> c.phase() == io.callcenter.crm.telephony.screenpop.LiveCall.Phase.WRAP_UP).orElse(true)));
    }

    @Test
    void agentCreatesAContactAndFindsItByAnotherFormOfItsNumber() throws Exception {
        try (Browser browser = new Browser(port)) {
            // given alice is signed in
            browser.login("alice", "demo");
            browser.waitForText("Alice Agent");
            browser.wait.until(d -> browser.gridText("contacts-grid").contains("Dana Whitfield"));
            browser.screenshot("contacts");
            assertThat(browser.driver.getPageSource()).doesNotContain("Administration");

            // when she creates a contact with a number written one way
            browser.byId("new-contact").click();
            browser.type("contact-name", "Grace Hopper");
            browser.type("contact-company", "Navy Labs");
            browser.type("contact-email", "grace@navy.example");
            browser.driver.findElement(By.cssSelector(".phone-input input")).sendKeys("(555) 010-7788");
            browser.screenshot("contact-form");
            browser.byId("save-contact").click();
            browser.waitForText("Saved Grace Hopper");

            // and searches with another way of writing it
            browser.type("contact-search", "+1 555 010 7788");
            browser.driver.findElement(By.cssSelector("#contact-search input")).sendKeys(Keys.ENTER);

            // then the grid shows only her, with the number in international form
            browser.wait.until(d -> browser.gridText("contacts-grid").contains("Grace Hopper")
                    && !browser.gridText("contacts-grid").contains("Dana Whitfield"));
            assertThat(browser.gridText("contacts-grid")).contains("Navy Labs").contains("(555) 010-7788");
            browser.screenshot("contacts-search");
        }
    }

    @Test
    void unparseableNumberIsFlaggedOnItsFieldAndNothingIsSaved() throws Exception {
        try (Browser browser = new Browser(port)) {
            browser.login("bob", "demo");
            browser.byId("new-contact").click();
            browser.type("contact-name", "Nobody Real");
            browser.driver.findElement(By.cssSelector(".phone-input input")).sendKeys("call me maybe");
            browser.byId("save-contact").click();

            browser.wait.until(d -> d.findElement(By.cssSelector(".phone-input")).getDomAttribute("invalid") != null);
            assertThat(browser.driver.findElement(By.cssSelector(".phone-input")).getDomProperty("errorMessage"))
                    .contains("not a phone number");
            browser.type("contact-search", "Nobody Real");
            browser.wait.until(d -> browser.gridText("contacts-grid").isEmpty()
                    || !browser.gridText("contacts-grid").contains("Nobody Real"));
            assertThat(browser.gridText("contacts-grid")).doesNotContain("Nobody Real");
        }
    }

    @Test
    void adminSeesAdministrationAndTheUsers() throws Exception {
        try (Browser browser = new Browser(port)) {
            browser.login("admin", "demo");
            browser.waitForText("Administration");
            browser.open("/admin/users");
            browser.wait.until(d -> browser.gridText("users-grid").contains("alice"));
            assertThat(browser.gridText("users-grid")).contains("1001").contains("SUPERVISOR");
            browser.screenshot("admin-users");
        }
    }

    @Test
    void agentCannotOpenTheAdministration() throws Exception {
        try (Browser browser = new Browser(port)) {
            browser.login("alice", "demo");
            browser.open("/admin/users");
            browser.waitForText("This page is not available to you");
            assertThat(browser.driver.findElements(By.id("users-grid"))).isEmpty();
        }
    }

    @Test
    void simulatedCallsShowInTheCallsViewAndOnTheContactCardAndTheAgentCallsBack() throws Exception {
        // given two calls played by the PBX
        pbx.play(() -> pbx.calls().queueAnswered("5550104242", "Linus Caller", "8005551000", "sales", "1001", 0.5, 1.5));
        pbx.play(() -> pbx.calls().queueAbandoned("5550104343", "Margaret Gone", "8005551001", "sales-ringall",
                java.util.List.of("1001", "1002"), 1));
        await().atMost(Duration.ofSeconds(20)).until(() -> ended("+15550104242") && ended("+15550104343"));

        try (Browser browser = new Browser(port)) {
            // the supervisor sees both in the calls view
            browser.login("sam", "demo");
            browser.open("/calls");
            browser.wait.until(d -> browser.gridText("calls-grid").contains("Linus Caller")
                    && browser.gridText("calls-grid").contains("Margaret Gone"));
            assertThat(browser.gridText("calls-grid")).contains("Answered").contains("Abandoned").contains("alice");
            browser.screenshot("calls");
        }
        try (Browser browser = new Browser(port)) {
            // the agent finds the caller, sees the call on the card, and calls back with one click
            browser.login("alice", "demo");
            browser.openContactCard("555 010 4242", "Linus Caller");
            browser.waitForText("Timeline");
            assertThat(browser.driver.findElement(By.cssSelector(".call-history")).getText()).contains("Answered").contains("alice");
            browser.screenshot("contact-card");
            int before = callLog.count(CallFilter.all().withAgent("alice"));
            browser.wrapUpLater();
            browser.driver.findElement(By.cssSelector(".contact-form .click-to-call")).click();
            browser.waitForText("Your phone rings");
            await().atMost(Duration.ofSeconds(20)).until(() -> callLog.search(CallFilter.all().withAgent("alice"), 0, 1).stream()
                    .anyMatch(c -> c.direction() == CallDirection.OUTBOUND && "+15550104242".equals(c.remoteNumber()) && c.endedAt() != null));
            assertThat(callLog.count(CallFilter.all().withAgent("alice"))).isGreaterThan(before);
        }
    }

    @Test
    void aClickToCallThatCannotGoOutTellsTheAgentWhyAndTheCallsViewKeepsIt() throws Exception {
        pbx.play(() -> pbx.calls().queueAnswered("5550104545", "Trunk Down Caller", "8005551000", "sales", "1002", 0.3, 0.5));
        await().atMost(Duration.ofSeconds(20)).until(() -> ended("+15550104545"));
        pbx.carrierReachable(false);
        try (Browser browser = new Browser(port)) {
            browser.login("bob", "demo");
            browser.openContactCard("555 010 4545", "Trunk Down Caller");
            browser.waitForText("Timeline");
            browser.wrapUpLater();
            browser.driver.findElement(By.cssSelector(".contact-form .click-to-call")).click();

            browser.wait.until(d -> !d.findElements(By.cssSelector("vaadin-notification-card.failed-call-notification")).isEmpty());
            assertThat(browser.driver.findElement(By.cssSelector("vaadin-notification-card.failed-call-notification")).getText())
                    .contains("(555) 010-4545").contains("failed").contains("the trunk is unavailable");
            browser.screenshot("failed-call");
            browser.open("/calls");
            browser.wait.until(d -> browser.gridText("calls-grid").contains("the trunk is unavailable"));
        } finally {
            pbx.carrierReachable(true);
        }
    }

    @Test
    void anAgentPlaysTheRecordingOfHerCallInTwoClicksAndSeeksIn() throws Exception {
        pbx.play(() -> pbx.calls().queueAnswered("5550104646", "Recorded For Alice", "8005551000", "sales", "1001", 0.3, 0.5));
        await().atMost(Duration.ofSeconds(40)).until(() -> callLog.search(CallFilter.all().withAgent("alice"), 0, 20).stream()
                .anyMatch(c -> "+15550104646".equals(c.remoteNumber()) && c.recordingId() != null));
        try (Browser browser = new Browser(port)) {
            browser.login("alice", "demo");
            browser.open("/calls");
            browser.wait.until(d -> browser.gridText("calls-grid").contains("Recorded For Alice"));
            browser.wrapUpLater();
            browser.driver.findElement(By.cssSelector("vaadin-grid-cell-content .play-recording")).click();

            // the browser streams it through the signed-in session, knows its length and can seek in it
            browser.wait.until(d -> Boolean.TRUE.equals(((org.openqa.selenium.JavascriptExecutor) d).executeScript(
                    "const a = document.querySelector('audio#recording-audio'); return !!a && a.readyState >= 1 && a.duration > 0;")));
            Object seeked = ((org.openqa.selenium.JavascriptExecutor) browser.driver).executeScript(
                    "const a = document.querySelector('audio#recording-audio'); a.currentTime = a.duration / 2; return a.seekable.length;");
            assertThat(((Number) seeked).intValue()).as("the audio can be sought (Range)").isPositive();
            browser.screenshot("recording-player");
        }
        try (Browser browser = new Browser(port)) {
            // and the administrator reads who listened
            browser.login("admin", "demo");
            browser.open("/admin/recording-access");
            browser.wait.until(d -> browser.gridText("recording-access-grid").contains("alice"));
            assertThat(browser.gridText("recording-access-grid")).contains("Listened").contains("Allowed");
        }
    }

    @Test
    void aSupervisorFindsARecordingByItsFiltersPlaysItAndSeeks() throws Exception {
        pbx.play(() -> pbx.calls().queueAnswered("5550104747", "Found By Sam", "8005551000", "sales", "1002", 0.3, 1.5));
        await().atMost(Duration.ofSeconds(40)).until(() -> callLog.search(CallFilter.all().withAgent("bob"), 0, 20).stream()
                .anyMatch(c -> "+15550104747".equals(c.remoteNumber()) && c.recordingId() != null));
        try (Browser browser = new Browser(port)) {
            browser.login("sam", "demo");
            browser.driver.findElement(By.cssSelector("vaadin-side-nav-item[path=recordings]")).click();
            browser.wait.until(d -> !browser.gridText("recordings-grid").isEmpty());

            // any form of the number finds it, with bob's other calls left out by the agent filter too
            browser.type("recordings-number", "(555) 010-4747");
            browser.wait.until(d -> browser.gridText("recordings-grid").contains("Found By Sam")
                    && browser.driver.findElements(By.cssSelector("#recordings-grid vaadin-grid-cell-content .play-recording")).stream()
                    .filter(org.openqa.selenium.WebElement::isDisplayed).count() == 1);
            assertThat(browser.driver.findElement(By.id("recordings-agent")).getRect().getWidth()).as("the filters render").isPositive();
            assertThat(browser.gridText("recordings-grid")).contains("bob").contains("sales").contains("(555) 010-4747");
            browser.screenshot("recordings");
            browser.driver.findElement(By.cssSelector("#recordings-grid vaadin-grid-cell-content .play-recording")).click();

            browser.wait.until(d -> Boolean.TRUE.equals(((org.openqa.selenium.JavascriptExecutor) d).executeScript(
                    "const a = document.querySelector('audio#recording-audio'); return !!a && a.readyState >= 1 && a.duration > 0;")));
            Object position = ((org.openqa.selenium.JavascriptExecutor) browser.driver).executeAsyncScript("""
                    const done = arguments[arguments.length - 1];
                    const a = document.querySelector('audio#recording-audio');
                    a.pause();
                    a.addEventListener('seeked', () => done(a.currentTime), {once: true});
                    a.currentTime = a.duration / 2;""");
            assertThat(((Number) position).doubleValue()).as("sought to the middle").isPositive();
        }
    }

    @Test
    void aManagerReadsTheKpiDashboardExplainedComparedAndDownloadable() throws Exception {
        pbx.play(() -> pbx.calls().queueAnswered("5550104848", "Counted Caller", "8005551000", "sales", "1001", 0.3, 0.5));
        await().atMost(Duration.ofSeconds(30)).until(() -> callLog.search(CallFilter.all().withNumber("5550104848"), 0, 5).stream()
                .anyMatch(c -> c.endedAt() != null));
        try (Browser browser = new Browser(port)) {
            browser.login("mia", "demo");
            browser.driver.findElement(By.cssSelector("vaadin-side-nav-item[path=kpis]")).click();
            browser.wait.until(d -> !d.findElements(By.cssSelector(".kpi-tile[kpi=offered] .kpi-value")).isEmpty()
                    && !d.findElement(By.cssSelector(".kpi-tile[kpi=offered] .kpi-value")).getText().equals("0"));
            var offered = browser.driver.findElement(By.cssSelector(".kpi-tile[kpi=offered]"));
            assertThat(offered.getDomAttribute("title")).as("the definition on hover").startsWith("Inbound calls that reached a queue");
            assertThat(offered.getText()).contains("previous:");
            // the chart library drew a bar per day of the last 7, with the service level line
            browser.wait.until(d -> "7".equals(d.findElement(By.cssSelector("#kpi-chart kpi-chart")).getDomAttribute("drawn")));
            var js = (org.openqa.selenium.JavascriptExecutor) browser.driver;
            assertThat(((Number) js.executeScript("return document.querySelector('kpi-chart')._chart.data.datasets.length")).intValue())
                    .as("answered, abandoned, missed and the service level").isEqualTo(4);
            browser.wait.until(d -> browser.gridText("kpi-table").contains("Alice Agent"));
            assertThat(browser.driver.findElement(By.id("kpi-download")).getDomAttribute("href")).isNotBlank();
            browser.screenshot("kpi-dashboard");

            // a click on today's answered bar opens today's answered calls
            var canvas = browser.driver.findElement(By.cssSelector("kpi-chart canvas"));
            @SuppressWarnings("unchecked")
            java.util.Map<String, Object> bar = (java.util.Map<String, Object>) js.executeScript(
                    "const chart = document.querySelector('kpi-chart')._chart;"
                    + "const el = chart.getDatasetMeta(0).data[6];"
                    + "const box = chart.canvas.getBoundingClientRect();"
                    + "return {x: el.x - box.width / 2, y: (el.y + el.base) / 2 - box.height / 2};");
            new org.openqa.selenium.interactions.Actions(browser.driver).moveToElement(canvas,
                    ((Number) bar.get("x")).intValue(), ((Number) bar.get("y")).intValue()).click().perform();
            browser.wait.until(d -> d.getCurrentUrl().contains("/calls") && d.getCurrentUrl().contains("status=ANSWERED")
                    && d.getCurrentUrl().contains("from=" + java.time.LocalDate.now()));
            browser.wait.until(d -> browser.gridText("calls-grid").contains("Counted Caller"));
            browser.open("/kpis");
            browser.wait.until(d -> browser.gridText("kpi-table").contains("Alice Agent"));

            // a row opens the calls behind it
            var aliceRow = browser.driver.findElements(By.cssSelector("#kpi-table vaadin-grid-cell-content")).stream()
                    .filter(c -> c.getText().equals("Alice Agent")).findFirst().orElseThrow();
            ((org.openqa.selenium.JavascriptExecutor) browser.driver).executeScript("arguments[0].scrollIntoView({block: 'center'})", aliceRow);
            aliceRow.click();
            browser.wait.until(d -> d.getCurrentUrl().contains("/calls") && d.getCurrentUrl().contains("agent=alice"));
            browser.wait.until(d -> browser.gridText("calls-grid").contains("Counted Caller"));
            assertThat(browser.gridText("calls-grid")).doesNotContain("bob");
        }
        try (Browser browser = new Browser(port)) {
            browser.login("alice", "demo");
            assertThat(browser.driver.findElements(By.cssSelector("vaadin-side-nav-item[path=kpis]"))).isEmpty();
            browser.open("/kpis");
            browser.waitForText("This page is not available to you");
            assertThat(browser.driver.findElements(By.id("kpi-tiles"))).isEmpty();
        }
    }

    @Test
    void aShiftOfBackToBackCallsLeavesEveryCallWrappedUpOrWaitingAndThePopCoversNothing() throws Exception {
        String[] callers = {"Shift Early", "Shift Middle", "Shift Late", "Shift Last"};
        try (Browser browser = new Browser(port); Browser second = new Browser(port)) {
            browser.login("alice", "demo");
            browser.wait.until(d -> !d.findElements(By.id("agent-desk")).isEmpty());
            second.login("alice", "demo");
            second.open("/tasks");

            // four calls back to back: each rings while the one before waits for its wrap-up
            pbx.play(() -> {
                for (int i = 0; i < 3; i++) {
                    pbx.calls().queueAnswered("55501091" + i + "0", callers[i], "8005551000", "sales", "1001", 0.3, 0.4);
                }
                pbx.calls().queueAnswered("5550109130", callers[3], "8005551000", "sales", "1001", 3, 0.4);
            });
            browser.wait.until(d -> "ringing".equals(d.findElement(By.id("screen-pop")).getDomAttribute("phase"))
                    && d.findElement(By.id("screen-pop")).getText().contains("Shift Last"));
            // the last one rings: the page's own buttons stay free (the desk is beside the page, not over it)
            browser.wait.until(d -> d.getTitle().contains("Shift Last"));
            browser.screenshot("desk-ringing-with-calls-to-wrap-up");
            browser.byId("new-contact").click();
            browser.wait.until(d -> !d.findElements(By.id("contact-name")).isEmpty());

            // every earlier call is on the list, none lost to the next ring
            browser.wait.until(d -> deskText(browser).contains("Shift Early") && deskText(browser).contains("Shift Middle")
                    && deskText(browser).contains("Shift Late"));
            browser.wait.until(d -> "wrap_up".equals(d.findElement(By.id("screen-pop")).getDomAttribute("phase")));
            browser.wait.until(d -> deskText(second).contains("Shift Late"));

            // a reload shows the same
            browser.driver.navigate().refresh();
            browser.wait.until(d -> deskText(browser).contains("Shift Early") && deskText(browser).contains("Shift Late"));

            // she wraps up the earliest from the list: gone from both tabs
            long early = callOf("+15550109100");
            browser.byId("wrap-up-open-" + early).click();
            browser.choose("wrap-up-disposition-" + early, "Sale");
            browser.byId("wrap-up-save-" + early).click();
            browser.wait.until(d -> !deskText(browser).contains("Shift Early"));
            second.wait.until(d -> !deskText(second).contains("Shift Early"));
            assertThat(callLog.find(early).orElseThrow().disposition()).isEqualTo("Sale");

            // one wants a call-back: the outcome asks when, and the call-back is in her tasks
            long middle = callOf("+15550109110");
            browser.byId("wrap-up-open-" + middle).click();
            browser.choose("wrap-up-disposition-" + middle, "call back");
            browser.wait.until(d -> d.findElement(By.id("wrap-up-callback-" + middle)).isDisplayed());
            browser.screenshot("desk-wrap-up-call-back");
            browser.byId("wrap-up-save-" + middle).click();
            browser.wait.until(d -> !deskText(browser).contains("Shift Middle"));
            assertThat(tasks.list(new io.callcenter.crm.tasks.TaskFilter("alice", null, io.callcenter.crm.tasks.Task.TaskStatus.OPEN), 0, 500))
                    .anySatisfy(t -> {
                        assertThat(t.callId()).isEqualTo(middle);
                        assertThat(t.dueAt()).isAfter(java.time.Instant.now());
                    });

            // in My calls the late one waits for its outcome; its row opens it, and she wraps it up there
            long late = callOf("+15550109120");
            browser.open("/calls");
            browser.wait.until(d -> browser.gridText("calls-grid").contains("Shift Late") && browser.gridText("calls-grid").contains("To wrap up"));
            browser.driver.findElements(By.cssSelector("#calls-grid vaadin-grid-cell-content")).stream()
                    .filter(c -> c.getText().equals("Shift Late")).findFirst().orElseThrow().click();
            browser.wait.until(d -> !d.findElements(By.id("wrap-up-disposition-detail")).isEmpty());
            browser.screenshot("call-detail");
            browser.choose("wrap-up-disposition-detail", "Sale");
            browser.byId("wrap-up-save-detail").click();
            await().atMost(Duration.ofSeconds(10)).until(() -> "Sale".equals(callLog.find(late).orElseThrow().disposition()));
            browser.wait.until(d -> browser.gridText("calls-grid").contains("Sale"));
            browser.wait.until(d -> !deskText(browser).contains("Shift Late"));
        }
    }

    /**
     * Ten calls back to back on two lines at once, so each rings while another talks or waits for its wrap-up:
     * every one ends wrapped up or shown waiting in the desk; after-call work pauses bob in the queues on the AMI
     * wire and the last wrap-up returns him.
     */
    @Test
    void tenOverlappingCallsEachEndWrappedUpOrWaitingAndAfterCallWorkPausesAndReturnsOnTheWire() throws Exception {
        String[] names = {"Ada Tenfold", "Ben Tenfold", "Cleo Tenfold", "Dov Tenfold", "Eve Tenfold", "Finn Tenfold",
                "Gus Tenfold", "Hal Tenfold", "Ida Tenfold", "Jon Tenfold"};
        afterCallWork.limit(Duration.ofMinutes(10));
        try (Browser browser = new Browser(port)) {
            browser.login("bob", "demo");
            browser.wait.until(d -> !d.findElements(By.id("agent-desk")).isEmpty());
            int actionsBefore = pbx.actionsReceived().size();
            for (int line = 0; line < 2; line++) {
                int first = line;
                pbx.play(() -> {
                    for (int i = first; i < names.length; i += 2) {
                        pbx.calls().queueAnswered("55501098" + i + "0", names[i], "8005551000", "sales", "1002", 0.5 + first, 1.5);
                    }
                });
            }
            // none is lost to the next ring: each ended one is listed or in the pop
            browser.wait.until(d -> deskText(browser).contains(names[0]));
            await().atMost(Duration.ofSeconds(90)).until(() -> java.util.stream.IntStream.range(0, names.length)
                    .allMatch(i -> ended("+155501098" + i + "0")));
            browser.wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class).until(d ->
                    java.util.stream.IntStream.range(0, names.length).allMatch(i ->
                            deskText(browser).contains(names[i]) || d.findElement(By.id("screen-pop")).getText().contains(names[i])));
            // bob wraps up the first from the list
            long first = callOf("+15550109800");
            browser.byId("wrap-up-open-" + first).click();
            browser.choose("wrap-up-disposition-" + first, "Sale");
            browser.byId("wrap-up-save-" + first).click();
            browser.wait.until(d -> !deskText(browser).contains(names[0]));
            assertThat(callLog.find(first).orElseThrow().disposition()).isEqualTo("Sale");
            assertThat(deskText(browser)).doesNotContain(names[0]);
            assertThat(pbx.actionsReceived().subList(actionsBefore, pbx.actionsReceived().size()))
                    .as("after-call work: bob paused in the queues").anySatisfy(a -> assertThat(a)
                            .containsEntry("action", "QueuePause").containsEntry("interface", "PJSIP/1002")
                            .containsEntry("paused", "true").containsEntry("reason", io.callcenter.crm.agents.AgentTime.AFTER_CALL_WORK));

            // the rest wrapped up: the list empties and bob is back in the queues
            java.util.List<Long> rest = java.util.stream.IntStream.range(1, names.length).mapToObj(i -> callOf("+155501098" + i + "0"))
                    .sorted(java.util.Comparator.comparing(id -> callLog.find(id).orElseThrow().endedAt())).toList();
            rest.forEach(id -> callLog.wrapUp(id, "Sale", null));
            browser.wait.until(d -> java.util.Arrays.stream(names).noneMatch(n -> deskText(browser).contains(n)));
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(pbx.isPaused("1002", "sales")).isFalse());
            assertThat(pbx.actionsReceived().subList(actionsBefore, pbx.actionsReceived().size()))
                    .anySatisfy(a -> assertThat(a).containsEntry("action", "QueuePause").containsEntry("interface", "PJSIP/1002")
                            .containsEntry("paused", "false"));
        } finally {
            afterCallWork.limit(Duration.ZERO);
            agentStatus.resume("bob");
        }
    }

    @Test
    void aCallThatEndsWhileAnotherRingsJoinsTheListAtOnce() throws Exception {
        try (Browser browser = new Browser(port)) {
            browser.login("bob", "demo");
            browser.wait.until(d -> !d.findElements(By.id("agent-desk")).isEmpty());
            // bob talks to the first caller; the second one rings him before the first hangs up
            pbx.play(() -> pbx.calls().queueAnswered("5550109200", "Overlap First", "8005551000", "sales", "1002", 0.2, 4));
            browser.wait.until(d -> "talking".equals(d.findElement(By.id("screen-pop")).getDomAttribute("phase")));
            pbx.play(() -> pbx.calls().queueAnswered("5550109210", "Overlap Second", "8005551000", "sales", "1002", 8, 0.3));
            browser.wait.until(d -> "ringing".equals(d.findElement(By.id("screen-pop")).getDomAttribute("phase"))
                    && d.findElement(By.id("screen-pop")).getText().contains("Overlap Second"));
            // the first ends while the second still rings: it is waiting for its wrap-up, listed
            browser.wait.until(d -> deskText(browser).contains("Overlap First"));
            assertThat(browser.driver.findElement(By.id("screen-pop")).getText()).contains("Overlap Second");
        }
    }

    @Test
    void anAgentHangsUpFromTheDeskAndTheCallEndsOnThePbx() throws Exception {
        try (Browser browser = new Browser(port)) {
            browser.login("bob", "demo");
            browser.wait.until(d -> !d.findElements(By.id("agent-desk")).isEmpty());
            pbx.play(() -> pbx.calls().queueAnswered("5550109300", "Long Talker", "8005551000", "sales", "1002", 0.2, 60));
            browser.wait.until(d -> "talking".equals(d.findElement(By.id("screen-pop")).getDomAttribute("phase"))
                    && d.findElement(By.id("screen-pop")).getText().contains("Long Talker"));

            long live = callOf("+15550109300");
            assertThat(callControl.hangUp("alice", live).message()).as("not hers").contains("only the agent on the call");
            assertThat(callControl.hangUp("bob", live + 1_000_000).ok()).as("no such call").isFalse();
            browser.byId("pop-hangup").click();

            browser.wait.until(d -> "wrap_up".equals(d.findElement(By.id("screen-pop")).getDomAttribute("phase")));
            assertThat(pbx.actionsReceived()).anySatisfy(a -> assertThat(a).containsEntry("action", "Hangup")
                    .hasEntrySatisfying("channel", ch -> assertThat(ch).as("bob's own phone, as its handset would").startsWith("PJSIP/1002-")));
            Call ended = callLog.find(callOf("+15550109300")).orElseThrow();
            assertThat(ended.endedAt()).isNotNull();
            assertThat(java.time.Duration.between(ended.answeredAt(), ended.endedAt())).as("cut short, not 60 s")
                    .isLessThan(Duration.ofSeconds(30));
        }
    }

    /**
     * The desk sits beside the page, never over it: while a call rings, every button, link and field of each page
     * the agent works in is the topmost element where it is drawn, and the page's own actions still work.
     */
    @Test
    void whileACallRingsNoActionOfAnyPageIsCoveredAndEachStillWorks() throws Exception {
        try (Browser browser = new Browser(port)) {
            browser.login("bob", "demo");
            browser.wait.until(d -> !d.findElements(By.id("agent-desk")).isEmpty());
            pbx.play(() -> pbx.calls().queueMissed("5550109600", "Ringing Meanwhile", "8005551000", "sales", "1002", 25, 25));
            browser.wait.until(d -> "ringing".equals(d.findElement(By.id("screen-pop")).getDomAttribute("phase")));
            for (String page : java.util.List.of("/", "/calls", "/tasks", "/deals")) {
                browser.open(page);
                browser.wait.until(d -> "ringing".equals(d.findElement(By.id("screen-pop")).getDomAttribute("phase")));
                browser.wait.until(d -> !coveredActions(browser).contains("(none yet)"));
                assertThat(coveredActions(browser)).as("actions of %s hidden under something", page).isEmpty();
            }
            // and they do what they say while the phone rings
            browser.open("/");
            browser.byId("new-contact").click();
            browser.wait.until(d -> "New contact".equals(d.findElement(By.cssSelector(".contact-form h3")).getText()));
            browser.type("contact-name", "Typed While Ringing");
            browser.open("/calls");
            browser.choose("filter-direction", "Inbound");
            assertThat(browser.driver.findElement(By.id("screen-pop")).getText()).as("still ringing beside it").contains("Ringing Meanwhile");
        }
        // the next test starts with bob's phone quiet
        await().atMost(Duration.ofSeconds(60)).until(() -> ended("+15550109600"));
    }

    /** Every visible action of the page (not of the desk) that something else is drawn over; "(none yet)" before any. */
    @SuppressWarnings("unchecked")
    private static java.util.List<String> coveredActions(Browser browser) {
        return (java.util.List<String>) ((org.openqa.selenium.JavascriptExecutor) browser.driver).executeScript("""
                const desk = document.getElementById('agent-desk');
                const covered = [];
                let seen = 0;
                for (const a of document.querySelectorAll('vaadin-button, a[href], vaadin-text-field, vaadin-select, vaadin-combo-box, vaadin-date-picker, vaadin-side-nav-item')) {
                  if (desk && desk.contains(a)) continue;
                  const r = a.getBoundingClientRect();
                  if (r.width < 2 || r.height < 2 || r.bottom <= 0 || r.right <= 0 || r.top >= innerHeight || r.left >= innerWidth) continue;
                  seen++;
                  const top = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
                  if (!top || !(top === a || a.contains(top) || top.contains(a))) {
                    covered.push((a.id || a.textContent.trim().slice(0, 30) || a.tagName) + ' under ' + (top ? top.id || top.className || top.tagName : 'nothing'));
                  }
                }
                return seen === 0 ? ['(none yet)'] : covered;
                """);
    }

    @Test
    void aColleaguesCallPopsWithTheirNameAndLeavesNoWrapUp() throws Exception {
        try (Browser browser = new Browser(port)) {
            browser.login("bob", "demo");
            browser.wait.until(d -> !d.findElements(By.id("agent-desk")).isEmpty());
            pbx.play(() -> pbx.calls().internalCall("1001", "1002", true, 1.5, 2));
            browser.wait.until(d -> "ringing".equals(d.findElement(By.id("screen-pop")).getDomAttribute("phase")));
            // the pop re-renders as the call moves on: read its name until it holds still
            browser.wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class).until(d -> {
                String name = d.findElement(By.id("pop-caller-name")).getText();
                return name.startsWith("Alice") && name.endsWith("(1001)");
            });
            // (the talk lasts two seconds: CallControlIT checks both desks while it does) and at its end no wrap-up
            await().atMost(Duration.ofSeconds(30)).until(() -> callLog.search(CallFilter.all().withAgent("alice"), 0, 1).stream()
                    .anyMatch(c -> c.direction().name().equals("INTERNAL") && c.endedAt() != null));
            try {
                browser.wait.until(d -> !d.findElement(By.id("screen-pop")).isDisplayed());
            } catch (org.openqa.selenium.TimeoutException e) {
                throw new AssertionError("bob's pop still shows (phase " + browser.byId("screen-pop").getDomAttribute("phase")
                        + ": " + browser.byId("screen-pop").getText().replace('\n', '|') + "); bob's live call: "
                        + screenPops.current("bob") + "; bob's last calls: " + callLog.search(CallFilter.all().withAgent("bob"), 0, 3), e);
            }
            assertThat(deskText(browser)).doesNotContain("Alice");
        }
    }

    @Test
    void anAgentHoldsPicksUpAndTransfersFromTheDeskWithTheActionsOnTheWire() throws Exception {
        try (Browser browser = new Browser(port)) {
            browser.login("bob", "demo");
            browser.wait.until(d -> !d.findElements(By.id("agent-desk")).isEmpty());
            pbx.play(() -> pbx.calls().queueAnswered("5550109500", "Held Caller", "8005551000", "sales", "1002", 0.2, 60));
            browser.wait.until(d -> "talking".equals(d.findElement(By.id("screen-pop")).getDomAttribute("phase"))
                    && d.findElement(By.id("screen-pop")).getText().contains("Held Caller"));

            // hold: the caller waits in a parking space, bob's phone is free; pick up rings it with the caller again
            browser.byId("pop-hold").click();
            browser.wait.until(d -> d.findElement(By.id("pop-held")).getText().contains("Caller on hold"));
            assertThat(pbx.actionsReceived()).anySatisfy(a -> assertThat(a).containsEntry("action", "Park")
                    .hasEntrySatisfying("timeoutchannel", ch -> assertThat(ch).startsWith("PJSIP/1002-")));
            browser.byId("pop-pickup").click();
            // the controls come back once the PBX says bob's phone took the caller out of the parking space
            browser.wait.until(d -> !d.findElements(By.id("pop-hangup")).isEmpty());
            assertThat(pbx.actionsReceived()).anySatisfy(a -> assertThat(a).containsEntry("action", "Originate")
                    .containsEntry("channel", "PJSIP/1002").containsEntry("context", "parkedcalls"));
            // and the call taken back ends from the desk
            long held = callOf("+15550109500");
            browser.byId("pop-hangup").click();
            await().atMost(Duration.ofSeconds(20)).until(() -> callLog.find(held).orElseThrow().endedAt() != null && !pbx.inCall("1002"));
            browser.wait.until(d -> "wrap_up".equals(d.findElement(By.id("screen-pop")).getDomAttribute("phase")));
            browser.wrapUpLater();

            // the next call
            pbx.play(() -> pbx.calls().queueAnswered("5550109510", "Transferred Caller", "8005551000", "sales", "1002", 0.2, 60));
            browser.wait.until(d -> "talking".equals(d.findElement(By.id("screen-pop")).getDomAttribute("phase"))
                    && d.findElement(By.id("screen-pop")).getText().contains("Transferred Caller"));
            // talk to a colleague first, then think better of it: alice's phone hangs up, bob talks with the caller again
            browser.byId("pop-transfer").click();
            browser.pick("transfer-to", "Ali", "Alice");
            browser.byId("transfer-consult").click();
            browser.wait.until(d -> d.findElement(By.id("pop-consulting")).getText().contains("Talking to Alice"));
            browser.byId("pop-cancel-transfer").click();
            browser.wait.until(d -> !d.findElements(By.id("pop-hangup")).isEmpty());
            assertThat(pbx.actionsReceived()).anySatisfy(a -> assertThat(a).containsEntry("action", "CancelAtxfer")
                    .hasEntrySatisfying("channel", ch -> assertThat(ch).startsWith("PJSIP/1002-")));
            await().atMost(Duration.ofSeconds(20)).until(() -> !pbx.inCall("1001"));
            assertThat(browser.byId("screen-pop").getText()).contains("Transferred Caller");

            // then a blind transfer to her: the call leaves bob's desk and is alice's
            browser.byId("pop-transfer").click();
            browser.byId("transfer-now").click();
            browser.wait.until(d -> d.findElement(By.id("transfer-to")).getDomAttribute("invalid") != null);
            browser.pick("transfer-to", "Ali", "Alice");
            browser.byId("transfer-now").click();
            browser.wait.until(d -> !d.findElement(By.id("screen-pop")).isDisplayed());
            assertThat(pbx.actionsReceived()).anySatisfy(a -> assertThat(a).containsEntry("action", "BlindTransfer")
                    .containsEntry("exten", "1001"));
            long transferred = callOf("+15550109510");
            await().atMost(Duration.ofSeconds(20)).until(() -> "alice".equals(callLog.find(transferred).orElseThrow().agent()));
            assertThat(callControl.hangUp("alice", transferred).ok()).isTrue();
        }
    }

    @Test
    void aContactCardHasItsOwnAddressToBookmarkOrSend() throws Exception {
        long id = ((io.callcenter.crm.contacts.ContactResult.Saved) contacts.create(new io.callcenter.crm.contacts.ContactDraft(
                "Bookmarked Person", "Linked Ltd", java.util.List.of("555 010 9400"), null, "Referral", null))).contact().id();
        try (Browser browser = new Browser(port)) {
            browser.login("alice", "demo");
            // a colleague's link opens the card at once
            browser.open("/contacts/" + id);
            browser.wait.until(d -> "Bookmarked Person".equals(d.findElement(By.cssSelector("#contact-name input")).getDomProperty("value")));
            // opening another card from the list changes the address to it
            browser.open("/");
            browser.openContactCard("555 010 9400", "Bookmarked Person");
            browser.wait.until(d -> d.getCurrentUrl().endsWith("/contacts/" + id));
            // an address of no contact says so
            browser.open("/contacts/99999999");
            browser.waitForText("There is no contact 99999999");
        }
    }

    private String deskText(Browser browser) {
        return browser.driver.findElements(By.id("wrap-up-list")).stream().findFirst().map(org.openqa.selenium.WebElement::getText)
                .orElse("");
    }

    private long callOf(String number) {
        return callLog.search(CallFilter.all().withNumber(number), 0, 5).stream().findFirst().orElseThrow().id();
    }

    @Test
    void callerPopsOnAlicesScreenBeforeSheAnswersAndHerWrapUpLandsOnTheCard() throws Exception {
        String number = "5550107070";
        contacts.create(new io.callcenter.crm.contacts.ContactDraft("Ada Pop", "Analytical Engines", java.util.List.of(number),
                null, "Referral", null));
        try (Browser browser = new Browser(port)) {
            browser.login("alice", "demo");
            browser.waitForText("Alice Agent");

            // when the PBX rings alice's phone
            pbx.play(() -> pbx.calls().queueAnswered(number, "ADA", "8005551000", "sales", "1001", 6, 8));

            // then her console shows who calls before she answers
            browser.wait.until(d -> "ringing".equals(d.findElement(By.id("screen-pop")).getDomAttribute("phase")));
            // the pop fades in: its text is visible once the animation has begun to show it
            browser.wait.until(d -> !d.findElement(By.id("pop-caller-name")).getText().isEmpty());
            assertThat(browser.driver.findElement(By.id("pop-caller-name")).getText()).isEqualTo("Ada Pop");
            assertThat(browser.driver.findElement(By.id("screen-pop")).getText()).contains("Analytical Engines")
                    .contains("queue sales").contains("Source: Referral");
            browser.screenshot("screen-pop-ringing");

            // she talks, with a running timer
            browser.wait.until(d -> "talking".equals(d.findElement(By.id("screen-pop")).getDomAttribute("phase")));
            browser.wait.until(d -> d.findElement(By.id("call-timer")).getText().matches("0:0[1-9]"));
            // while the caller reads a card number she pauses the recording, and resumes it
            browser.byId("pop-recording-toggle").click();
            browser.wait.until(d -> !d.findElements(By.id("pop-recording-paused")).isEmpty());
            browser.screenshot("screen-pop-talking");
            browser.byId("pop-recording-toggle").click();
            browser.wait.until(d -> d.findElements(By.id("pop-recording-paused")).isEmpty());
            // a reload during the call shows the live call again
            browser.driver.navigate().refresh();
            browser.wait.until(d -> !d.findElements(By.id("screen-pop")).isEmpty()
                    && "talking".equals(d.findElement(By.id("screen-pop")).getDomAttribute("phase")));
            assertThat(browser.driver.findElement(By.id("pop-caller-name")).getText()).isEqualTo("Ada Pop");

            // and wraps up when the call ends
            browser.wait.until(d -> "wrap_up".equals(d.findElement(By.id("screen-pop")).getDomAttribute("phase")));
            browser.driver.findElement(By.id("wrap-up-disposition")).click();
            browser.wait.until(d -> d.findElements(By.cssSelector("vaadin-select-item")).stream().anyMatch(i -> i.getText().equals("Sale")));
            browser.driver.findElements(By.cssSelector("vaadin-select-item")).stream().filter(i -> i.getText().equals("Sale"))
                    .findFirst().orElseThrow().click();
            browser.type("wrap-up-note", "Wants 3 engines by March");
            browser.screenshot("screen-pop-wrap-up");
            browser.byId("wrap-up-save").click();
            browser.wait.until(d -> !d.findElement(By.id("screen-pop")).isDisplayed());

            // the note is on the contact card
            browser.openContactCard(number, "Ada Pop");
            browser.wait.until(d -> d.findElement(By.cssSelector(".call-history")).getText().contains("Sale: Wants 3 engines by March"));
        }
    }

    private boolean ended(String e164) {
        return contacts.findByPhone(new PhoneNumber(e164)).stream().findFirst()
                .map(c -> callLog.search(new CallFilter(c.id(), null, null, null, null, null), 0, 5).stream().anyMatch(x -> x.endedAt() != null))
                .orElse(false);
    }

    @Test
    void agentSeesHerCallbacksAndTheDealsFunnel() throws Exception {
        String number = "5550108080";
        pbx.play(() -> pbx.calls().queueMissed(number, "Nora Nobody", "8005551000", "sales", "1001", 0.5, 1));
        await().atMost(Duration.ofSeconds(20)).until(() -> ended("+1" + number));
        long contact = contacts.findByPhone(new PhoneNumber("+1" + number)).get(0).id();
        deals.create(contact, "Support contract", new java.math.BigDecimal("4800"), "alice");

        try (Browser browser = new Browser(port)) {
            browser.login("alice", "demo");
            browser.open("/tasks");
            browser.wait.until(d -> browser.gridText("tasks-grid").contains("Nora Nobody"));
            assertThat(browser.gridText("tasks-grid")).contains("Call-back").contains("(555) 010-8080");
            browser.screenshot("my-tasks");
            browser.open("/deals");
            browser.wait.until(d -> d.findElements(By.cssSelector("#funnel .funnel-row")).size() == 5);
            assertThat(browser.driver.findElement(By.id("funnel")).getText()).contains("Lead").contains("4800");
            browser.screenshot("deals-funnel");
        }
    }

    @Test
    void anonymousVisitorIsSentToTheLoginPage() {
        try (Browser browser = new Browser(port)) {
            browser.open("/");
            browser.wait.until(d -> d.getCurrentUrl().endsWith("/login"));
            browser.wait.until(d -> !d.findElements(By.cssSelector("vaadin-login-form input[name=username]")).isEmpty());
            assertThat(browser.driver.findElements(By.id("logout"))).isEmpty();
        }
    }
}
