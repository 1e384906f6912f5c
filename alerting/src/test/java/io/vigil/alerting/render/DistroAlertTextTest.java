package io.vigil.alerting.render;

import static io.vigil.alerting.Fixtures.log4shell;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.alerting.ChannelConfig;
import io.vigil.alerting.TestAlerts;
import io.vigil.events.v1.Component;
import io.vigil.events.v1.ExposureEvent;
import io.vigil.platform.config.Secret;
import org.junit.jupiter.api.Test;

/** An alert about a distro package names the release and, for a binary, its source package. */
class DistroAlertTextTest {
  private static final String LIBSSL =
      "pkg:deb/debian/libssl1.1@1.1.0l-1~deb9u5?arch=amd64&upstream=openssl&distro=debian-9";

  private static ExposureEvent libssl(String project) {
    ExposureEvent e =
        log4shell(project)
            .component(LIBSSL, "1.1.0l-1~deb9u5")
            .advisory("DLA-3008-1", "CVE-2022-1292", "CVE-2022-1292")
            .severity("HIGH", 7.3)
            .fix("1.1.0l-1~deb9u6")
            .build();
    return ExposureEvent.newBuilder(e)
        .setDistroRelease("Debian:9")
        .setComponent(
            Component.newBuilder(e.getComponent())
                .setEcosystem("Debian:9")
                .setPackageKey("Debian/openssl")
                .setSourcePackage("openssl")
                .build())
        .build();
  }

  @Test
  void shouldNameTheReleaseAndTheSourcePackageInTextSlackJiraAndWebhookPayloads() {
    ChannelConfig slack = ChannelConfig.slackWebhook(Secret.of("https://hooks.example/x"));
    AlertView view = AlertView.of(new TestAlerts("slack", slack).one(libssl("pg-image")));

    assertThat(AlertText.text(view, 50))
        .contains(LIBSSL + " (Debian:9, source package openssl); upgrade to 1.1.0l-1~deb9u6");
    JsonNode msg = SlackMessages.message(view, 50);
    assertThat(msg.toString()).contains("*Distro:* Debian:9, source package openssl");
    assertThat(JiraContent.components(view.groups().get(0).components(), true).get(0))
        .contains(RichText.Run.plain(" (Debian:9, source package openssl)"));
    assertThat(
            WebhookPayloads.payload(view, 50, java.time.Instant.EPOCH)
                .findValues("distro")
                .get(0)
                .asText())
        .isEqualTo("Debian:9, source package openssl");
  }

  @Test
  void shouldListTheReleaseBesideEachComponentWhenAProjectShipsSeveralBinariesOfTheSource() {
    ChannelConfig slack = ChannelConfig.slackWebhook(Secret.of("https://hooks.example/x"));
    ExposureEvent lib = libssl("pg-image");
    ExposureEvent tool =
        ExposureEvent.newBuilder(lib)
            .setExposureId("pg-image|openssl|DLA-3008-1")
            .setEventId("e-openssl")
            .setComponent(
                Component.newBuilder(lib.getComponent())
                    .setPurl("pkg:deb/debian/openssl@1.1.0l-1~deb9u5?arch=amd64&distro=debian-9")
                    .setName("openssl")
                    .setSourcePackage(null)
                    .build())
            .build();
    AlertView view = AlertView.of(new TestAlerts("slack", slack).one(lib, tool));

    assertThat(AlertText.text(view, 50))
        .contains(LIBSSL + " (Debian:9, source package openssl) → upgrade to 1.1.0l-1~deb9u6")
        .contains(
            "pkg:deb/debian/openssl@1.1.0l-1~deb9u5?arch=amd64&distro=debian-9 (Debian:9) → upgrade"
                + " to 1.1.0l-1~deb9u6");
  }
}
