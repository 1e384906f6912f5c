package io.vigil.alerting.engine;

import static io.vigil.alerting.Fixtures.log4shell;
import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.alerting.RouteConfig;
import io.vigil.events.v1.ExposureEvent;
import io.vigil.events.v1.ExposureType;
import java.util.List;
import org.junit.jupiter.api.Test;

class RoutingTest {
  private static RouteConfig route(
      List<String> projects,
      List<String> ecosystems,
      String minSeverity,
      Boolean kev,
      Double epss,
      List<String> types) {
    return new RouteConfig(List.of("c"), projects, ecosystems, minSeverity, kev, epss, types);
  }

  private static boolean matches(RouteConfig r, ExposureEvent e) {
    return Routing.matches(r, e);
  }

  @Test
  void shouldMatchProjectGlobsOnNameOrId() {
    RouteConfig r = route(List.of("payments-*", "shop?"), null, null, null, null, null);
    assertThat(matches(r, log4shell("payments-api").build())).isTrue();
    assertThat(matches(r, log4shell("shop1").build())).isTrue();
    assertThat(matches(r, log4shell("shop").build())).isFalse();
    assertThat(matches(r, log4shell("billing").build())).isFalse();
  }

  @Test
  void shouldMatchEcosystemsByOsvRulesAlsoWhenOnlyThePurlSaysIt() {
    RouteConfig maven = route(null, List.of("maven"), null, null, null, null);
    RouteConfig debian = route(null, List.of("Debian"), null, null, null, null);
    RouteConfig bookworm = route(null, List.of("Debian:12"), null, null, null, null);
    ExposureEvent jar = log4shell("shop").ecosystem(null).build();
    ExposureEvent npm =
        log4shell("shop").component("pkg:npm/lodash@4.17.20", "4.17.20").ecosystem(null).build();
    ExposureEvent deb12 =
        log4shell("shop")
            .component("pkg:deb/debian/openssl@3.0.11-1?distro=debian-12", "3.0.11-1")
            .ecosystem(null)
            .build();
    ExposureEvent deb11 =
        log4shell("shop")
            .component("pkg:deb/debian/openssl@1.1.1n-0?distro=debian-11", "1.1.1n-0")
            .ecosystem(null)
            .build();

    assertThat(matches(maven, jar)).isTrue();
    assertThat(matches(maven, npm)).isFalse();
    assertThat(matches(debian, deb12)).isTrue();
    assertThat(matches(bookworm, deb12)).isTrue();
    assertThat(matches(bookworm, deb11)).isFalse();
    assertThat(
            matches(
                maven,
                log4shell("shop").component("pkg:generic/thing@1", "1").ecosystem(null).build()))
        .isFalse();
  }

  @Test
  void shouldMatchADistroReleaseRouteWhateverSuffixTheComponentsEcosystemCarries() {
    RouteConfig jammy = route(null, List.of("Ubuntu:22.04"), null, null, null, null);
    RouteConfig alpine317 = route(null, List.of("Alpine:v3.17"), null, null, null, null);
    // ingest-sbom writes the OSV spelling of the purl's release (Ubuntu:22.04:LTS)
    ExposureEvent onJammy =
        log4shell("shop")
            .component("pkg:deb/ubuntu/openssl@3.0.2-0ubuntu1.10?distro=ubuntu-22.04", "x")
            .ecosystem("Ubuntu:22.04:LTS")
            .build();
    ExposureEvent onFocal =
        log4shell("shop")
            .component("pkg:deb/ubuntu/openssl@1.1.1f-1ubuntu2?distro=ubuntu-20.04", "x")
            .ecosystem("Ubuntu:20.04:LTS")
            .build();
    // trivy's bare Alpine VERSION_ID, read from the purl alone
    ExposureEvent on317 =
        log4shell("shop")
            .component("pkg:apk/alpine/musl@1.2.3-r4?distro=3.17.2", "1.2.3-r4")
            .ecosystem(null)
            .build();

    assertThat(matches(jammy, onJammy)).isTrue();
    assertThat(matches(jammy, onFocal)).isFalse();
    assertThat(matches(alpine317, on317)).isTrue();
    assertThat(matches(jammy, on317)).isFalse();
  }

  @Test
  void shouldFilterBySeverityKevEpssAndEventType() {
    assertThat(
            matches(
                route(null, null, "HIGH", null, null, null),
                log4shell("s").severity("MEDIUM", 5.0).build()))
        .isFalse();
    assertThat(
            matches(
                route(null, null, "HIGH", null, null, null),
                log4shell("s").severity("MODERATE", null).build()))
        .isFalse();
    assertThat(
            matches(
                route(null, null, "HIGH", null, null, null),
                log4shell("s").severity("HIGH", 7.5).build()))
        .isTrue();
    assertThat(
            matches(
                route(null, null, "CRITICAL", null, null, null),
                log4shell("s").severity(null, null).build()))
        .as("an unrated advisory is not silenced")
        .isTrue();
    assertThat(matches(route(null, null, null, true, null, null), log4shell("s").build()))
        .isFalse();
    assertThat(
            matches(
                route(null, null, null, true, null, null),
                log4shell("s").kev("2021-12-24").build()))
        .isTrue();
    assertThat(
            matches(
                route(null, null, null, null, 0.5, null), log4shell("s").epss(0.4, 0.9).build()))
        .isFalse();
    assertThat(
            matches(
                route(null, null, null, null, 0.5, null), log4shell("s").epss(0.6, 0.9).build()))
        .isTrue();
    assertThat(matches(route(null, null, null, null, 0.5, null), log4shell("s").build())).isFalse();
    RouteConfig newOnly = route(null, null, null, null, null, List.of("new"));
    assertThat(matches(newOnly, log4shell("s").build())).isTrue();
    assertThat(matches(newOnly, log4shell("s").type(ExposureType.RESOLVED).build())).isFalse();
  }

  @Test
  void shouldSendAnEventToEveryChannelOfEveryMatchingRoute() {
    Routing routing =
        new Routing(
            List.of(
                new RouteConfig(List.of("a", "b"), List.of("x*"), null, null, null, null, null),
                new RouteConfig(List.of("b", "c"), null, null, "CRITICAL", null, null, null)));
    assertThat(routing.channels(log4shell("xy").build())).containsExactly("a", "b", "c");
    assertThat(routing.channels(log4shell("zz").severity("LOW", 2.0).build())).isEmpty();
  }
}
