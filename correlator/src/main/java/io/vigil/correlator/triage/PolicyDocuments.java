package io.vigil.correlator.triage;

import io.vigil.core.policy.Policy;
import io.vigil.core.policy.PolicyException;
import io.vigil.core.policy.PolicyFile;
import io.vigil.core.policy.PolicyRule;
import io.vigil.events.v1.PolicyDocument;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * The policies topic's documents as one {@link Policy}: the rules of the configured policy file
 * first, then every document's in document-name order, a document's rules known as {@code
 * <name>/<rule>}; core orders them by priority (stable). Compiled policies are cached by content,
 * so the tasks and processors of one JVM compile a set of documents once.
 */
public final class PolicyDocuments {
  private static final int CACHED = 16;
  private static final Map<String, Policy> CACHE =
      new LinkedHashMap<>(CACHED, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Policy> eldest) {
          return size() > CACHED;
        }
      };

  private PolicyDocuments() {}

  /**
   * Checks a document read from the topic: its name is its key and its rules compile.
   *
   * @throws IllegalArgumentException naming the document and each problem with its position
   */
  public static PolicyDocument validated(String key, PolicyDocument doc) {
    if (doc == null) {
      return null; // a tombstone deletes the document
    }
    if (!doc.getName().equals(key)) {
      throw new IllegalArgumentException(
          "policy document '" + doc.getName() + "' published under the key '" + key + "'");
    }
    try {
      Policy.compile(rules(doc));
      return doc;
    } catch (PolicyException e) {
      throw new IllegalArgumentException(
          "policy document '" + key + "' rejected: " + e.getMessage(), e);
    }
  }

  /** The rules of a document, named {@code <document>/<rule>}. */
  static List<PolicyRule> rules(PolicyDocument doc) throws PolicyException {
    List<PolicyRule> out = new ArrayList<>();
    for (PolicyRule r : PolicyFile.read(doc.getRules(), "policy document " + doc.getName())) {
      out.add(
          new PolicyRule(
              doc.getName() + "/" + r.name(),
              r.description(),
              r.priority(),
              r.condition(),
              r.analysis(),
              r.validFrom(),
              r.validUntil(),
              r.position()));
    }
    return out;
  }

  /**
   * The policy of the file's rules and the documents (name → document). A document that no longer
   * compiles (it was accepted by an earlier version) is left out, never the whole policy.
   */
  public static Policy policy(List<PolicyRule> fileRules, SortedMap<String, PolicyDocument> docs) {
    if (fileRules.isEmpty() && docs.isEmpty()) {
      return Policy.empty();
    }
    StringBuilder fingerprint = new StringBuilder();
    fileRules.forEach(r -> fingerprint.append(r).append('\u001F'));
    docs.values()
        .forEach(d -> fingerprint.append(d.getName()).append('\u001E').append(d.getRules()));
    String id = fingerprint.toString();
    synchronized (CACHE) {
      Policy cached = CACHE.get(id);
      if (cached != null) {
        return cached;
      }
    }
    List<PolicyRule> all = new ArrayList<>(fileRules);
    for (PolicyDocument d : docs.values()) {
      try {
        List<PolicyRule> rules = rules(d);
        Policy.compile(rules);
        all.addAll(rules);
      } catch (PolicyException e) {
        // validated before it was broadcast; skipped if a newer core rejects it
      }
    }
    Policy policy;
    try {
      policy = Policy.compile(all);
    } catch (PolicyException e) {
      throw new IllegalStateException("policies compiled one by one but not together", e);
    }
    synchronized (CACHE) {
      CACHE.put(id, policy);
    }
    return policy;
  }
}
