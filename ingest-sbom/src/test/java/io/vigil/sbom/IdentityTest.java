package io.vigil.sbom;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.core.sbom.SbomComponent;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A component's inventory identity never stands for two different components. */
class IdentityTest {

  @Test
  void shouldKeepTheIdentitiesStoredBeforeForTheUsualComponents() {
    assertThat(ComponentEvents.identity(c("pkg:npm/a@1", null, null, "a", "1")))
        .isEqualTo("pkg:npm/a@1");
    assertThat(ComponentEvents.identity(c(null, "cpe:2.3:a:x:y:1", null, "y", "1")))
        .isEqualTo("cpe:cpe:2.3:a:x:y:1");
    assertThat(ComponentEvents.identity(c(null, null, "org.x", "lib", "1.0")))
        .isEqualTo("name:org.x/lib@1.0");
    assertThat(ComponentEvents.identity(c(null, null, null, "lib", null)))
        .isEqualTo("name:/lib@null");
  }

  @Test
  void shouldGiveDifferentComponentsDifferentIdentitiesWhateverTheirFieldsContain() {
    List<SbomComponent> components =
        List.of(
            c("name:/x@1", null, null, "y", "1"), // a lenient purl that looks like an identity
            c(null, null, null, "x", "1"),
            c("cpe:a", null, null, "z", "1"),
            c(null, "a", null, "z", "1"),
            c(null, null, "a/b", "c", "1"),
            c(null, null, "a", "b/c", "1"),
            c(null, null, null, "a@b", "c"),
            c(null, null, null, "a", "b@c"),
            c(null, null, null, "n", null),
            c(null, null, null, "n", "null"),
            c(null, null, null, null, "1"),
            c(null, null, null, "null", "1"));
    Set<String> identities = new HashSet<>();
    for (SbomComponent component : components) {
      assertThat(identities.add(ComponentEvents.identity(component)))
          .as("identity of %s", component)
          .isTrue();
    }
  }

  private static SbomComponent c(String purl, String cpe, String group, String name, String v) {
    return new SbomComponent(
        null, purl, "library", group, name, v, cpe, null, null, List.of(), List.of());
  }
}
