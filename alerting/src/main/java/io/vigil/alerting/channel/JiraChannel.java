package io.vigil.alerting.channel;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.alerting.ChannelConfig;
import io.vigil.alerting.engine.Alert;
import io.vigil.alerting.engine.AlertUnit;
import io.vigil.alerting.engine.Change;
import io.vigil.alerting.render.AlertView;
import io.vigil.alerting.render.AlertView.Group;
import io.vigil.alerting.render.JiraContent;
import io.vigil.alerting.render.RichText;
import io.vigil.core.ssvc.SsvcOutcome;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Jira issue per (project, vulnerability). Every operation starts by finding the issue with JQL
 * on its stable label ({@link JiraContent#stableLabel}), so a restart, a retry after a timeout or a
 * replay from the start of the topic never creates a second issue; comments carry a marker (the
 * alert's delivery id) and are not added twice; a transition is skipped when the issue is already
 * done.
 *
 * <ul>
 *   <li>opened: create (project, issue type, summary, description, labels, priority from severity
 *       or KEV, components, assignee); if the issue exists and is done, reopen it (when {@code
 *       reopenTransition} is set) and comment;
 *   <li>more components: comment; escalated: comment and raise the priority;
 *   <li>resolved: comment and take {@code resolveTransition}.
 * </ul>
 */
public final class JiraChannel implements Channel {
  private static final Logger log = LoggerFactory.getLogger(JiraChannel.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String name;
  private final ChannelConfig cfg;
  private final JiraClient jira;

  public JiraChannel(String name, ChannelConfig cfg, JiraClient jira) {
    this.name = name;
    this.cfg = cfg;
    this.jira = jira;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String type() {
    return "jira";
  }

  @Override
  public Delivered deliver(Alert alert, AlertView view)
      throws DeliveryException, InterruptedException {
    if (view.groups().isEmpty()) {
      return Delivered.of();
    }
    Group g = view.groups().get(0);
    AlertUnit unit = alert.telling().get(0);
    String label = JiraContent.stableLabel(g.vulnerability().id(), g.projectId());
    Optional<JiraClient.Issue> found = jira.findFirst(JiraContent.jql(cfg.project(), label));
    String key;
    switch (g.change()) {
      case RESOLVED -> {
        if (found.isEmpty()) {
          return Delivered.of(); // nothing was ever opened (or it was deleted): nothing to resolve
        }
        key = found.get().key();
        if (!found.get().done()) {
          commentOnce(key, g, Change.RESOLVED, false, alert.deliveryId());
          jira.transition(key, cfg.effectiveResolveTransition());
        }
      }
      case OPENED -> {
        if (found.isEmpty()) {
          key = jira.create(fields(g, label, view.console().jira(alert, g)));
        } else {
          key = found.get().key();
          if (found.get().done()) {
            if (cfg.reopenTransition() != null) {
              jira.transition(key, cfg.reopenTransition());
            }
            commentOnce(key, g, Change.OPENED, true, alert.deliveryId());
          }
          // open already: the issue is what it should be (a restart or a replay)
        }
      }
      default -> { // MORE_COMPONENTS, ESCALATED
        if (found.isEmpty()) {
          key = jira.create(fields(g, label, view.console().jira(alert, g)));
        } else {
          key = found.get().key();
          commentOnce(key, g, g.change(), false, alert.deliveryId());
          if (g.change() == Change.ESCALATED) {
            raisePriority(key, g);
          }
        }
      }
    }
    return new Delivered(Map.of(unit.key(), key), key, List.of());
  }

  private void commentOnce(String key, Group g, Change change, boolean reopened, String marker)
      throws DeliveryException, InterruptedException {
    if (jira.hasComment(key, JiraContent.markerText(marker))) {
      return;
    }
    jira.comment(key, JiraContent.comment(g, change, reopened, marker));
  }

  private void raisePriority(String key, Group g) throws InterruptedException {
    String p =
        cfg.priorityFor(g.vulnerability().severity(), g.vulnerability().kev() != null, ssvc(g));
    if (p == null) {
      return;
    }
    try {
      jira.setPriority(key, p);
    } catch (DeliveryException e) {
      // the comment is in; a priority the edit screen does not allow must not repeat it
      log.warn("{}: could not set the priority of {} to {}: {}", name, key, p, e.getMessage());
    }
  }

  private static SsvcOutcome ssvc(Group g) {
    return g.ssvc() == null ? null : SsvcOutcome.valueOf(g.ssvc().getOutcome().name());
  }

  /** The {@code fields} of a new issue. */
  ObjectNode fields(Group g, String label) {
    return fields(g, label, null);
  }

  /** ... whose description ends with a paragraph of console links (none when null). */
  ObjectNode fields(Group g, String label, List<RichText.Run> consoleLinks) {
    ObjectNode f = JSON.createObjectNode();
    f.putObject("project").put("key", cfg.project());
    f.putObject("issuetype").put("name", cfg.effectiveIssueType());
    f.put("summary", JiraContent.summary(g));
    var description = JiraContent.description(g, label);
    if (consoleLinks != null) {
      description.paragraph(consoleLinks);
    }
    if (jira.cloud()) {
      f.set("description", description.toAdf());
    } else {
      f.put("description", description.toWiki());
    }
    ArrayNode labels = f.putArray("labels");
    JiraContent.labels(g, cfg.labels()).forEach(labels::add);
    String priority =
        cfg.priorityFor(g.vulnerability().severity(), g.vulnerability().kev() != null, ssvc(g));
    if (priority != null) {
      f.putObject("priority").put("name", priority);
    }
    if (!cfg.components().isEmpty()) {
      ArrayNode cs = f.putArray("components");
      cfg.components().forEach(c -> cs.addObject().put("name", c));
    }
    if (cfg.assignee() != null) {
      f.putObject("assignee").put(jira.cloud() ? "accountId" : "name", cfg.assignee());
    }
    return f;
  }
}
