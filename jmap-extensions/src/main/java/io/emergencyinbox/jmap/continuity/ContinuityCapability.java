package io.emergencyinbox.jmap.continuity;

import org.apache.james.jmap.core.Capability;
import org.apache.james.jmap.core.CapabilityFactory;
import org.apache.james.jmap.core.CapabilityProperties;
import org.apache.james.jmap.core.UrlPrefixes;

import io.emergencyinbox.jmap.ContinuityCapabilities;
import play.api.libs.json.JsObject;
import play.api.libs.json.Json;

/** Announces {@code urn:io.emergencyinbox:params:jmap:continuity} in the JMAP session, with the Emergency mailbox's name. */
public class ContinuityCapability implements Capability {

    public static class Factory implements CapabilityFactory {
        private final String mailboxName;

        public Factory(String mailboxName) {
            this.mailboxName = mailboxName;
        }

        @Override
        public String id() {
            return ContinuityCapabilities.CONTINUITY;
        }

        @Override
        public Capability create(UrlPrefixes urlPrefixes) {
            return new ContinuityCapability(mailboxName);
        }
    }

    private final String mailboxName;

    public ContinuityCapability(String mailboxName) {
        this.mailboxName = mailboxName;
    }

    @Override
    public String identifier() {
        return ContinuityCapabilities.CONTINUITY;
    }

    @Override
    public CapabilityProperties properties() {
        return () -> (JsObject) Json.parse("{\"version\":1,\"emergencyMailboxName\":" + Json.stringify(new play.api.libs.json.JsString(mailboxName)) + "}");
    }
}
