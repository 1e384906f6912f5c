package io.vigil.alerting.engine;

/**
 * The stable alert key of a (channel, vulnerability, project) group: one Jira issue, one line of a
 * Slack digest. Every alias of a vulnerability maps to the same key (the correlator's canonical
 * {@code vulnerabilityId}), so aliases never alert twice. Text form: {@code
 * channel|vulnerabilityId|projectId}, each part with {@code %} and {@code |} percent-encoded.
 */
public record GroupKey(String channel, String vulnerabilityId, String projectId) {

  public String alertKey() {
    return escape(channel) + "|" + escape(vulnerabilityId) + "|" + escape(projectId);
  }

  /** The key of a vulnerability-level record of a channel (e.g. a Slack thread). */
  public static String vulnerabilityKey(String channel, String vulnerabilityId) {
    return escape(channel) + "|" + escape(vulnerabilityId);
  }

  /** Parses {@link #alertKey()}; null when the text has not three parts. */
  public static GroupKey parse(String alertKey) {
    String[] p = alertKey.split("\\|", -1);
    if (p.length != 3) {
      return null;
    }
    return new GroupKey(unescape(p[0]), unescape(p[1]), unescape(p[2]));
  }

  /** The channel named by an alert key (its first part). */
  public static String channelOf(String alertKey) {
    int i = alertKey.indexOf('|');
    return unescape(i < 0 ? alertKey : alertKey.substring(0, i));
  }

  static String escape(String s) {
    return s.replace("%", "%25").replace("|", "%7C");
  }

  static String unescape(String s) {
    return s.replace("%7C", "|").replace("%25", "%");
  }

  @Override
  public String toString() {
    return alertKey();
  }
}
