#!/bin/sh
# Makes the gateway's shipped configuration (conf/) listen on every interface, as it must in a
# container, whose loopback is its own: SMTP on 0.0.0.0:2525, JMAP and WebAdmin on 0.0.0.0.
# Usage: listen-on-all-interfaces.sh CONF_DIR
# Fails, naming the file, when a line it rewrites is no longer there (conf/ changed: update this script).
set -eu
conf="$1"

rewrite() { # file, line as shipped, line wanted
    grep -qxF "$2" "$1" || { echo "$1: no line '$2' to rewrite" >&2; exit 1; }
    sed -i "s|^$2\$|$3|" "$1"
}

rewrite "$conf/smtpserver.xml" '        <bind>127.0.0.1:2525</bind>' '        <bind>0.0.0.0:2525</bind>'
rewrite "$conf/jmap.properties" 'jmap.host=127.0.0.1' 'jmap.host=0.0.0.0'
rewrite "$conf/webadmin.properties" 'host=127.0.0.1' 'host=0.0.0.0'
