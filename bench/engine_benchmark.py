#!/usr/bin/env python3
"""Engine benchmark (issue 3): the gateway against Postfix as a backup MX, same machine, same run.

  bench/engine_benchmark.py [--messages 5000] [--size 5120] [--sessions 20] [--heap-messages 10000]

1. Starts the packaged gateway (app/target/emergency-inbox.jar) in its own JVM on a copy of conf/
   with free ports and spool.fsync=true, an organisation whose downstream port has nothing listening,
   and one user; waits until the route is DOWN.
2. Ingest: smtp-source (Postfix) sends N messages of SIZE bytes over S parallel sessions to that user;
   reports accepted msg/s, and the seconds until all are spooled and counted in the user's Emergency
   mailbox over JMAP.
3. Drain: starts smtp-sink on the downstream port and times the spool emptying, from the moment the
   route is seen UP.
4. Heap: used heap after a full GC, before and after spooling HEAP_MESSAGES to a recipient without a
   gateway account (spool metadata only), and per message for the run above (which includes James's
   in-memory Emergency mailbox copies).
5. Runs bench/lib/postfix-reference.sh with the same N, SIZE and S and prints ratios to Postfix.
Results are printed as a table and written to bench/results/engine-<timestamp>.md.
"""
import argparse
import base64
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
JAR = ROOT / "app" / "target" / "emergency-inbox.jar"
PASSWORD = "benchPassword1"


def progress(message):
    print(f"[{datetime.now().strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def http(method, url, body=None, auth=None):
    data = json.dumps(body).encode() if isinstance(body, (dict, list)) else body
    request = urllib.request.Request(url, data=data, method=method)
    request.add_header("Content-Type", "application/json")
    if auth:
        request.add_header("Authorization", "Basic " + base64.b64encode(auth.encode()).decode())
    with urllib.request.urlopen(request, timeout=30) as response:
        text = response.read().decode()
        return json.loads(text) if text else None


class Gateway:
    def __init__(self, workdir, extra_continuity, cassandra_properties=None):
        self.workdir = Path(workdir)
        self.smtp, self.jmap, self.webadmin = free_port(), free_port(), free_port()
        conf = self.workdir / "conf"
        shutil.copytree(ROOT / "conf", conf)
        self._rewrite(conf / "smtpserver.xml", "<bind>127.0.0.1:2525</bind>", f"<bind>127.0.0.1:{self.smtp}</bind>")
        self._rewrite(conf / "webadmin.properties", "port=8000", f"port={self.webadmin}")
        self._rewrite(conf / "jmap.properties", "jmap.port=1080", f"jmap.port={self.jmap}")
        lines = [l for l in (conf / "continuity.properties").read_text().splitlines()
                 if l.split("=")[0].strip() not in extra_continuity]
        lines += [f"{k}={v}" for k, v in extra_continuity.items()]
        (conf / "continuity.properties").write_text("\n".join(lines) + "\n")
        if cassandra_properties:
            (conf / "cassandra.properties").write_text(cassandra_properties)
        self.log = open(self.workdir / "gateway.log", "w")
        self.process = subprocess.Popen(
            ["java", "-Xms1g", "-Xmx3g", "-jar", str(JAR), "--conf", str(conf), "--var", str(self.workdir / "var")],
            cwd=self.workdir, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.time() + 120
        while "Emergency Inbox started" not in (self.workdir / "gateway.log").read_text():
            if self.process.poll() is not None or time.time() > deadline:
                raise SystemExit("gateway did not start:\n" + (self.workdir / "gateway.log").read_text()[-3000:])
            time.sleep(0.2)

    @staticmethod
    def _rewrite(path, old, new):
        text = path.read_text()
        assert old in text, f"{path} lacks {old}"
        path.write_text(text.replace(old, new))

    def admin(self, method, path, body=None):
        return http(method, f"http://127.0.0.1:{self.webadmin}{path}", body)

    def status(self, organisation):
        return self.admin("GET", f"/continuity/organisations/{organisation}/status")

    def wait_state(self, organisation, state, timeout=60):
        deadline = time.time() + timeout
        while self.status(organisation)["state"] != state:
            if time.time() > deadline:
                raise SystemExit(f"route {organisation} not {state} after {timeout}s")
            time.sleep(0.05)
        return time.time()

    def emergency_total(self, user):
        url = f"http://127.0.0.1:{self.jmap}/jmap"
        auth = f"{user}:{PASSWORD}"
        session = http("GET", f"http://127.0.0.1:{self.jmap}/jmap/session", auth=auth)
        account = session["primaryAccounts"]["urn:ietf:params:jmap:mail"]
        response = http("POST", url, {"using": ["urn:ietf:params:jmap:core", "urn:ietf:params:jmap:mail"],
                                      "methodCalls": [["Mailbox/get", {"accountId": account, "ids": None,
                                                                       "properties": ["name", "totalEmails"]}, "m"]]},
                        auth=auth)
        for mailbox in response["methodResponses"][0][1]["list"]:
            if mailbox["name"] == "Emergency":
                return mailbox["totalEmails"]
        return 0

    def heap_used_bytes(self):
        subprocess.run(["jcmd", str(self.process.pid), "GC.run"], check=True, capture_output=True)
        time.sleep(1)
        subprocess.run(["jcmd", str(self.process.pid), "GC.run"], check=True, capture_output=True)
        info = subprocess.run(["jcmd", str(self.process.pid), "GC.heap_info"], check=True, capture_output=True, text=True).stdout
        match = re.search(r"total \d+K, used (\d+)K", info)
        return int(match.group(1)) * 1024

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(60)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()


def smtp_source(port, messages, size, sessions, recipient):
    start = time.time()
    subprocess.run(["smtp-source", "-s", str(sessions), "-m", str(messages), "-l", str(size),
                    "-f", "sender@example.com", "-t", recipient, f"127.0.0.1:{port}"], check=True)
    return time.time() - start


def wait_until(predicate, timeout, poll=0.1):
    deadline = time.time() + timeout
    while not predicate():
        if time.time() > deadline:
            raise SystemExit("timed out")
        time.sleep(poll)
    return time.time()


def measure_gateway(args, cassandra_properties=None):
    """Steps 1-4 of the module docstring on one fresh gateway; its continuity stores in Cassandra when
    cassandra_properties (the text of a conf/cassandra.properties) is given. Returns the figures."""

    workdir = tempfile.mkdtemp(prefix="emergency-bench-")
    downstream_port = free_port()
    gateway = Gateway(workdir, {"probe.interval": "1s", "health.failuresBeforeDown": "2", "health.successesBeforeUp": "1",
                                "spool.fsync": "true", "scheduler.interval": "200ms"}, cassandra_properties)
    results = {}
    sink = None
    try:
        gateway.admin("PUT", "/domains/bench.test")
        gateway.admin("POST", "/continuity/organisations", {"id": "bench", "displayName": "Bench", "domains": ["bench.test"]})
        gateway.admin("PUT", "/continuity/organisations/bench/route",
                      {"targets": [{"host": "127.0.0.1", "port": downstream_port}], "connectTimeout": "2s"})
        gateway.admin("PUT", "/users/user@bench.test", {"password": PASSWORD})
        gateway.wait_state("bench", "DOWN")

        # Heap per spooled message, spool only (recipient without an account: no mailbox copy).
        heap_before = gateway.heap_used_bytes()
        smtp_source(gateway.smtp, args.heap_messages, args.size, args.sessions, "noaccount@bench.test")
        wait_until(lambda: gateway.status("bench")["spooled"] >= args.heap_messages, 600, 0.5)
        heap_after = gateway.heap_used_bytes()
        results["heap_per_spooled_message_bytes"] = (heap_after - heap_before) / args.heap_messages
        results["heap_spool_messages"] = args.heap_messages
        progress(f"heap per spooled message (no account): {results['heap_per_spooled_message_bytes']:.0f} bytes")
        already = gateway.status("bench")["spooled"]

        # Ingest while DOWN: accept rate, then time until everything is spooled and visible over JMAP.
        heap_before_visible = gateway.heap_used_bytes()
        start = time.time()
        accept_seconds = smtp_source(gateway.smtp, args.messages, args.size, args.sessions, "user@bench.test")
        spooled_at = wait_until(lambda: gateway.status("bench")["spooled"] >= already + args.messages, 900, 0.2)
        visible_at = wait_until(lambda: gateway.emergency_total("user@bench.test") >= args.messages, 900, 0.2)
        results["accept_seconds"] = accept_seconds
        results["accept_rate"] = args.messages / accept_seconds
        results["spooled_seconds"] = spooled_at - start
        results["visible_seconds"] = visible_at - start
        results["heap_per_visible_message_bytes"] = (gateway.heap_used_bytes() - heap_before_visible) / args.messages
        progress(f"ingest: {results['accept_rate']:.0f} msg/s accepted, all spooled after {results['spooled_seconds']:.1f} s, "
                 f"visible after {results['visible_seconds']:.1f} s")

        # Drain into smtp-sink, timed from the moment the route is seen UP.
        total = gateway.status("bench")["spooled"]
        sink_user = ["-u", "nobody"] if os.geteuid() == 0 else []  # smtp-sink refuses to run as root
        sink = subprocess.Popen(["smtp-sink", *sink_user, "-c", f"127.0.0.1:{downstream_port}", "1024"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        sink_started = time.time()
        up_at = gateway.wait_state("bench", "UP")
        empty_at = wait_until(lambda: gateway.status("bench")["spooled"] == 0, 900, 0.05)
        results["drained_messages"] = total
        results["drain_detect_seconds"] = up_at - sink_started
        results["drain_seconds"] = empty_at - up_at
        results["drain_rate"] = total / (empty_at - up_at)
        progress(f"drain: {total} messages at {results['drain_rate']:.0f} msg/s")
    finally:
        if sink:
            sink.terminate()
            sink.wait()
        gateway.stop()
        shutil.rmtree(workdir, ignore_errors=True)

    return results


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=5000)
    parser.add_argument("--size", type=int, default=5120)
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--heap-messages", type=int, default=10000)
    parser.add_argument("--skip-postfix", action="store_true")
    args = parser.parse_args()
    if not JAR.exists():
        subprocess.run([str(ROOT / "mvnw"), "-B", "-q", "package", "-DskipTests"], cwd=ROOT, check=True)
    results = measure_gateway(args)

    if not args.skip_postfix:
        output = subprocess.run([str(ROOT / "bench" / "lib" / "postfix-reference.sh"), "--messages", str(args.messages),
                                 "--size", str(args.size), "--sessions", str(args.sessions)],
                                check=True, capture_output=True, text=True).stdout
        for key, value in re.findall(r"^(POSTFIX_[A-Z_]+)=(\S+)$", output, re.M):
            results[key.lower()] = value
    report(args, results)


def report(args, r):
    lines = [f"# Engine benchmark, {datetime.now(timezone.utc).strftime('%Y-%m-%d %H:%M UTC')}",
             "",
             f"Machine: {os.cpu_count()} cores. {args.messages} messages of {args.size} bytes over {args.sessions} SMTP sessions "
             f"(smtp-source); spool.fsync=true; downstream down during ingest. Command: `bench/engine_benchmark.py`.",
             "",
             "| Figure | Emergency Inbox | Postfix | Ratio |",
             "|---|---|---|---|"]

    def row(name, ours, theirs=None, unit="", higher_is_better=True):
        ratio = ""
        if theirs not in (None, "unknown"):
            theirs = float(theirs)
            ratio = f"{(ours / theirs if higher_is_better else theirs / ours):.2f}×"
            theirs = f"{theirs:.1f}{unit}"
        lines.append(f"| {name} | {ours:.1f}{unit} | {theirs or '—'} | {ratio} |")

    row("Ingest while down (msg/s accepted)", r["accept_rate"], r.get("postfix_accept_rate"))
    row("All spooled (s from first connection)", r["spooled_seconds"], r.get("postfix_deferred_seconds"), " s", False)
    row("All visible over JMAP (s from first connection)", r["visible_seconds"], None, " s")
    row("Drain (msg/s, from route UP / from postqueue -f)", r["drain_rate"], r.get("postfix_drain_rate"))
    row("Outage end detected (s after the downstream came back)", r["drain_detect_seconds"], None, " s")
    row(f"Heap per spooled message, spool only ({r['heap_spool_messages']} msgs, bytes)", r["heap_per_spooled_message_bytes"])
    row("Heap per spooled and shown message, incl. James memory mailbox copy (bytes)", r["heap_per_visible_message_bytes"])
    text = "\n".join(lines) + "\n"
    print(text)
    results_dir = ROOT / "bench" / "results"
    results_dir.mkdir(exist_ok=True)
    (results_dir / f"engine-{datetime.now(timezone.utc).strftime('%Y%m%dT%H%M%SZ')}.md").write_text(text)


if __name__ == "__main__":
    main()
