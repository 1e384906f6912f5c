package io.vigil.platform.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.platform.config.ConfigException;
import io.vigil.platform.config.ConfigSource;
import io.vigil.platform.config.References;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RolesTest {

  @Test
  void shouldGiveAKeyThatIsNotListedWhatEveryKeyCouldDoBeforeRoles() {
    Roles roles = Roles.of(Map.of("oncall", List.of("read", "triage")));

    assertThat(roles.rolesOf("ci")).containsExactlyInAnyOrder(Role.READ, Role.UPLOAD);
    assertThat(roles.allows("ci", Role.TRIAGE)).isFalse();
    assertThat(Roles.none().rolesOf("anyone")).isEqualTo(Roles.DEFAULT);
  }

  @Test
  void shouldGiveAListedKeyExactlyItsRolesAndAdminEveryRole() {
    Roles roles =
        Roles.of(
            Map.of(
                "auditor", List.of("read"),
                "oncall", List.of("READ", "Triage"),
                "root", List.of("admin")));

    assertThat(roles.rolesOf("auditor")).containsExactly(Role.READ);
    assertThat(roles.allows("auditor", Role.UPLOAD)).isFalse();
    assertThat(roles.rolesOf("oncall")).containsExactlyInAnyOrder(Role.READ, Role.TRIAGE);
    assertThat(roles.rolesOf("root")).isEqualTo(EnumSet.allOf(Role.class));
  }

  @Test
  void shouldAllowEverythingWhenNoKeyIsConfigured() {
    assertThat(Roles.of(Map.of("oncall", List.of("read"))).rolesOf(null))
        .isEqualTo(EnumSet.allOf(Role.class));
  }

  @Test
  void shouldRefuseARoleThatDoesNotExistOrAKeyWithoutRoles() {
    assertThatThrownBy(() -> Roles.of(Map.of("oncall", List.of("read", "triager"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("http.roles.oncall")
        .hasMessageContaining("'triager' is not a role");
    assertThatThrownBy(() -> Roles.of(Map.of("oncall", List.of())))
        .hasMessageContaining("http.roles.oncall: list at least one role");
  }

  @Test
  void shouldNameTheKeyAndTheMissingRoleInTheRefusal() {
    Roles roles = Roles.of(Map.of("auditor", List.of("read")));

    assertThatThrownBy(() -> roles.require("auditor", Role.TRIAGE))
        .isInstanceOfSatisfying(
            HttpError.class,
            e -> {
              assertThat(e.status()).isEqualTo(403);
              assertThat(e.getMessage()).contains("'auditor'").contains("'triage'");
            });
  }

  @Test
  void shouldBindTheHttpSectionsRoles(@TempDir Path dir) throws Exception {
    Path cfg = dir.resolve("vigil.yaml");
    Files.writeString(
        cfg,
        """
        http:
          apiKeys: {oncall: oncall-key-0123456789, ci: ci-key-0123456789abc}
          roles:
            oncall: [read, triage]
        """);

    HttpSecurity security =
        HttpSecurity.fromConfig(ConfigSource.load(cfg, new References(Map.of())));

    assertThat(security.roles().rolesOf("oncall"))
        .containsExactlyInAnyOrder(Role.READ, Role.TRIAGE);
    assertThat(security.roles().rolesOf("ci")).isEqualTo(Roles.DEFAULT);
    assertThat(security.toString()).contains("roles=[oncall]").doesNotContain("oncall-key");
  }

  @Test
  void shouldReportAWrongRoleInTheConfigFileWithItsKey(@TempDir Path dir) throws Exception {
    Path cfg = dir.resolve("vigil.yaml");
    Files.writeString(cfg, "http:\n  roles:\n    oncall: [read, superuser]\n");

    assertThatThrownBy(
            () -> HttpSecurity.fromConfig(ConfigSource.load(cfg, new References(Map.of()))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("http.roles.oncall")
        .hasMessageContaining("superuser");
  }
}
