package io.vigil.alerting.channel;

import io.vigil.alerting.engine.Alert;
import io.vigil.alerting.render.AlertText;
import io.vigil.alerting.render.AlertView;
import io.vigil.alerting.render.Notice;
import io.vigil.alerting.render.NoticeMessages;
import java.io.PrintStream;

/** Prints each alert's text, prefixed {@code [slack]}: the message Slack would get. */
public final class ConsoleChannel implements Channel {
  private final String name;
  private final PrintStream out;
  private final int maxListed;

  public ConsoleChannel(String name, PrintStream out, int maxListed) {
    this.name = name;
    this.out = out;
    this.maxListed = maxListed;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String type() {
    return "console";
  }

  @Override
  public Delivered deliver(Alert alert, AlertView view) {
    for (String line : AlertText.text(view, maxListed).split("\n")) {
      out.println("[slack] " + line);
    }
    return Delivered.of();
  }

  @Override
  public boolean takesNotices() {
    return true;
  }

  @Override
  public Delivered notify(Notice notice) {
    for (String line : NoticeMessages.text(notice).split("\n")) {
      out.println("[slack] " + line);
    }
    return Delivered.of();
  }
}
