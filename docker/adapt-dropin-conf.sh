#!/bin/sh
# Adapts the drop-in's configuration snippets, copied over a stock James image's /root/conf, to that image.
# Usage: adapt-dropin-conf.sh CONF_DIR memory|distributed
#   both:        WebAdmin listens on 0.0.0.0 (the container's loopback is its own); James's JMAP
#                answers RFC 8621 by default (3.8.1 otherwise defaults to its old draft).
#   distributed: the mail repositories of mailetcontainer.xml live in Cassandra, as the distributed
#                server's own sample configuration has them; our continuity stores too, on James's own
#                Cassandra session (JamesSessionCassandraStoresModule, docs/cassandra.md), with our keyspace
#                settings in emergency-inbox-cassandra.properties. No SMTP flow control (QueueBackpressureHook):
#                counting the RabbitMQ queue browses Cassandra, too costly at every MAIL FROM.
# Fails, naming the file, when a line it rewrites is no longer there.
set -eu
conf="$1"
flavour="$2"

grep -qxF 'host=127.0.0.1' "$conf/webadmin.properties" || { echo "$conf/webadmin.properties: no line 'host=127.0.0.1'" >&2; exit 1; }
sed -i 's|^host=127\.0\.0\.1$|host=0.0.0.0|' "$conf/webadmin.properties"

if ! grep -q '^jmap\.version\.default=' "$conf/jmap.properties"; then
    printf '\n# Added for Emergency Inbox: standard JMAP (RFC 8621) by default.\njmap.version.default=rfc-8621\n' >> "$conf/jmap.properties"
fi

case "$flavour" in
    memory) ;;
    distributed)
        grep -q 'memory://var/mail/' "$conf/mailetcontainer.xml" || { echo "$conf/mailetcontainer.xml: no memory:// repository" >&2; exit 1; }
        sed -i 's|memory://var/mail/|cassandra://var/mail/|g' "$conf/mailetcontainer.xml"
        stores='io.emergencyinbox.guice.MemoryContinuityStoresModule'
        grep -q "$stores" "$conf/extensions.properties" || { echo "$conf/extensions.properties: no $stores" >&2; exit 1; }
        sed -i "s|$stores|io.emergencyinbox.guice.JamesSessionCassandraStoresModule|" "$conf/extensions.properties"
        hook='io.emergencyinbox.mailets.smtp.QueueBackpressureHook'
        grep -q "$hook" "$conf/smtpserver.xml" || { echo "$conf/smtpserver.xml: no $hook" >&2; exit 1; }
        sed -i "/<handler class=\"$hook\">/,/<\/handler>/d" "$conf/smtpserver.xml"
        if [ ! -e "$conf/emergency-inbox-cassandra.properties" ]; then
            printf '%s\n' '# Emergency Inbox keyspace on James'"'"'s Cassandra session (docs/cassandra.md).' \
                'cassandra.keyspace=emergency_inbox' 'cassandra.replication.factor=1' > "$conf/emergency-inbox-cassandra.properties"
        fi
        ;;
    *) echo "usage: $0 CONF_DIR memory|distributed" >&2; exit 2 ;;
esac
