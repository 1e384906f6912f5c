package io.vigil.core.fix;

/**
 * One way to make a build use a version of a package it only gets transitively: a snippet for a
 * manifest, or a command.
 *
 * @param tool the build tool ({@code maven}, {@code gradle}, {@code npm}, {@code yarn}, {@code
 *     pip}, {@code go}, {@code cargo}, {@code composer}, {@code nuget}, {@code bundler})
 * @param file the file the snippet goes into ({@code pom.xml}, {@code package.json}, ...), or null
 *     for a command to run in the project
 * @param text the snippet or the command
 * @param reference where the tool documents this syntax
 */
public record ForcedUpgrade(String tool, String file, String text, String reference) {

  /** True when {@link #text} is a command rather than a snippet for {@link #file}. */
  public boolean isCommand() {
    return file == null;
  }
}
