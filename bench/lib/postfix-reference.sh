#!/usr/bin/env bash
# Reference figures for the Emergency Inbox benchmark: a private Postfix instance acts as a
# backup MX whose relay is down. It accepts N messages over SMTP, defers them all, then the
# relay comes up (smtp-sink) and `postqueue -f` drains the queue.
#
# Usage: postfix-reference.sh [--messages N] [--size BYTES] [--sessions S] [--poll SECONDS] [--phase-timeout SECONDS] [--workdir DIR] [--keep]
#
# Progress goes to stderr; stdout carries only the POSTFIX_*=value result lines.
# Needs root (Postfix's master starts as root) and the Debian postfix package.
set -euo pipefail

MESSAGES=5000
SIZE=5120
SESSIONS=20
WORKDIR=""
KEEP=0
PHASE_TIMEOUT=300   # seconds; a wait that takes longer means the run is broken, not slow
POLL=0.1            # seconds between queue scans: the resolution of the deferred/drain times. Each scan
                    # walks the queue directories: with 100,000 messages use ~1 s, or the scans compete
                    # with Postfix for the CPU.

log() { printf '[postfix-reference] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
usage() { sed -n 's/^# \(Usage: .*\)/\1/p' "$0" >&2; exit 2; }

while (($#)); do
    case $1 in
        --messages) MESSAGES=${2:?}; shift 2 ;;
        --size)     SIZE=${2:?}; shift 2 ;;
        --sessions) SESSIONS=${2:?}; shift 2 ;;
        --poll)     POLL=${2:?}; shift 2 ;;
        --phase-timeout) PHASE_TIMEOUT=${2:?}; shift 2 ;;
        --workdir)  WORKDIR=${2:?}; shift 2 ;;
        --keep)     KEEP=1; shift ;;
        -h|--help)  usage ;;
        *)          log "unknown argument: $1"; usage ;;
    esac
done
for n in "$MESSAGES" "$SIZE" "$SESSIONS" "$PHASE_TIMEOUT"; do
    [[ $n =~ ^[1-9][0-9]*$ ]] || die "not a positive integer: $n"
done
((EUID == 0)) || die "must run as root: the Postfix master process starts as root"
for cmd in postfix postconf postqueue smtp-source smtp-sink script ss python3; do
    command -v "$cmd" >/dev/null || die "missing command: $cmd"
done

# The workdir is removed at the end, so only ever use an empty or new directory.
if [[ -n $WORKDIR ]]; then
    mkdir -p "$WORKDIR"
    [[ -z $(ls -A "$WORKDIR") ]] || die "--workdir must be empty or new: $WORKDIR"
    WORKDIR=$(cd "$WORKDIR" && pwd)
else
    WORKDIR=$(mktemp -d /tmp/postfix-reference.XXXXXX)
fi
# Postfix daemons run as user postfix and must be able to reach the queue below it.
chmod 755 "$WORKDIR"
CONF=$WORKDIR/conf
QUEUE=$WORKDIR/queue
SINK_PID=""
SINK_OUT=$WORKDIR/sink.out

postfix_running() { [[ -f $CONF/main.cf ]] && postfix -c "$CONF" status >/dev/null 2>&1; }

cleanup() {
    local rc=$?
    if [[ -n $SINK_PID ]] && kill -0 "$SINK_PID" 2>/dev/null; then
        kill "$SINK_PID"; wait "$SINK_PID" 2>/dev/null || true
    fi
    if postfix_running; then
        postfix -c "$CONF" stop >/dev/null 2>&1 || log "postfix -c $CONF stop failed"
    fi
    if ((rc != 0)) && [[ -f $WORKDIR/maillog ]]; then
        log "last lines of $WORKDIR/maillog:"; tail -n 15 "$WORKDIR/maillog" >&2
    fi
    if ((KEEP)); then log "kept $WORKDIR"; else rm -rf "$WORKDIR"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM   # make an interrupt run the EXIT trap too

now() { date +%s.%N; }
seconds() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }
rate() { awk -v n="$1" -v s="$2" 'BEGIN { printf "%.1f", n / s }'; }

# Prints "<files in dir1> <files in dir2> ..." for the given queue subdirectories, in a single
# pass. Queue files only move by rename, and find reads directories in the order given, so a
# message moving from an earlier-listed to a later-listed directory during the scan may be
# counted twice but is never missed. Callers list directories in the direction mail flows.
queue_counts() {
    find "${@/#/$QUEUE/}" -type f 2>/dev/null | awk -F/ -v q="$QUEUE" -v dirs="$*" '
        BEGIN { n = split(dirs, d, " "); depth = split(q, x, "/") + 1 }
        { c[$depth]++ }
        END { s = ""; for (i = 1; i <= n; i++) s = s (i > 1 ? " " : "") (c[d[i]] + 0); print s }'
}

# Two distinct loopback ports that are free right now, held together so they differ.
read -r SMTP_PORT RELAY_PORT < <(python3 -c '
import socket
socks = [socket.socket() for _ in range(2)]
for s in socks: s.bind(("127.0.0.1", 0))
print(*(s.getsockname()[1] for s in socks))')
[[ -z $(ss -ltnH "sport = :$RELAY_PORT") ]] || die "relay port $RELAY_PORT is in use"

log "workdir $WORKDIR ($(findmnt -no FSTYPE -T "$WORKDIR")), smtpd 127.0.0.1:$SMTP_PORT, relay [127.0.0.1]:$RELAY_PORT (down)"
log "$MESSAGES messages x $SIZE bytes over $SESSIONS sessions"

# --- 1. A private instance: own config, queue, data directory, log file and ports. ---------
mkdir -p "$CONF" "$QUEUE" "$WORKDIR/data"
chown postfix: "$WORKDIR/data"
# Only what differs from Postfix's built-in defaults (postconf -d): paths, ports, names, the
# relay route and the Debian compatibility level. Queue, fsync and concurrency stay default.
cat >"$CONF/main.cf" <<EOF
compatibility_level = 3.6
queue_directory = $QUEUE
data_directory = $WORKDIR/data
maillog_file = $WORKDIR/maillog
maillog_file_prefixes = $WORKDIR
syslog_name = postfix-reference
myhostname = postfix-reference.localdomain
inet_interfaces = loopback-only
inet_protocols = ipv4
mydestination =
mynetworks = 127.0.0.0/8
relay_domains = bench.test
# The relay is addressed by IP in brackets: no MX or A lookup, the name service is never asked.
transport_maps = inline:{bench.test=relay:[127.0.0.1]:$RELAY_PORT}
smtp_host_lookup = native
# Nothing is delivered locally; the default (/etc/aliases, NIS) would only log errors here.
alias_maps =
smtpd_recipient_restrictions = permit_mynetworks, reject_unauth_destination
EOF
# Postfix's stock master.cf services minus those this route never uses (local, virtual, pipe,
# lmtp, tlsmgr, verify, proxywrite, discard); smtpd needs proxymap for its default
# local_recipient_maps even though no domain is local. No chroot (the upstream default;
# Debian turns it on), so the instance needs no copies of /etc files in its queue directory.
cat >"$CONF/master.cf" <<EOF
# service type  private unpriv  chroot  wakeup  maxproc command
127.0.0.1:$SMTP_PORT inet n - n - - smtpd
pickup    unix  n       -       n       60      1       pickup
cleanup   unix  n       -       n       -       0       cleanup
qmgr      unix  n       -       n       300     1       qmgr
rewrite   unix  -       -       n       -       -       trivial-rewrite
bounce    unix  -       -       n       -       0       bounce
defer     unix  -       -       n       -       0       bounce
trace     unix  -       -       n       -       0       bounce
flush     unix  n       -       n       1000?   0       flush
smtp      unix  -       -       n       -       -       smtp
relay     unix  -       -       n       -       -       smtp
showq     unix  n       -       n       -       -       showq
proxymap  unix  -       -       n       -       -       proxymap
error     unix  -       -       n       -       -       error
retry     unix  -       -       n       -       -       error
anvil     unix  -       -       n       -       1       anvil
scache    unix  -       -       n       -       1       scache
postlog   unix-dgram n  -       n       -       1       postlogd
EOF
# The postfix command prints errors only to a terminal, hence script(1).
postfix_cmd() {
    script -qec "postfix -c '$CONF' $1" /dev/null >"$WORKDIR/postfix-$1.out" 2>&1 </dev/null ||
        { cat "$WORKDIR/postfix-$1.out" >&2; die "postfix -c $CONF $1 failed"; }
}
# check creates the queue subdirectories with Postfix's owners and modes (user postfix,
# group postdrop for maildrop/ and public/) and validates both files.
postfix_cmd check
postfix_cmd start
[[ -n $(ss -ltnH "sport = :$SMTP_PORT") ]] || die "Postfix does not listen on $SMTP_PORT"

wait_until() {   # wait_until DESCRIPTION COMMAND...: poll until COMMAND succeeds
    local what=$1 deadline=$((SECONDS + PHASE_TIMEOUT)); shift
    until "$@"; do
        ((SECONDS < deadline)) || die "timed out after ${PHASE_TIMEOUT}s waiting for $what"
        sleep "$POLL"
    done
}

# --- 2. Ingest. ----------------------------------------------------------------------------
t_ingest=$(now)
timeout "$PHASE_TIMEOUT" smtp-source -s "$SESSIONS" -m "$MESSAGES" -l "$SIZE" \
    -f sender@example.com -t user@bench.test "127.0.0.1:$SMTP_PORT" ||
    die "smtp-source failed or timed out"
t_accepted=$(now)
accept_s=$(seconds "$t_ingest" "$t_accepted")
log "accepted in ${accept_s}s"

# --- 3. Every message deferred (connection refused by the down relay). ---------------------
all_deferred() {
    local incoming active deferred
    read -r incoming active deferred < <(queue_counts incoming active deferred)
    # Nothing left in flight but messages missing: they were rejected or lost, waiting won't help.
    ((incoming + active > 0 || deferred == MESSAGES)) ||
        die "queue settled with $deferred of $MESSAGES messages deferred"
    ((incoming + active == 0 && deferred == MESSAGES))
}
wait_until "all messages deferred" all_deferred
deferred_s=$(seconds "$t_ingest" "$(now)")
log "all $MESSAGES deferred ${deferred_s}s after ingest began"

# --- 4. The relay comes up; flush and time until the queue is empty. -----------------------
# smtp-sink refuses to keep root privileges; -c prints running "sess= quit= mesg=" counters.
smtp-sink -u nobody -c "127.0.0.1:$RELAY_PORT" 256 >"$SINK_OUT" 2>&1 &
SINK_PID=$!
sink_listening() {
    kill -0 "$SINK_PID" 2>/dev/null || die "smtp-sink exited: $(cat "$SINK_OUT")"
    [[ -n $(ss -ltnH "sport = :$RELAY_PORT") ]]
}
wait_until "smtp-sink to listen" sink_listening

t_flush=$(now)
postqueue -c "$CONF" -f || die "postqueue -f failed"
# Mail now flows out of deferred (into active, or incoming first), so scan deferred first.
queue_empty() { [[ $(queue_counts deferred incoming active) == "0 0 0" ]]; }
wait_until "the queue to drain" queue_empty
drain_s=$(seconds "$t_flush" "$(now)")
log "drained in ${drain_s}s"

# Every delivery has been acknowledged by the sink before Postfix removed its queue file.
kill "$SINK_PID"; wait "$SINK_PID" 2>/dev/null || true
SINK_PID=""
delivered=$(tr '\r' '\n' <"$SINK_OUT" | sed -n 's/.*mesg=\([0-9]*\).*/\1/p' | tail -n 1)
delivered=${delivered:-0}

echo "POSTFIX_ACCEPT_SECONDS=$accept_s"
echo "POSTFIX_ACCEPT_RATE=$(rate "$MESSAGES" "$accept_s")"
echo "POSTFIX_DEFERRED_SECONDS=$deferred_s"
echo "POSTFIX_DRAIN_SECONDS=$drain_s"
echo "POSTFIX_DRAIN_RATE=$(rate "$MESSAGES" "$drain_s")"
echo "POSTFIX_DELIVERED=$delivered"
((delivered == MESSAGES)) || die "smtp-sink received $delivered of $MESSAGES messages"
