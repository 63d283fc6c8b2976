package io.emergencyinbox.core.route;

import java.util.Objects;

import com.google.common.base.Preconditions;

/** Credentials for SMTP AUTH PLAIN towards a downstream server. The password is never printed. */
public final class SmtpCredentials {
    private final String username;
    private final String password;

    public SmtpCredentials(String username, String password) {
        Preconditions.checkArgument(username != null && !username.isEmpty(), "username must not be empty");
        Preconditions.checkArgument(password != null, "password must not be null");
        this.username = username;
        this.password = password;
    }

    public String username() {
        return username;
    }

    public String password() {
        return password;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof SmtpCredentials)) {
            return false;
        }
        SmtpCredentials that = (SmtpCredentials) o;
        return username.equals(that.username) && password.equals(that.password);
    }

    @Override
    public int hashCode() {
        return Objects.hash(username, password);
    }

    @Override
    public String toString() {
        return "SmtpCredentials{username=" + username + ", password=***}";
    }
}
