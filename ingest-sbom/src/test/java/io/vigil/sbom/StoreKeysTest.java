package io.vigil.sbom;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StoreKeysTest {

  @Test
  void shouldLeaveEveryIdWithoutNulOrSohUnchangedSoExistingKeysReadTheSame() {
    assertThat(StoreKeys.inventoryPage("shop@1.0", 3)).isEqualTo("shop@1.0\u000000000003");
    assertThat(StoreKeys.chunk("token-1", 12)).isEqualTo("token-1\u0000000012");
  }

  @Test
  void shouldKeepKeysDistinctAndPrefixesExclusiveWhateverTheIdsContain() {
    List<String> ids =
        List.of("a", "a\u0000", "a\u00000", "a\u0001", "a\u00010", "a\u0001\u0000", "", "\u0000");
    Set<String> keys = new HashSet<>();
    for (String id : ids) {
      String key = StoreKeys.inventoryPage(id, 7);
      assertThat(keys.add(key)).as("key of %s", id.replace("\u0000", "NUL")).isTrue();
      for (String other : ids) {
        boolean sharesPrefix = key.startsWith(StoreKeys.inventoryPrefix(other));
        assertThat(sharesPrefix)
            .as("%s under the prefix of %s", id, other)
            .isEqualTo(id.equals(other));
      }
      assertThat(StoreKeys.pageNumber(StoreKeys.inventoryPrefix(id), key)).isEqualTo(7);
    }
  }
}
