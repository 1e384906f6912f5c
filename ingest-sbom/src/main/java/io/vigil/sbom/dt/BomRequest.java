package io.vigil.sbom.dt;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.vigil.platform.http.HttpError;
import io.vigil.sbom.Uploads;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A Dependency-Track BOM upload ({@code BomSubmitRequest} as JSON for {@code PUT /api/v1/bom}, or
 * the multipart form of {@code POST /api/v1/bom}), read as Dependency-Track reads it, with the
 * variants real clients send: {@code autoCreate} and {@code isLatest} as booleans or as the strings
 * "true"/"false" (cdxgen), {@code isLatestProjectVersion} for {@code isLatest} (the Maven plugin),
 * {@code projectTags} as {@code [{"name": ...}]} (JSON) or comma-separated (form), {@code
 * parentUUID} or {@code parentName} + {@code parentVersion}, the BOM as a file part or a plain text
 * field (Jenkins), and a UTF-8 byte-order mark before the JSON. A malformed field is a 400 naming
 * it. Pure.
 *
 * @param project the project's UUID ({@code project}), or null
 * @param projectName the name, or null when only the UUID is given
 * @param bom the document as uploaded (base64-decoded for JSON)
 * @param bomContentType the file part's content type, or null
 */
public record BomRequest(
    String project,
    String projectName,
    String projectVersion,
    boolean autoCreate,
    List<String> projectTags,
    String parentUuid,
    String parentName,
    String parentVersion,
    boolean isLatest,
    byte[] bom,
    String bomContentType) {

  /** Reads the JSON body of {@code PUT /api/v1/bom}. */
  public static BomRequest fromJson(JsonFactory json, byte[] body) {
    Map<String, String> fields = new LinkedHashMap<>();
    List<String> tags = null;
    String bom = null;
    try (JsonParser p = json.createParser(body)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw HttpError.badRequest(
            "the body must be a JSON object (Dependency-Track BomSubmitRequest)");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken value = p.nextToken();
        if (field.equals("bom") && value == JsonToken.VALUE_STRING) {
          bom = p.getText();
        } else if (field.equals("projectTags") && value == JsonToken.START_ARRAY) {
          tags = jsonTags(p);
        } else if (value.isScalarValue() && value != JsonToken.VALUE_NULL) {
          fields.put(field, p.getValueAsString());
        } else if (value == JsonToken.VALUE_NULL) {
          continue;
        } else {
          throw HttpError.badRequest("'" + field + "' must be a string, number or boolean");
        }
      }
    } catch (JsonProcessingException e) {
      throw HttpError.badRequest("the body is not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw HttpError.badRequest("the body could not be read: " + e.getMessage());
    }
    if (bom == null || bom.isBlank()) {
      throw HttpError.badRequest("the field 'bom' (the BOM, base64-encoded) is required");
    }
    byte[] document;
    try {
      // line breaks (base64 wrapped at 76 columns) are allowed; anything else is not base64
      document = Base64.getDecoder().decode(bom.replaceAll("[\\r\\n\\t ]", ""));
    } catch (IllegalArgumentException e) {
      throw HttpError.badRequest("the field 'bom' is not valid base64: " + e.getMessage());
    }
    return of(fields, tags, document, null);
  }

  /** Reads the multipart form of {@code POST /api/v1/bom}. */
  public static BomRequest fromForm(Map<String, Multipart.Part> parts) {
    Multipart.Part bom = parts.get("bom");
    if (bom == null || bom.body().length == 0) {
      throw HttpError.badRequest("the form field 'bom' (the BOM file) is required");
    }
    Map<String, String> fields = new LinkedHashMap<>();
    parts.forEach(
        (name, part) -> {
          if (!name.equals("bom")) {
            fields.put(name, part.text().strip());
          }
        });
    List<String> tags = null;
    String rawTags = fields.remove("projectTags");
    if (rawTags != null && !rawTags.isBlank()) {
      tags = new ArrayList<>();
      for (String t : rawTags.split(",")) {
        if (!t.isBlank()) {
          tags.add(tag(t));
        }
      }
    }
    return of(fields, tags, bom.body(), bom.filename() == null ? null : bom.contentType());
  }

  private static BomRequest of(
      Map<String, String> f, List<String> tags, byte[] bom, String contentType) {
    String project = blankToNull(f.get("project"));
    if (project != null && ProjectUuids.parse(project) == null) {
      throw HttpError.badRequest("'project' must be a valid 36 character UUID");
    }
    String parentUuid = blankToNull(f.get("parentUUID"));
    if (parentUuid != null && ProjectUuids.parse(parentUuid) == null) {
      throw HttpError.badRequest("'parentUUID' must be a valid 36 character UUID");
    }
    String name = Uploads.name(f.get("projectName"), "projectName", project == null);
    String latest = f.containsKey("isLatest") ? f.get("isLatest") : f.get("isLatestProjectVersion");
    return new BomRequest(
        project == null ? null : project.toLowerCase(Locale.ROOT),
        name,
        Uploads.name(f.get("projectVersion"), "projectVersion", false),
        bool(f.get("autoCreate"), "autoCreate"),
        tags == null ? List.of() : List.copyOf(tags),
        parentUuid,
        Uploads.name(f.get("parentName"), "parentName", false),
        Uploads.name(f.get("parentVersion"), "parentVersion", false),
        bool(latest, "isLatest"),
        bom,
        contentType);
  }

  private static List<String> jsonTags(JsonParser p) throws IOException {
    List<String> tags = new ArrayList<>();
    JsonToken t;
    while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
      if (t == JsonToken.VALUE_STRING) {
        tags.add(tag(p.getText()));
      } else if (t == JsonToken.START_OBJECT) {
        String name = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String field = p.currentName();
          JsonToken v = p.nextToken();
          if (field.equals("name") && v == JsonToken.VALUE_STRING) {
            name = p.getText();
          } else {
            p.skipChildren();
          }
        }
        if (name == null) {
          throw HttpError.badRequest("every entry of 'projectTags' needs a 'name'");
        }
        tags.add(tag(name));
      } else {
        throw HttpError.badRequest("'projectTags' must be a list of {\"name\": ...}");
      }
    }
    return tags;
  }

  private static String tag(String t) {
    return Uploads.name(t, "projectTags", true).toLowerCase(Locale.ROOT);
  }

  /** A Dependency-Track boolean: absent is false; true/false in any case; else 400. */
  static boolean bool(String value, String field) {
    if (value == null || value.isBlank()) {
      return false;
    }
    return switch (value.strip().toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default ->
          throw HttpError.badRequest("'" + field + "' must be true or false, got '" + value + "'");
    };
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }
}
