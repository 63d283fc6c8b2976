package io.emergencyinbox.core.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class XTextTest {

    @Test
    void printableCharactersShouldBeKeptAsTheyAre() {
        assertThat(XText.encode("QQ314159")).isEqualTo("QQ314159");
        assertThat(XText.encode("bob@example.com")).isEqualTo("bob@example.com");
        assertThat(XText.encode("!~<>\"()[];:,.")).isEqualTo("!~<>\"()[];:,.");
    }

    @Test
    void plusAndEqualsShouldBeEscaped() {
        assertThat(XText.encode("bob+tag@example.com")).isEqualTo("bob+2Btag@example.com");
        assertThat(XText.encode("a=b")).isEqualTo("a+3Db");
    }

    @Test
    void spacesAndControlCharactersShouldBeEscaped() {
        assertThat(XText.encode("a b")).isEqualTo("a+20b");
        assertThat(XText.encode("a\tb\r\n")).isEqualTo("a+09b+0D+0A");
        assertThat(XText.encode("\u007f")).isEqualTo("+7F");
    }

    @Test
    void nonAsciiCharactersShouldBeEscapedAsUtf8Bytes() {
        assertThat(XText.encode("é")).isEqualTo("+C3+A9");
        assertThat(XText.encode("José@exämple.com")).isEqualTo("Jos+C3+A9@ex+C3+A4mple.com");
    }

    @Test
    void escapesShouldUseUpperCaseHexDigits() {
        assertThat(XText.encode("\u00ff")).isEqualTo("+C3+BF");
        assertThat(XText.encode("\u001b")).isEqualTo("+1B");
    }

    @Test
    void decodeShouldReverseEscapes() {
        assertThat(XText.decode("bob+2Btag@example.com")).isEqualTo("bob+tag@example.com");
        assertThat(XText.decode("a+3Db+20c")).isEqualTo("a=b c");
        assertThat(XText.decode("Jos+C3+A9")).isEqualTo("José");
        assertThat(XText.decode("")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "QQ314159", "bob+tag@example.com", "a=b", "+", "=", "++==", "a b\tc\r\nd",
        "José Müller <jm@exämple.com>", "日本語", "emoji \uD83D\uDCE7", "100% +1"})
    void decodeShouldReadBackWhatEncodeWrote(String value) {
        String encoded = XText.encode(value);

        assertThat(encoded).matches("[!-~]*").doesNotContain("=").doesNotContain(" ");
        assertThat(XText.decode(encoded)).isEqualTo(value);
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc+", "abc+2", "+", "+Z0", "+0Z", "+GG", "a+-1b", "a++1b", "+ 1"})
    void malformedEscapesShouldBeRejected(String xtext) {
        assertThatThrownBy(() -> XText.decode(xtext))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining(xtext);
    }

    @ParameterizedTest
    @ValueSource(strings = {"QQ314159", "a+2Bb", "!~", "+3D+2B", "x"})
    void wellFormedXTextShouldHaveNoProblem(String xtext) {
        assertThat(XText.problemWith(xtext)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"QQ+ZZ1", "abc+", "abc+2", "a+2bb", "a=b", "a b", "caf\u00e9", "tab\there"})
    void malformedXTextShouldBeExplained(String xtext) {
        assertThat(XText.problemWith(xtext)).hasValueSatisfying(reason -> assertThat(reason).contains("position"));
    }
}
