#!/bin/sh
# Adapts the drop-in's configuration snippets, copied over a stock James image's /root/conf, to that image.
# Usage: adapt-dropin-conf.sh CONF_DIR memory|distributed
#   both:        WebAdmin listens on 0.0.0.0 (the container's loopback is its own); James's JMAP
#                answers RFC 8621 by default (3.8.1 otherwise defaults to its old draft).
#   distributed: the mail repositories of mailetcontainer.xml live in Cassandra, as the distributed
#                server's own sample configuration has them.
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
        ;;
    *) echo "usage: $0 CONF_DIR memory|distributed" >&2; exit 2 ;;
esac
