#!/usr/bin/env python3
"""Performance report (issue 10 item 3): the gateway side by side with Postfix and stock James 3.8.1.

  sudo bench/performance_report.py                  # full: 1,000 / 10,000 / 100,000 messages (40-60 minutes)
  sudo bench/performance_report.py --quick          # 1,000 / 10,000 messages (6-10 minutes)
  sudo bench/performance_report.py --sizes 200,1000 --latency-messages 200 --query-requests 20   # smoke run

Builds app/target/emergency-inbox.jar and stock James's jars (module stock-james, target/lib) first, in
the reactor (`mvnw package -DskipTests -pl app,stock-james -am`; --offline adds -o, --no-build skips it).

Same machine, one run, every system started fresh for every size. For each size N (messages of
--size bytes sent over --sessions SMTP sessions by Postfix's smtp-source):

  gateway   app/target/emergency-inbox.jar in its own JVM (spool.fsync=true), its downstream down:
            SMTP accept rate; time until all N are committed to the spool, and visible in the user's
            Emergency mailbox over JMAP; heap per message including James's in-memory mailbox copy;
            JMAP Email/query + Email/get latency on that mailbox; drain rate once the downstream is up;
            then, downstream down again, N more to a recipient without an account: heap per spooled
            message (spool metadata only); last, N more to the user on the now running JVM: the same
            ingest figures for a gateway in service (JIT-compiled), not freshly started.
  postfix   bench/lib/postfix-reference.sh: a private Postfix relaying to a down relay; accept, all
            deferred, drain after `postqueue -f`.
  stock     stock James 3.8.1 (james-server-memory-app: the jars of module stock-james, the
            configuration of bench/stock-james/conf/) relaying to the same kind
            of down next hop: accept, all in its outgoing queue, heap per queued message, drain after
            a WebAdmin flush of the delayed mails.

Once: accept -> visible latency (a message's SMTP 250 to its first appearance in Email/query of the
Emergency mailbox) with 20 sessions each sending unique markers, on a fresh gateway and on one that has
first spooled --latency-warmup messages for another user; and the scheduler's page reads at each size
(bench/lib/SchedulerPageBenchmark.java).

Writes bench/results/performance-<timestamp>.{md,svg,json}. --render FILE.json redraws the table and
plot from a saved run. The load average of the machine is recorded at the start and end of each phase.
"""
import argparse
import base64
import http.client
import json
import math
import multiprocessing
import os
import platform
import re
import shutil
import signal
import smtplib
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
JAR = ROOT / "app" / "target" / "emergency-inbox.jar"
STOCK_CONF = ROOT / "bench" / "stock-james" / "conf"
STOCK_LIB = ROOT / "stock-james" / "target" / "lib"
RESULTS = ROOT / "bench" / "results"
PASSWORD = "benchPassword1"
USING = ["urn:ietf:params:jmap:core", "urn:ietf:params:jmap:mail"]
LIST_PROPERTIES = ["id", "threadId", "mailboxIds", "keywords", "from", "to", "subject", "receivedAt", "size",
                   "preview", "hasAttachment"]
TARGETS = {"ingest_ratio": 1.0, "drain_ratio": 1.0, "visible_p99_s": 1.0, "heap_per_spooled_bytes": 2048}
HEAP_NOISE_BYTES = 8 * 2**20  # used heap after two full GCs still moves by a few MiB between measurements


# ------------------------------------------------------------------------------------------- utilities

def progress(message):
    print(f"[{datetime.now().strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def load():
    return round(os.getloadavg()[0], 2)


class Phases:
    """Wall time and 1-minute load average at the start and end of every phase."""

    def __init__(self):
        self.records = []

    def run(self, name, function, *args):
        start, load_start = time.time(), load()
        progress(f"{name}: starting (load {load_start})")
        try:
            return function(*args)
        finally:
            record = {"phase": name, "seconds": round(time.time() - start, 1), "load_start": load_start,
                      "load_end": load()}
            self.records.append(record)
            progress(f"{name}: {record['seconds']} s (load {record['load_start']} -> {record['load_end']})")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def http_json(method, url, body=None, auth=None, timeout=60):
    data = json.dumps(body).encode() if isinstance(body, (dict, list)) else body
    request = urllib.request.Request(url, data=data, method=method)
    request.add_header("Content-Type", "application/json")
    if auth:
        request.add_header("Authorization", "Basic " + base64.b64encode(auth.encode()).decode())
    with urllib.request.urlopen(request, timeout=timeout) as response:
        text = response.read().decode()
        return json.loads(text) if text else None


def wait_until(what, predicate, timeout, poll=0.1):
    deadline = time.time() + timeout
    while True:
        if predicate():
            return time.time()
        if time.time() > deadline:
            raise SystemExit(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(poll)


def smtp_source(port, messages, size, sessions, recipient):
    start = time.time()
    subprocess.run(["smtp-source", "-s", str(sessions), "-m", str(messages), "-l", str(size),
                    "-f", "sender@example.com", "-t", recipient, f"127.0.0.1:{port}"], check=True)
    return time.time() - start


def start_sink(port):
    user = ["-u", "nobody"] if os.geteuid() == 0 else []  # smtp-sink refuses to keep root privileges
    return subprocess.Popen(["smtp-sink", *user, f"127.0.0.1:{port}", "1024"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def stop(process):
    if process and process.poll() is None:
        process.terminate()
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def percentile(values, p):
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, max(0, math.ceil(p / 100 * len(ordered)) - 1))]


def heap_used_bytes(pid):
    """Used heap after two full collections (jcmd GC.run), from GC.heap_info."""
    for _ in range(2):
        subprocess.run(["jcmd", str(pid), "GC.run"], check=True, capture_output=True)
        time.sleep(1)
    info = subprocess.run(["jcmd", str(pid), "GC.heap_info"], check=True, capture_output=True, text=True).stdout
    return int(re.search(r"total \d+K, used (\d+)K", info).group(1)) * 1024


def phase_timeout(messages):
    return max(300, messages / 20)  # 20 msg/s is far below any system here: slower means broken


# ------------------------------------------------------------------------------------------ the gateway

class Gateway:
    def __init__(self, workdir, heap):
        self.workdir = Path(workdir)
        self.smtp, self.jmap, self.webadmin = free_port(), free_port(), free_port()
        self.downstream = free_port()
        conf = self.workdir / "conf"
        shutil.copytree(ROOT / "conf", conf)
        self._rewrite(conf / "smtpserver.xml", "<bind>127.0.0.1:2525</bind>", f"<bind>127.0.0.1:{self.smtp}</bind>")
        self._rewrite(conf / "webadmin.properties", "port=8000", f"port={self.webadmin}")
        self._rewrite(conf / "jmap.properties", "jmap.port=1080", f"jmap.port={self.jmap}")
        self._rewrite(conf / "jmap.properties", "url.prefix=http://127.0.0.1:1080", f"url.prefix=http://127.0.0.1:{self.jmap}")
        overrides = {"probe.interval": "1s", "health.failuresBeforeDown": "2", "health.successesBeforeUp": "1",
                     "spool.fsync": "true", "scheduler.interval": "200ms"}
        lines = [l for l in (conf / "continuity.properties").read_text().splitlines()
                 if l.split("=")[0].strip() not in overrides]
        lines += [f"{k}={v}" for k, v in overrides.items()]
        (conf / "continuity.properties").write_text("\n".join(lines) + "\n")
        self.log = open(self.workdir / "gateway.log", "w")
        self.process = subprocess.Popen(
            ["java", "-Xms1g", f"-Xmx{heap}", "-jar", str(JAR), "--conf", str(conf), "--var", str(self.workdir / "var")],
            cwd=self.workdir, stdout=self.log, stderr=subprocess.STDOUT)
        try:
            wait_until("the gateway to start",
                       lambda: self.process.poll() is not None or "Emergency Inbox started" in self.log_text(), 180, 0.2)
        except SystemExit:
            self.stop()
            raise
        if self.process.poll() is not None:
            raise SystemExit("gateway did not start:\n" + self.log_text()[-3000:])
        self.admin("PUT", "/domains/bench.test")
        self.admin("POST", "/continuity/organisations", {"id": "bench", "displayName": "Bench", "domains": ["bench.test"]})
        self.admin("PUT", "/continuity/organisations/bench/route",
                   {"targets": [{"host": "127.0.0.1", "port": self.downstream}], "connectTimeout": "2s"})
        self.admin("PUT", "/users/user@bench.test", {"password": PASSWORD})

    def log_text(self):
        return (self.workdir / "gateway.log").read_text(errors="replace")

    @staticmethod
    def _rewrite(path, old, new):
        text = path.read_text()
        assert old in text, f"{path} lacks {old}"
        path.write_text(text.replace(old, new))

    def admin(self, method, path, body=None):
        return http_json(method, f"http://127.0.0.1:{self.webadmin}{path}", body)

    def status(self):
        return self.admin("GET", "/continuity/organisations/bench/status")

    def spooled(self):
        return self.status()["spooled"]

    def wait_state(self, state, timeout=120):
        return wait_until(f"route {state}", lambda: self.status()["state"] == state, timeout, 0.05)

    def jmap_client(self, user="user@bench.test"):
        return JmapClient(self.jmap, user, PASSWORD)

    def heap_used(self):
        return heap_used_bytes(self.process.pid)

    def stop(self):
        stop(self.process)
        self.log.close()


class JmapClient:
    """One keep-alive HTTP connection to the gateway's JMAP endpoint."""

    def __init__(self, port, user, password):
        self.port = port
        self.auth = "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.account = self._get("/jmap/session")["primaryAccounts"]["urn:ietf:params:jmap:mail"]

    def _get(self, path):
        self.connection.request("GET", path, headers={"Authorization": self.auth})
        return json.loads(self.connection.getresponse().read())

    def call(self, method_calls):
        body = json.dumps({"using": USING, "methodCalls": method_calls})
        self.connection.request("POST", "/jmap", body=body,
                                headers={"Authorization": self.auth, "Content-Type": "application/json"})
        response = self.connection.getresponse()
        payload = json.loads(response.read())
        if response.status != 200:
            raise SystemExit(f"JMAP answered {response.status}: {payload}")
        errors = [answer for answer in payload["methodResponses"] if answer[0] == "error"]
        if errors:
            raise SystemExit(f"JMAP method error: {errors}")
        return [answer[1] for answer in payload["methodResponses"]]

    def mailbox(self, name="Emergency"):
        mailboxes = self.call([["Mailbox/get", {"accountId": self.account, "ids": None,
                                                "properties": ["name", "totalEmails"]}, "m"]])[0]["list"]
        return next((mailbox for mailbox in mailboxes if mailbox["name"] == name), None)

    def total(self, name="Emergency"):
        mailbox = self.mailbox(name)
        return mailbox["totalEmails"] if mailbox else 0

    def query(self, mailbox_id, limit, position=0):
        return self.call([["Email/query", {"accountId": self.account, "filter": {"inMailbox": mailbox_id},
                                           "sort": [{"property": "receivedAt", "isAscending": False}],
                                           "position": position, "limit": limit}, "q"]])[0]["ids"]

    def list_page(self, mailbox_id, limit=20):
        """What a mail client does to show a mailbox: first page by date, and the list properties of it."""
        answers = self.call([
            ["Email/query", {"accountId": self.account, "filter": {"inMailbox": mailbox_id},
                             "sort": [{"property": "receivedAt", "isAscending": False}], "limit": limit}, "q"],
            ["Email/get", {"accountId": self.account, "#ids": {"resultOf": "q", "name": "Email/query", "path": "/ids"},
                           "properties": LIST_PROPERTIES}, "g"]])
        return answers[1]["list"]

    def subjects(self, ids):
        subjects = {}
        for start in range(0, len(ids), 200):  # James answers at most maxObjectsInGet (500) per Email/get
            for email in self.call([["Email/get", {"accountId": self.account, "ids": ids[start:start + 200],
                                                   "properties": ["subject"]}, "g"]])[0]["list"]:
                subjects[email["id"]] = email.get("subject") or ""
        return subjects


def run_gateway(n, args):
    result = {"messages": n}
    workdir = tempfile.mkdtemp(prefix="perf-gateway-")
    gateway = Gateway(workdir, args.heap)
    sink = None
    try:
        gateway.wait_state("DOWN")
        heap_before = gateway.heap_used()
        start = time.time()
        accept_seconds = smtp_source(gateway.smtp, n, args.size, args.sessions, "user@bench.test")
        spooled_at = wait_until("all spooled", lambda: gateway.spooled() >= n, phase_timeout(n), 0.1)
        jmap = gateway.jmap_client()
        # Mailbox/get counts the mailbox's unseen messages by walking it: poll it less often when it is big.
        visible_at = wait_until("all visible", lambda: jmap.total() >= n, phase_timeout(n), 0.1 if n <= 10_000 else 0.5)
        result.update(accept_rate=n / accept_seconds, spooled_seconds=spooled_at - start, visible_seconds=visible_at - start)
        result["spooled_rate"] = n / result["spooled_seconds"]
        result["visible_rate"] = n / result["visible_seconds"]
        result["heap_per_visible_message_bytes"] = (gateway.heap_used() - heap_before) / n
        progress(f"gateway {n}: accept {result['accept_rate']:.0f} msg/s, spooled {result['spooled_rate']:.0f} msg/s, "
                 f"visible {result['visible_rate']:.0f} msg/s, heap incl. mailbox {result['heap_per_visible_message_bytes']:.0f} B")

        mailbox_id = jmap.mailbox()["id"]
        for _ in range(20):
            jmap.list_page(mailbox_id)  # warm-up
        latencies = []
        for _ in range(args.query_requests):
            before = time.perf_counter()
            page = jmap.list_page(mailbox_id)
            latencies.append(time.perf_counter() - before)
            assert len(page) == 20, page
        result["query_p50_ms"] = percentile(latencies, 50) * 1000
        result["query_p99_ms"] = percentile(latencies, 99) * 1000
        progress(f"gateway {n}: Email/query+get p50 {result['query_p50_ms']:.1f} ms, p99 {result['query_p99_ms']:.1f} ms")

        sink = start_sink(gateway.downstream)
        sink_started = time.time()
        up_at = gateway.wait_state("UP")
        empty_at = wait_until("the drain", lambda: gateway.spooled() == 0, phase_timeout(n), 0.05)
        result.update(drain_detect_seconds=up_at - sink_started, drain_seconds=empty_at - up_at, drain_rate=n / (empty_at - up_at))
        progress(f"gateway {n}: drained at {result['drain_rate']:.0f} msg/s")

        stop(sink)
        sink = None
        gateway.wait_state("DOWN")
        heap_before = gateway.heap_used()
        start = time.time()
        accept_seconds = smtp_source(gateway.smtp, n, args.size, args.sessions, "noaccount@bench.test")
        spooled_at = wait_until("all spooled (no account)", lambda: gateway.spooled() >= n, phase_timeout(n), 0.1)
        result["spool_only_accept_rate"] = n / accept_seconds
        result["spool_only_spooled_rate"] = n / (spooled_at - start)
        result["heap_per_spooled_message_bytes"] = (gateway.heap_used() - heap_before) / n
        progress(f"gateway {n}: spool only {result['spool_only_spooled_rate']:.0f} msg/s, "
                 f"heap per spooled message {result['heap_per_spooled_message_bytes']:.0f} B")

        # The same ingest on the JVM that has now run the whole pipeline: a gateway in service when an
        # outage starts is not freshly started. The first ingest above is the cold figure.
        already = gateway.spooled()
        jmap = gateway.jmap_client()  # the first connection may have been closed while idle
        shown = jmap.total()
        start = time.time()
        accept_seconds = smtp_source(gateway.smtp, n, args.size, args.sessions, "user@bench.test")
        spooled_at = wait_until("all spooled (running JVM)", lambda: gateway.spooled() >= already + n, phase_timeout(n), 0.1)
        visible_at = wait_until("all visible (running JVM)", lambda: jmap.total() >= shown + n, phase_timeout(n),
                                0.1 if n <= 10_000 else 0.5)
        result["warm_accept_rate"] = n / accept_seconds
        result["warm_spooled_rate"] = n / (spooled_at - start)
        result["warm_visible_rate"] = n / (visible_at - start)
        progress(f"gateway {n}, running JVM: accept {result['warm_accept_rate']:.0f} msg/s, "
                 f"spooled {result['warm_spooled_rate']:.0f} msg/s, visible {result['warm_visible_rate']:.0f} msg/s")
    finally:
        stop(sink)
        gateway.stop()
        shutil.rmtree(workdir, ignore_errors=True)
    return result


# ------------------------------------------------------------------------------------- stock James 3.8.1

def stock_classpath():
    if not (STOCK_LIB / "james-server-memory-app-3.8.1.jar").exists():
        raise SystemExit(f"missing {STOCK_LIB}: build it with ./mvnw -B package -DskipTests -pl app,stock-james -am")
    return str(STOCK_LIB / "*")


class StockJames:
    def __init__(self, workdir, heap):
        self.workdir = Path(workdir)
        self.smtp, self.webadmin, self.relay = free_port(), free_port(), free_port()
        conf = self.workdir / "conf"
        conf.mkdir(parents=True)
        for template in STOCK_CONF.iterdir():
            if template.name == "README.md":
                continue
            text = template.read_text().replace("@SMTP_PORT@", str(self.smtp)) \
                .replace("@WEBADMIN_PORT@", str(self.webadmin)).replace("@RELAY_PORT@", str(self.relay))
            (conf / template.name).write_text(text)
        self.log = open(self.workdir / "james.log", "w")
        self.process = subprocess.Popen(
            ["java", "-Xms1g", f"-Xmx{heap}", f"-Dworking.directory={self.workdir}",
             f"-Dlogback.configurationFile={conf / 'logback.xml'}", "-Djames.exit.on.startup.error=false",
             "-cp", stock_classpath(), "org.apache.james.MemoryJamesServerMain"],
            cwd=self.workdir, stdout=self.log, stderr=subprocess.STDOUT)

        def started():
            if self.process.poll() is not None:
                raise SystemExit("stock James did not start:\n" + (self.workdir / "james.log").read_text()[-3000:])
            try:
                self.queue_size("spool")
                with socket.create_connection(("127.0.0.1", self.smtp), timeout=1):
                    return True
            except OSError:
                return False
        try:
            wait_until("stock James to start", started, 180, 0.5)
        except BaseException:
            self.stop()
            raise

    def queue_size(self, name):
        return http_json("GET", f"http://127.0.0.1:{self.webadmin}/mailQueues/{name}", timeout=10)["size"]

    def flush_delayed(self):
        http_json("PATCH", f"http://127.0.0.1:{self.webadmin}/mailQueues/outgoing/mails?delayed=true", {"delayed": False})

    def stop(self):
        stop(self.process)
        self.log.close()


def run_stock(n, args):
    result = {"messages": n}
    workdir = tempfile.mkdtemp(prefix="perf-stock-")
    james = StockJames(workdir, args.heap)
    sink = None
    try:
        heap_before = heap_used_bytes(james.process.pid)
        start = time.time()
        accept_seconds = smtp_source(james.smtp, n, args.size, args.sessions, "user@bench.test")
        # Queued: out of James's spool and in RemoteDelivery's outgoing queue, but for the at most 10
        # (deliveryThreads) being attempted at that instant.
        queued_at = wait_until("all queued", lambda: james.queue_size("spool") == 0
                               and james.queue_size("outgoing") >= n - 10, phase_timeout(n), 0.2)
        result.update(accept_rate=n / accept_seconds, queued_seconds=queued_at - start, queued_rate=n / (queued_at - start))
        result["heap_per_queued_message_bytes"] = (heap_used_bytes(james.process.pid) - heap_before) / n
        progress(f"stock {n}: accept {result['accept_rate']:.0f} msg/s, queued {result['queued_rate']:.0f} msg/s, "
                 f"heap per queued message {result['heap_per_queued_message_bytes']:.0f} B")
        sink = start_sink(james.relay)
        wait_until("smtp-sink", lambda: _listening(james.relay), 30, 0.05)
        result["outgoing_at_flush"] = james.queue_size("outgoing")
        flushed_at = time.time()
        james.flush_delayed()
        empty_at = wait_until("the stock drain", lambda: james.queue_size("outgoing") == 0
                              and james.queue_size("spool") == 0, phase_timeout(n), 0.05)
        result.update(drain_seconds=empty_at - flushed_at, drain_rate=n / (empty_at - flushed_at))
        progress(f"stock {n}: drained at {result['drain_rate']:.0f} msg/s")
    finally:
        stop(sink)
        james.stop()
        shutil.rmtree(workdir, ignore_errors=True)
    return result


def _listening(port):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return True
    except OSError:
        return False


# ---------------------------------------------------------------------------------------------- Postfix

def run_postfix(n, args):
    poll = "0.1" if n <= 10_000 else "1"
    output = subprocess.run([str(ROOT / "bench" / "lib" / "postfix-reference.sh"), "--messages", str(n),
                             "--size", str(args.size), "--sessions", str(args.sessions), "--poll", poll,
                             "--phase-timeout", str(int(phase_timeout(n)))],
                            check=True, capture_output=True, text=True)
    values = dict(re.findall(r"^POSTFIX_([A-Z_]+)=(\S+)$", output.stdout, re.M))
    result = {"messages": n, "poll_seconds": float(poll)}
    result.update(accept_rate=float(values["ACCEPT_RATE"]), deferred_seconds=float(values["DEFERRED_SECONDS"]),
                  drain_rate=float(values["DRAIN_RATE"]))
    result["deferred_rate"] = n / result["deferred_seconds"]
    progress(f"postfix {n}: accept {result['accept_rate']:.0f} msg/s, deferred {result['deferred_rate']:.0f} msg/s, "
             f"drain {result['drain_rate']:.0f} msg/s")
    return result


# ---------------------------------------------------------------------------- accept -> visible latency

def _message(marker, size):
    header = f"From: sender@example.com\r\nTo: user@bench.test\r\nSubject: {marker}\r\n\r\n"
    line = "x" * 78 + "\r\n"
    body = (line * (max(0, size - len(header)) // len(line) + 1))[:max(0, size - len(header))]
    return header + body


def _send(port, count, sessions, size, rate, accepted):
    """Sender process: `sessions` threads on keep-alive SMTP sessions; at `rate` msg/s in total, or as fast
    as the server answers when rate is 0. Puts (marker, time of the 250) on `accepted`."""
    lock = threading.Lock()
    sequence = iter(range(count))
    start = time.time() + 0.5

    def worker():
        client = smtplib.SMTP("127.0.0.1", port, timeout=120)
        client.ehlo("latency.bench")
        while True:
            with lock:
                index = next(sequence, None)
            if index is None:
                break
            if rate:
                delay = start + index / rate - time.time()
                if delay > 0:
                    time.sleep(delay)
            marker = f"latency-marker-{index:07d}"
            client.sendmail("sender@example.com", ["user@bench.test"], _message(marker, size))
            accepted.put((marker, time.time()))
        client.quit()

    threads = [threading.Thread(target=worker) for _ in range(sessions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    accepted.put(None)


def _poll(port, mailbox_id, count, seen_queue, timeout):
    """Poller process: Email/query of the Emergency mailbox, newest first, back to back; every id not
    seen before is timed at the moment its query answer arrived, then named by its subject."""
    jmap = JmapClient(port, "user@bench.test", PASSWORD)
    known = set()
    found = 0
    polls = 0
    deadline = time.time() + timeout
    while found < count and time.time() < deadline:
        new_ids = []
        position = 0
        while True:
            ids = jmap.query(mailbox_id, 500, position)
            answered = time.time()
            fresh = [i for i in ids if i not in known]
            new_ids += [(i, answered) for i in fresh]
            if len(fresh) < len(ids) or len(ids) < 500:
                break
            position += 500  # a whole page was new: look further for more
        polls += 1
        if new_ids:
            subjects = jmap.subjects([i for i, _ in new_ids])
            for email_id, answered in new_ids:
                known.add(email_id)
                subject = subjects.get(email_id, "")
                if subject.startswith("latency-marker-"):
                    seen_queue.put((subject, answered))
                    found += 1
        else:
            time.sleep(0.005)
    seen_queue.put(("__polls__", polls))
    seen_queue.put(None)


def _drain(queue, process, name):
    """The items a child process puts on the queue until its final None; fails if it dies without one."""
    while True:
        try:
            item = queue.get(timeout=5)
        except Exception:  # queue.Empty
            if not process.is_alive():
                raise SystemExit(f"the latency {name} process died (exit code {process.exitcode})")
            continue
        if item is None:
            return
        yield item


def run_latency(args, rate, warmup):
    count = args.latency_messages
    result = {"messages": count, "sessions": args.sessions, "target_rate": rate, "warmup": warmup}
    workdir = tempfile.mkdtemp(prefix="perf-latency-")
    gateway = Gateway(workdir, args.heap)
    children = []
    try:
        gateway.wait_state("DOWN")
        if warmup:
            # A gateway in service has run its pipeline before: the same path, another user's mailbox.
            gateway.admin("PUT", "/users/warmup@bench.test", {"password": PASSWORD})
            smtp_source(gateway.smtp, warmup, args.size, args.sessions, "warmup@bench.test")
            wait_until("the warm-up messages spooled", lambda: gateway.spooled() >= warmup, phase_timeout(warmup), 0.1)
        smtplib.SMTP("127.0.0.1", gateway.smtp).sendmail("sender@example.com", ["user@bench.test"], _message("warm-up", args.size))
        jmap = gateway.jmap_client()
        wait_until("the Emergency mailbox", lambda: jmap.total() >= 1, 60, 0.1)
        mailbox_id = jmap.mailbox()["id"]
        context = multiprocessing.get_context("fork")
        accepted, seen = context.Queue(), context.Queue()
        poller = context.Process(target=_poll, args=(gateway.jmap, mailbox_id, count, seen, phase_timeout(count)))
        sender = context.Process(target=_send, args=(gateway.smtp, count, args.sessions, args.size, rate, accepted))
        children = [poller, sender]
        poller.start()
        time.sleep(0.5)
        started = time.time()
        sender.start()
        accept_times, seen_times, polls = {}, {}, 0
        for item in _drain(accepted, sender, "sender"):
            accept_times[item[0]] = item[1]
        sent_seconds = time.time() - started
        for item in _drain(seen, poller, "poller"):
            if item[0] == "__polls__":
                polls = item[1]
            else:
                seen_times[item[0]] = item[1]
        sender.join()
        poller.join()
        latencies = [seen_times[m] - accept_times[m] for m in accept_times if m in seen_times]
        result.update(accepted=len(accept_times), seen=len(seen_times), send_rate=len(accept_times) / sent_seconds,
                      polls=polls, mean_poll_ms=1000 * (max(seen_times.values(), default=started) - started) / max(polls, 1),
                      p50_s=percentile(latencies, 50), p90_s=percentile(latencies, 90),
                      p99_s=percentile(latencies, 99), max_s=max(latencies, default=float("nan")))
        progress(f"latency ({'closed loop' if not rate else f'{rate:.0f} msg/s'}): {result['send_rate']:.0f} msg/s sent, "
                 f"p50 {result['p50_s']:.3f} s, p99 {result['p99_s']:.3f} s, max {result['max_s']:.3f} s, "
                 f"{result['seen']}/{result['accepted']} seen")
    finally:
        for child in children:
            if child.is_alive():
                child.terminate()
        gateway.stop()
        shutil.rmtree(workdir, ignore_errors=True)
    return result


# --------------------------------------------------------------------------------------------- scheduler

def run_scheduler(sizes):
    output = subprocess.run(["java", "-Xmx3g", f"-Dlogback.configurationFile={ROOT / 'conf' / 'logback.xml'}",
                             "-cp", str(ROOT / "app" / "target" / "lib" / "*"),
                             str(ROOT / "bench" / "lib" / "SchedulerPageBenchmark.java"), *map(str, sizes)],
                            check=True, capture_output=True, text=True).stdout
    results = {}
    for line in output.splitlines():
        if line.startswith("size="):
            fields = dict(field.split("=") for field in line.split())
            size = int(fields.pop("size"))
            results[size] = {key: float(value) for key, value in fields.items()}
    return results


# ------------------------------------------------------------------------------------------------ report

def machine():
    def first_line(command):
        try:
            return subprocess.run(command, capture_output=True, text=True).stdout.strip().splitlines()[0]
        except (OSError, IndexError):
            return "unknown"
    java = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()[0]
    memory = round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2 ** 30)
    return {"cores": os.cpu_count(), "memory_gib": memory, "kernel": platform.release(), "java": java,
            "postfix": first_line(["postconf", "-d", "-h", "mail_version"]), "filesystem": first_line(["findmnt", "-no", "FSTYPE", "-T", tempfile.gettempdir()])}


def fmt(value, digits=0, unit=""):
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    return f"{value:,.{digits}f}{unit}"


def ratio(ours, theirs):
    if ours is None or not theirs:
        return "—"
    return f"{ours / theirs:.2f}×"


def verdict(met):
    return "**met**" if met else "**missed**"


def render_markdown(run):
    sizes = run["sizes"]
    gateway, postfix, stock = run["gateway"], run["postfix"], run["stock"]
    g = lambda n, key: gateway.get(str(n), {}).get(key)
    p = lambda n, key: postfix.get(str(n), {}).get(key)
    s = lambda n, key: stock.get(str(n), {}).get(key)
    largest = str(sizes[-1])
    lines = [f"# Performance report, {run['date']}", "",
             f"Command: `{run['command']}`. One run on one machine: {run['machine']['cores']} cores, "
             f"{run['machine']['memory_gib']} GiB, {run['machine']['java']}, Postfix {run['machine']['postfix']}, "
             f"temporary files on {run['machine']['filesystem']}. Messages of {run['args']['size']} bytes over "
             f"{run['args']['sessions']} SMTP sessions (`smtp-source`); every system started fresh for every size. "
             f"Gateway and stock James: `-Xmx{run['args']['heap']}`; gateway with `spool.fsync=true`.", "",
             f"**Load during the run** (1-minute load average, start → end of each phase; {run['machine']['cores']} cores): "
             + ", ".join(f"{r['phase']} {r['load_start']}→{r['load_end']}" for r in run["phases"]) + ".",
             "The machine was shared with other builds: compare figures within this run, not across runs.", ""]

    lines += [f"## Side by side at {int(largest):,} messages", "",
              "| Figure | Emergency Inbox | Postfix | stock James 3.8.1 | Gateway ÷ Postfix | James ÷ Postfix |",
              "|---|---|---|---|---|---|"]
    n = largest
    lines.append(f"| SMTP accept while the downstream is down (msg/s) | {fmt(g(n, 'accept_rate'))} | {fmt(p(n, 'accept_rate'))} | "
                 f"{fmt(s(n, 'accept_rate'))} | {ratio(g(n, 'accept_rate'), p(n, 'accept_rate'))} | {ratio(s(n, 'accept_rate'), p(n, 'accept_rate'))} |")
    lines.append(f"| Ingest, durable: all spooled / all deferred / all queued (msg/s) | {fmt(g(n, 'spooled_rate'))} | "
                 f"{fmt(p(n, 'deferred_rate'))} | {fmt(s(n, 'queued_rate'))} (memory, not durable) | "
                 f"{ratio(g(n, 'spooled_rate'), p(n, 'deferred_rate'))} | {ratio(s(n, 'queued_rate'), p(n, 'deferred_rate'))} |")
    lines.append(f"| All visible in the Emergency mailbox over JMAP (msg/s from first connection) | {fmt(g(n, 'visible_rate'))} | — | — | "
                 f"{ratio(g(n, 'visible_rate'), p(n, 'deferred_rate'))} | |")
    lines.append(f"| Ingest, durable, gateway already running (msg/s) | {fmt(g(n, 'warm_spooled_rate'))} | "
                 f"{fmt(p(n, 'deferred_rate'))} | | {ratio(g(n, 'warm_spooled_rate'), p(n, 'deferred_rate'))} | |")
    lines.append(f"| Drain after the outage (msg/s) | {fmt(g(n, 'drain_rate'))} | {fmt(p(n, 'drain_rate'))} | {fmt(s(n, 'drain_rate'))} | "
                 f"{ratio(g(n, 'drain_rate'), p(n, 'drain_rate'))} | {ratio(s(n, 'drain_rate'), p(n, 'drain_rate'))} |")
    lines.append(f"| Heap per message held (bytes) | {fmt(g(n, 'heap_per_spooled_message_bytes'))} spool metadata; "
                 f"{fmt(g(n, 'heap_per_visible_message_bytes'))} with the James mailbox copy | 0 (queue files on disk) | "
                 f"{fmt(s(n, 'heap_per_queued_message_bytes'))} (the whole message, in its memory queue) | | |")
    lines.append(f"| JMAP Email/query + Email/get, first 20 by date (ms, p50 / p99) | {fmt(g(n, 'query_p50_ms'), 1)} / "
                 f"{fmt(g(n, 'query_p99_ms'), 1)} | — | — | | |")
    lines.append("")

    lines += ["## How each figure grows with the number of messages", "",
              "| Figure | " + " | ".join(f"{int(size):,}" for size in sizes) + " |",
              "|---|" + "---|" * len(sizes)]

    def growth(label, getter, digits=0):
        lines.append(f"| {label} | " + " | ".join(fmt(getter(str(size)), digits) for size in sizes) + " |")

    growth("Gateway SMTP accept (msg/s)", lambda n: g(n, "accept_rate"))
    growth("Gateway all spooled, durable (msg/s)", lambda n: g(n, "spooled_rate"))
    growth("Gateway all visible over JMAP (msg/s)", lambda n: g(n, "visible_rate"))
    growth("Gateway spooled without inbox copy (msg/s)", lambda n: g(n, "spool_only_spooled_rate"))
    growth("Gateway all spooled, durable, already running (msg/s)", lambda n: g(n, "warm_spooled_rate"))
    growth("Gateway all visible over JMAP, already running (msg/s)", lambda n: g(n, "warm_visible_rate"))
    growth("Postfix accept (msg/s)", lambda n: p(n, "accept_rate"))
    growth("Postfix all deferred (msg/s)", lambda n: p(n, "deferred_rate"))
    growth("stock James accept (msg/s)", lambda n: s(n, "accept_rate"))
    growth("stock James all queued (msg/s)", lambda n: s(n, "queued_rate"))
    growth("Ingest ratio gateway ÷ Postfix (durable)", lambda n: _ratio_value(g(n, "spooled_rate"), p(n, "deferred_rate")), 2)
    growth("Ingest ratio gateway ÷ Postfix (durable, already running)",
           lambda n: _ratio_value(g(n, "warm_spooled_rate"), p(n, "deferred_rate")), 2)
    growth("Gateway drain (msg/s)", lambda n: g(n, "drain_rate"))
    growth("Postfix drain (msg/s)", lambda n: p(n, "drain_rate"))
    growth("stock James drain (msg/s)", lambda n: s(n, "drain_rate"))
    growth("Drain ratio gateway ÷ Postfix", lambda n: _ratio_value(g(n, "drain_rate"), p(n, "drain_rate")), 2)
    growth("Gateway heap per spooled message, spool metadata (bytes)", lambda n: g(n, "heap_per_spooled_message_bytes"))
    growth("Gateway heap per message with James mailbox copy (bytes)", lambda n: g(n, "heap_per_visible_message_bytes"))
    growth("stock James heap per queued message (bytes)", lambda n: s(n, "heap_per_queued_message_bytes"))
    growth("JMAP Email/query + get p50 (ms)", lambda n: g(n, "query_p50_ms"), 1)
    growth("JMAP Email/query + get p99 (ms)", lambda n: g(n, "query_p99_ms"), 1)
    scheduler = run.get("scheduler", {})
    growth("Scheduler: read a page of 500 due entries, p50 (ms)", lambda n: scheduler.get(n, {}).get("duePageP50Ms"), 3)
    growth("Scheduler: read a page of 500 due entries, p99 (ms)", lambda n: scheduler.get(n, {}).get("duePageP99Ms"), 3)
    growth("Scheduler: outage tick, empty notice page, p50 (ms)", lambda n: scheduler.get(n, {}).get("emptyNoticeP50Ms"), 4)
    growth("Spool count for status, p50 (ms)", lambda n: scheduler.get(n, {}).get("countP50Ms"), 4)
    lines.append("")

    latency_rows = run.get("latency", [])
    if latency_rows:
        lines += ["## Accept → visible in JMAP", "",
                  f"Each message carries a unique subject; a separate process polls `Email/query` of the Emergency "
                  f"mailbox back to back and times each new id when its query answer arrives (upper bound; one poll "
                  f"took the time shown). Downstream down; each load on a freshly started gateway, and on one that "
                  f"has first spooled warm-up messages for another user (a gateway in service).", "",
                  "| Load | Messages | Sent (msg/s) | p50 (s) | p90 (s) | p99 (s) | max (s) | Seen | Poll (ms) |",
                  "|---|---|---|---|---|---|---|---|---|"]
        for row in latency_rows:
            load_label = (f"{row['sessions']} sessions, as fast as answered" if not row["target_rate"]
                          else f"{row['sessions']} sessions, paced at {row['target_rate']:.0f} msg/s")
            load_label += _gateway_age(row)
            lines.append(f"| {load_label} | {row['messages']:,} | {fmt(row['send_rate'])} | {fmt(row['p50_s'], 3)} | "
                         f"{fmt(row['p90_s'], 3)} | {fmt(row['p99_s'], 3)} | {fmt(row['max_s'], 3)} | "
                         f"{row['seen']:,}/{row['accepted']:,} | {fmt(row['mean_poll_ms'], 1)} |")
        lines.append("")

    lines += ["## Targets", "", "| Target | Measured | Verdict |", "|---|---|---|"]
    for size in sizes:
        n = str(size)
        ingest = _ratio_value(g(n, "spooled_rate"), p(n, "deferred_rate"))
        warm = _ratio_value(g(n, "warm_spooled_rate"), p(n, "deferred_rate"))
        accept = _ratio_value(g(n, "accept_rate"), p(n, "accept_rate"))
        if ingest is not None:
            measured = f"durable {ingest:.2f}× on a fresh JVM"
            judged = f"{verdict(ingest >= TARGETS['ingest_ratio'])} (fresh JVM)"
            if warm is not None:
                measured += f", {warm:.2f}× already running"
                judged += f", {verdict(warm >= TARGETS['ingest_ratio'])} (already running)"
            lines.append(f"| Ingest ≥ 1.0× Postfix ({int(size):,} msgs) | {measured}; SMTP accept {accept:.2f}× | {judged} |")
    for size in sizes:
        n = str(size)
        drain = _ratio_value(g(n, "drain_rate"), p(n, "drain_rate"))
        if drain is not None:
            lines.append(f"| Drain ≥ 1.0× Postfix ({int(size):,} msgs) | {drain:.2f}× | {verdict(drain >= TARGETS['drain_ratio'])} |")
    for row in latency_rows:
        label = ("as fast as answered" if not row["target_rate"] else f"paced at {row['target_rate']:.0f} msg/s") + _gateway_age(row)
        lines.append(f"| p99 accept → visible ≤ 1 s, {row['sessions']} sessions {label} | {fmt(row['p99_s'], 3)} s | "
                     f"{verdict(row['p99_s'] <= TARGETS['visible_p99_s'])} |")
    for size in sizes:
        heap = g(str(size), "heap_per_spooled_message_bytes")
        if heap is not None and abs(heap * size) < HEAP_NOISE_BYTES:
            lines.append(f"| ≤ 2 KiB heap per spooled message ({int(size):,}) | {heap:,.0f} B: a total change of "
                         f"{heap * size / 2**20:+.1f} MiB, within the noise of a heap measurement | **not measurable** at this size |")
        elif heap is not None:
            lines.append(f"| ≤ 2 KiB heap per spooled message ({int(size):,}) | {heap:,.0f} B | "
                         f"{verdict(heap <= TARGETS['heap_per_spooled_bytes'])} |")
    if scheduler:
        smallest, largest_size = min(scheduler, key=int), max(scheduler, key=int)
        small, large = scheduler[smallest], scheduler[largest_size]
        flat = large["duePageP50Ms"] <= 3 * small["duePageP50Ms"] + 0.05
        lines.append(f"| Scheduler cost flat in spool size | due page p50 {small['duePageP50Ms']:.3f} ms at {int(smallest):,} → "
                     f"{large['duePageP50Ms']:.3f} ms at {int(largest_size):,} | {verdict(flat)} |")
    lines.append("")
    lines.append(f"Plot: [{run['svg_name']}]({run['svg_name']}). Raw figures: [{run['json_name']}]({run['json_name']}).")
    return "\n".join(lines) + "\n"


def _gateway_age(latency_row):
    warmup = latency_row.get("warmup")
    if warmup is None:
        return ""  # runs before the warm-up existed
    return f", after {warmup:,} messages" if warmup else ", fresh gateway"


def _ratio_value(ours, theirs):
    return ours / theirs if ours is not None and theirs else None


# ------------------------------------------------------------------------------------------- SVG plot

COLOURS = {"Emergency Inbox": "#1f77b4", "Emergency Inbox (SMTP accept)": "#9ecae1", "Postfix": "#d62728",
           "stock James 3.8.1": "#2ca02c", "with James mailbox copy": "#9467bd", "spool metadata": "#1f77b4",
           "p50": "#1f77b4", "p99": "#ff7f0e", "due page (500)": "#1f77b4", "empty notice page": "#8c564b"}


def _escape(text):
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _panel(x0, y0, width, height, title, x_values, series, y_label, log_y=False, target=None, target_label=None):
    """One chart: log-scale x (message counts), one polyline per series {name: [y or None]}."""
    parts = [f'<g font-family="sans-serif" font-size="11">',
             f'<text x="{x0 + width / 2}" y="{y0 - 8}" text-anchor="middle" font-size="13" font-weight="bold">{_escape(title)}</text>']
    values = [v for ys in series.values() for v in ys if v is not None and v > 0]
    if target is not None:
        values.append(target)
    if not values:
        return ""
    if log_y:
        low, high = 10 ** math.floor(math.log10(min(values))), 10 ** math.ceil(math.log10(max(values)))
        if low == high:
            high *= 10
        to_y = lambda v: y0 + height - (math.log10(v) - math.log10(low)) / (math.log10(high) - math.log10(low)) * height
        ticks = [10 ** e for e in range(int(math.log10(low)), int(math.log10(high)) + 1)]
    else:
        high = max(values) * 1.15
        step = 10 ** math.floor(math.log10(high / 4))
        step = next(s * step for s in (1, 2, 5, 10) if high / (s * step) <= 6)
        high = math.ceil(high / step) * step
        to_y = lambda v: y0 + height - v / high * height
        ticks = [i * step for i in range(int(high / step) + 1)]
    xs = [math.log10(x) for x in x_values]
    x_low, x_high = (min(xs) - 0.3, max(xs) + 0.3) if len(xs) > 1 else (xs[0] - 1, xs[0] + 1)
    to_x = lambda x: x0 + (math.log10(x) - x_low) / (x_high - x_low) * width
    parts.append(f'<rect x="{x0}" y="{y0}" width="{width}" height="{height}" fill="none" stroke="#999"/>')
    for tick in ticks:
        y = to_y(tick)
        parts.append(f'<line x1="{x0}" x2="{x0 + width}" y1="{y:.1f}" y2="{y:.1f}" stroke="#eee"/>')
        label = f"{tick:,.0f}" if tick >= 1 else f"{tick:g}"
        parts.append(f'<text x="{x0 - 4}" y="{y + 4:.1f}" text-anchor="end">{label}</text>')
    for x in x_values:
        parts.append(f'<text x="{to_x(x):.1f}" y="{y0 + height + 14}" text-anchor="middle">{x:,}</text>')
    parts.append(f'<text x="{x0 + width / 2}" y="{y0 + height + 28}" text-anchor="middle" fill="#555">messages</text>')
    parts.append(f'<text transform="translate({x0 - 46},{y0 + height / 2}) rotate(-90)" text-anchor="middle" fill="#555">{_escape(y_label)}</text>')
    if target is not None:
        y = to_y(target)
        parts.append(f'<line x1="{x0}" x2="{x0 + width}" y1="{y:.1f}" y2="{y:.1f}" stroke="#d62728" stroke-dasharray="5,4"/>')
        parts.append(f'<text x="{x0 + width - 4}" y="{y - 4:.1f}" text-anchor="end" fill="#d62728">{_escape(target_label)}</text>')
    legend_y = y0 + 12
    for name, ys in series.items():
        colour = COLOURS.get(name, "#333")
        points = [(to_x(x), to_y(v)) for x, v in zip(x_values, ys) if v is not None and v > 0]
        if len(points) > 1:
            parts.append(f'<polyline fill="none" stroke="{colour}" stroke-width="2" points="'
                         + " ".join(f"{px:.1f},{py:.1f}" for px, py in points) + '"/>')
        for px, py in points:
            parts.append(f'<circle cx="{px:.1f}" cy="{py:.1f}" r="3.5" fill="{colour}"/>')
        parts.append(f'<rect x="{x0 + 8}" y="{legend_y - 8}" width="10" height="10" fill="{colour}"/>')
        parts.append(f'<text x="{x0 + 22}" y="{legend_y + 1}">{_escape(name)}</text>')
        legend_y += 14
    parts.append("</g>")
    return "\n".join(parts)


def render_svg(run):
    sizes = [int(size) for size in run["sizes"]]
    g = lambda key: [run["gateway"].get(str(n), {}).get(key) for n in sizes]
    p = lambda key: [run["postfix"].get(str(n), {}).get(key) for n in sizes]
    s = lambda key: [run["stock"].get(str(n), {}).get(key) for n in sizes]
    scheduler = run.get("scheduler", {})
    width, height, cols = 360, 210, 3
    panels = [
        ("Ingest while the downstream is down", {"Emergency Inbox": g("spooled_rate"), "Emergency Inbox (SMTP accept)": g("accept_rate"),
                                                  "Postfix": p("deferred_rate"), "stock James 3.8.1": s("queued_rate")},
         "msg/s (durable; James: memory)", True, None, None),
        ("Drain after the outage", {"Emergency Inbox": g("drain_rate"), "Postfix": p("drain_rate"), "stock James 3.8.1": s("drain_rate")},
         "msg/s", True, None, None),
        ("Heap per message held", {"spool metadata": g("heap_per_spooled_message_bytes"),
                                   "with James mailbox copy": g("heap_per_visible_message_bytes"),
                                   "stock James 3.8.1": s("heap_per_queued_message_bytes")},
         "bytes", True, 2048, "target 2 KiB (spool metadata)"),
        ("JMAP Email/query + get (first 20)", {"p50": g("query_p50_ms"), "p99": g("query_p99_ms")}, "ms", False, None, None),
        ("Scheduler page read (own JVM)", {"due page (500)": [scheduler.get(str(n), {}).get("duePageP50Ms") for n in sizes],
                                           "empty notice page": [scheduler.get(str(n), {}).get("emptyNoticeP50Ms") for n in sizes]},
         "ms (p50)", True, None, None),
    ]
    rows = math.ceil((len(panels) + 1) / cols)
    total_width, total_height = cols * (width + 90) + 20, rows * (height + 80) + 60
    body = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{total_width}" height="{total_height}" '
            f'viewBox="0 0 {total_width} {total_height}">',
            f'<rect width="100%" height="100%" fill="white"/>',
            f'<text x="{total_width / 2}" y="22" text-anchor="middle" font-family="sans-serif" font-size="15" font-weight="bold">'
            f'{_escape("Emergency Inbox vs Postfix vs stock James 3.8.1, " + run["date"])}</text>']
    for index, (title, series, label, log_y, target, target_label) in enumerate(panels):
        col, row = index % cols, index // cols
        body.append(_panel(70 + col * (width + 90), 60 + row * (height + 80), width, height, title, sizes, series, label,
                           log_y, target, target_label))
    latency = run.get("latency", [])
    if latency:
        index = len(panels)
        col, row = index % cols, index // cols
        x0, y0 = 70 + col * (width + 90), 60 + row * (height + 80)
        body.append(_latency_panel(x0, y0, width, height, latency))
    body.append("</svg>")
    return "\n".join(body) + "\n"


def _latency_panel(x0, y0, width, height, rows):
    high = max([1.0] + [r["p99_s"] for r in rows if not math.isnan(r["p99_s"])]) * 1.2
    parts = [f'<g font-family="sans-serif" font-size="11">',
             f'<text x="{x0 + width / 2}" y="{y0 - 8}" text-anchor="middle" font-size="13" font-weight="bold">Accept → visible in JMAP</text>',
             f'<rect x="{x0}" y="{y0}" width="{width}" height="{height}" fill="none" stroke="#999"/>']
    to_y = lambda v: y0 + height - v / high * height
    step = next(s for s in (0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100) if high / s <= 6)
    tick = 0.0
    while tick <= high:
        parts.append(f'<line x1="{x0}" x2="{x0 + width}" y1="{to_y(tick):.1f}" y2="{to_y(tick):.1f}" stroke="#eee"/>')
        parts.append(f'<text x="{x0 - 4}" y="{to_y(tick) + 4:.1f}" text-anchor="end">{tick:g}</text>')
        tick += step
    parts.append(f'<text transform="translate({x0 - 46},{y0 + height / 2}) rotate(-90)" text-anchor="middle" fill="#555">seconds</text>')
    group = width / len(rows)
    for i, row in enumerate(rows):
        for j, (key, colour) in enumerate((("p50_s", COLOURS["p50"]), ("p99_s", COLOURS["p99"]))):
            value = row[key]
            if math.isnan(value):
                continue
            bar_x = x0 + i * group + group * (0.2 + 0.3 * j)
            parts.append(f'<rect x="{bar_x:.1f}" y="{to_y(value):.1f}" width="{group * 0.28:.1f}" '
                         f'height="{y0 + height - to_y(value):.1f}" fill="{colour}"/>')
            parts.append(f'<text x="{bar_x + group * 0.14:.1f}" y="{to_y(value) - 3:.1f}" text-anchor="middle">{value:.2f}</text>')
        label = "as fast as answered" if not row["target_rate"] else f"paced {row['target_rate']:.0f} msg/s"
        parts.append(f'<text x="{x0 + (i + 0.5) * group:.1f}" y="{y0 + height + 14}" text-anchor="middle">{_escape(label)}</text>')
        parts.append(f'<text x="{x0 + (i + 0.5) * group:.1f}" y="{y0 + height + 28}" text-anchor="middle" fill="#555">'
                     f'{row["sessions"]} sessions, {row["send_rate"]:.0f} msg/s sent</text>')
    y = to_y(1.0)
    parts.append(f'<line x1="{x0}" x2="{x0 + width}" y1="{y:.1f}" y2="{y:.1f}" stroke="#d62728" stroke-dasharray="5,4"/>')
    parts.append(f'<text x="{x0 + width - 4}" y="{y - 4:.1f}" text-anchor="end" fill="#d62728">target p99 1 s</text>')
    for j, name in enumerate(("p50", "p99")):
        parts.append(f'<rect x="{x0 + 8}" y="{y0 + 4 + 14 * j}" width="10" height="10" fill="{COLOURS[name]}"/>')
        parts.append(f'<text x="{x0 + 22}" y="{y0 + 13 + 14 * j}">{name}</text>')
    parts.append("</g>")
    return "\n".join(parts)


def write_outputs(run):
    RESULTS.mkdir(exist_ok=True)
    stem = run["stem"]
    run["svg_name"], run["json_name"] = f"{stem}.svg", f"{stem}.json"
    (RESULTS / f"{stem}.json").write_text(json.dumps(run, indent=1, default=str) + "\n")
    (RESULTS / f"{stem}.svg").write_text(render_svg(run))
    markdown = render_markdown(run)
    (RESULTS / f"{stem}.md").write_text(markdown)
    print(markdown)
    progress(f"wrote bench/results/{stem}.md, .svg and .json")


# ----------------------------------------------------------------------------------------------- main

def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="1,000 and 10,000 messages only")
    parser.add_argument("--sizes", help="comma-separated message counts (default 1000,10000,100000)")
    parser.add_argument("--size", type=int, default=5120, help="message size in bytes")
    parser.add_argument("--sessions", type=int, default=20, help="parallel SMTP sessions")
    parser.add_argument("--heap", default="8g", help="-Xmx of the gateway and of stock James (stock James holds about 36 KB of heap per queued 5 KB message: 3.6 GB at 100,000)")
    parser.add_argument("--query-requests", type=int, default=200)
    parser.add_argument("--latency-messages", type=int, default=5000)
    parser.add_argument("--latency-warmup", type=int, default=5000,
                        help="each latency run is done on a fresh gateway and again after this many messages to another "
                             "user (0: fresh only)")
    parser.add_argument("--latency-rates", default="0,postfix",
                        help="comma-separated total send rates for the latency runs: 0 = as fast as the gateway answers, "
                             "'postfix' = Postfix's durable ingest rate measured in this run at the largest size, or a number")
    parser.add_argument("--skip", default="", help="comma-separated phases to leave out: gateway,postfix,stock,latency,scheduler")
    parser.add_argument("--no-build", action="store_true", help="use the jars already built")
    parser.add_argument("--offline", action="store_true", help="build with Maven offline (-o)")
    parser.add_argument("--render", help="redraw the Markdown table and SVG plot of a saved run (its .json)")
    args = parser.parse_args()

    if args.render:
        run = json.loads(Path(args.render).read_text())
        run["stem"] = Path(args.render).stem
        write_outputs(run)
        return

    sizes = [int(s) for s in args.sizes.split(",")] if args.sizes else ([1000, 10000] if args.quick else [1000, 10000, 100000])
    skip = set(filter(None, args.skip.split(",")))
    for command in ("java", "jcmd", "smtp-source", "smtp-sink"):
        if not shutil.which(command):
            raise SystemExit(f"missing command: {command} (see bench/README.md, prerequisites)")
    if "postfix" not in skip and os.geteuid() != 0:
        raise SystemExit("the Postfix reference needs root (its master process starts as root): run with sudo, or --skip postfix")
    if not args.no_build:
        subprocess.run([str(ROOT / "mvnw"), "-B", "-q", *(["-o"] if args.offline else []), "package", "-DskipTests",
                        "-pl", "app,stock-james", "-am"], cwd=ROOT, check=True)
    if not JAR.exists():
        raise SystemExit(f"missing {JAR}: build it with ./mvnw -B package -DskipTests -pl app,stock-james -am")
    if "stock" not in skip:
        stock_classpath()

    now = datetime.now(timezone.utc)
    command = "bench/performance_report.py" + (" --quick" if args.quick else "") + \
        "".join(f" {a}" for a in sys.argv[1:] if a != "--quick")
    run = {"date": now.strftime("%Y-%m-%d %H:%M UTC"), "stem": f"performance-{now.strftime('%Y%m%dT%H%M%SZ')}",
           "command": command, "args": vars(args), "sizes": sizes, "machine": machine(),
           "gateway": {}, "postfix": {}, "stock": {}, "latency": [], "scheduler": {}}
    phases = Phases()
    run["phases"] = phases.records
    try:
        for n in sizes:
            if "gateway" not in skip:
                run["gateway"][str(n)] = phases.run(f"gateway {n:,}", run_gateway, n, args)
            if "postfix" not in skip:
                run["postfix"][str(n)] = phases.run(f"Postfix {n:,}", run_postfix, n, args)
            if "stock" not in skip:
                run["stock"][str(n)] = phases.run(f"stock James {n:,}", run_stock, n, args)
        if "scheduler" not in skip:
            run["scheduler"] = {str(k): v for k, v in phases.run("scheduler", run_scheduler, sizes).items()}
        if "latency" not in skip:
            for rate in args.latency_rates.split(","):
                if rate == "postfix":
                    measured = run["postfix"].get(str(sizes[-1]), {}).get("deferred_rate")
                    if not measured:
                        continue
                    rate = round(measured)
                rate = float(rate)
                for warmup in sorted({0, args.latency_warmup}):
                    label = ("latency, as fast as answered" if not rate else f"latency, {rate:.0f} msg/s") + \
                        (f", after {warmup:,} messages" if warmup else ", fresh gateway")
                    run["latency"].append(phases.run(label, run_latency, args, rate, warmup))
    finally:
        write_outputs(run)


if __name__ == "__main__":
    main()
