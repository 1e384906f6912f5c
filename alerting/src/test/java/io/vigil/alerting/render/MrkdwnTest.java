package io.vigil.alerting.render;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MrkdwnTest {

  @Test
  void shouldPercentEncodePipeAndGreaterThanAndEscapeAmpersandAndLessThanInALinkUrl() {
    assertThat(Mrkdwn.link("https://x.example/a b?q=1&r=2|3>4<5", "label"))
        .isEqualTo("<https://x.example/a%20b?q=1&amp;r=2%7C3%3E4&lt;5|label>");
  }

  @Test
  void shouldEscapeSlacksControlCharactersAndFormattingInALinkLabel() {
    assertThat(Mrkdwn.link("https://x.example/", "a<b>&*c*"))
        .isEqualTo("<https://x.example/|a&lt;b&gt;&amp;∗c∗>");
  }

  @Test
  void shouldReplaceFormattingCharactersThatCouldFormatWithLookAlikes() {
    assertThat(Mrkdwn.text("*bold* _italic_ ~strike~ `code`"))
        .isEqualTo("∗bold∗ ˍitalicˍ ∼strike∼ ˋcodeˋ");
  }

  @Test
  void shouldKeepUnderscoresAndTildesBetweenLettersOrDigitsBecauseTheyCannotFormat() {
    assertThat(Mrkdwn.text("typing_extensions 1.0~rc1")).isEqualTo("typing_extensions 1.0~rc1");
    assertThat(Mrkdwn.text("_private_ lib_")).isEqualTo("ˍprivateˍ libˍ");
  }

  @Test
  void shouldKeepEverythingButTheBacktickInsideACodeSpan() {
    assertThat(Mrkdwn.code("pkg:pypi/*a_b~c*@1.0`x<y>&z"))
        .isEqualTo("`pkg:pypi/*a_b~c*@1.0ˋx&lt;y&gt;&amp;z`");
  }

  @Test
  void shouldBoldTextShownAsWritten() {
    assertThat(Mrkdwn.bold("team*a")).isEqualTo("*team∗a*");
  }
}
