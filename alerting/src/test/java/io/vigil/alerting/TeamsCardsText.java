package io.vigil.alerting;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** The text a Teams user reads in an Adaptive Card: one line per RichTextBlock / TextBlock. */
public final class TeamsCardsText {
  private TeamsCardsText() {}

  /** Each body element's text: a RichTextBlock's runs joined, a TextBlock's text. */
  public static List<String> lines(JsonNode cardContent) {
    List<String> out = new ArrayList<>();
    for (JsonNode b : cardContent.path("body")) {
      if (b.path("type").asText().equals("RichTextBlock")) {
        StringBuilder line = new StringBuilder();
        b.path("inlines").forEach(r -> line.append(r.path("text").asText()));
        out.add(line.toString());
      } else if (b.path("type").asText().equals("TextBlock")) {
        out.add(b.path("text").asText());
      }
    }
    return out;
  }
}
