#!/usr/bin/env python3
"""Cassandra benchmark (issue 8): the gateway's continuity stores in Cassandra against its embedded ones.

  bench/cassandra_benchmark.py [--messages 5000] [--size 5120] [--sessions 20] [--heap-messages 10000]
                               [--spool-sizes 1000,10000,100000]

1. Starts a real single-node Apache Cassandra 5.0 in its own JVM from the cassandra-all jars the build
   resolved (module cassandra-runtime), on free loopback ports, in a temporary directory; Java 17.
2. Runs the engine benchmark's gateway steps (engine_benchmark.measure_gateway: ingest during an outage,
   spooled and visible times, drain into smtp-sink, heap) twice in the same run: embedded stores, then
   the same with a conf/cassandra.properties pointing at that Cassandra. Reports Cassandra/memory ratios.
3. Scheduler page on Cassandra as the spool grows: bench/lib/CassandraSchedulerPageBenchmark.java fills one
   spool to each size and times one due page (500 entries), an empty notice page and the count.
4. Stops Cassandra by its process id and deletes its directory.
Results are printed as a table and written to bench/results/cassandra-<timestamp>.md.
"""
import argparse
import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

import engine_benchmark
from engine_benchmark import ROOT, JAR, free_port, progress

CLASSPATH_FILE = ROOT / "cassandra-runtime" / "target" / "classes" / "io" / "emergencyinbox" / "cassandra" / "runtime" / "cassandra-server.classpath"
JAVA_17_HOMES = ["/usr/lib/jvm/java-17-openjdk-amd64", "/usr/lib/jvm/java-17-openjdk-arm64", "/usr/lib/jvm/java-17-openjdk"]
# Cassandra 5.0's conf/jvm17-server.options, as in the tests' CassandraServer.
ADD_EXPORTS = ["java.base/jdk.internal.misc", "java.base/java.lang.ref", "java.management.rmi/com.sun.jmx.remote.internal.rmi",
               "java.rmi/sun.rmi.registry", "java.rmi/sun.rmi.server", "java.sql/java.sql", "jdk.unsupported/sun.misc",
               "jdk.compiler/com.sun.tools.javac.file", "jdk.attach/sun.tools.attach"]
ADD_OPENS = ["java.base/java.lang.module", "java.base/jdk.internal.loader", "java.base/jdk.internal.ref",
             "java.base/jdk.internal.reflect", "java.base/jdk.internal.math", "java.base/jdk.internal.module",
             "java.base/jdk.internal.util.jar", "java.base/sun.nio.ch", "java.base/java.io", "java.base/java.lang.reflect",
             "java.base/java.lang", "java.base/java.util", "jdk.management/com.sun.management.internal",
             "jdk.compiler/com.sun.tools.javac"]


def java17():
    for home in JAVA_17_HOMES:
        if os.access(f"{home}/bin/java", os.X_OK):
            return f"{home}/bin/java"
    raise SystemExit("Cassandra 5.0 needs a Java 17 (looked in " + ", ".join(JAVA_17_HOMES) + ")")


class Cassandra:
    """One node with Cassandra's default durability (commitlog_sync periodic, 10 s), 1 GiB heap."""

    def __init__(self):
        if not CLASSPATH_FILE.exists():
            raise SystemExit(f"{CLASSPATH_FILE} is missing: ./mvnw -B -q package -DskipTests builds it")
        self.directory = Path(tempfile.mkdtemp(prefix="emergency-bench-cassandra-"))
        self.cql_port, storage_port = free_port(), free_port()
        for child in ["conf", "data", "commitlog", "saved_caches", "hints", "cdc_raw", "logs"]:
            (self.directory / child).mkdir()
        d = self.directory
        (d / "conf" / "cassandra.yaml").write_text("\n".join([
            "cluster_name: emergency-inbox-bench", "num_tokens: 1",
            "partitioner: org.apache.cassandra.dht.Murmur3Partitioner",
            "authenticator: AllowAllAuthenticator", "authorizer: AllowAllAuthorizer",
            f"data_file_directories: [{d / 'data'}]", f"commitlog_directory: {d / 'commitlog'}",
            f"saved_caches_directory: {d / 'saved_caches'}", f"hints_directory: {d / 'hints'}",
            f"cdc_raw_directory: {d / 'cdc_raw'}", "commitlog_sync: periodic", "commitlog_sync_period: 10000ms",
            "seed_provider: [{class_name: org.apache.cassandra.locator.SimpleSeedProvider, parameters: [{seeds: \"127.0.0.1:"
            + str(storage_port) + "\"}]}]",
            "listen_address: 127.0.0.1", "rpc_address: 127.0.0.1", f"storage_port: {storage_port}",
            f"native_transport_port: {self.cql_port}", "endpoint_snitch: SimpleSnitch", "auto_snapshot: false", ""]))
        (d / "conf" / "logback.xml").write_text(
            "<configuration><appender name=\"FILE\" class=\"ch.qos.logback.core.FileAppender\">"
            f"<file>{d / 'logs' / 'system.log'}</file><encoder><pattern>%-5level %date{{ISO8601}} %msg%n</pattern></encoder>"
            "</appender><root level=\"INFO\"><appender-ref ref=\"FILE\"/></root></configuration>\n")
        classpath = CLASSPATH_FILE.read_text().strip()
        jamm = next(jar for jar in classpath.split(":") if Path(jar).name.startswith("jamm-"))
        command = [java17(), "-Xms1g", "-Xmx1g", "-Xss256k", "-XX:+UseG1GC", "-XX:+ExitOnOutOfMemoryError",
                   f"-javaagent:{jamm}", "-Djdk.attach.allowAttachSelf=true", "-Dio.netty.tryReflectionSetAccessible=true"]
        for export in ADD_EXPORTS:
            command += ["--add-exports", f"{export}=ALL-UNNAMED"]
        for opening in ADD_OPENS:
            command += ["--add-opens", f"{opening}=ALL-UNNAMED"]
        command += [f"-Dcassandra.config={(d / 'conf' / 'cassandra.yaml').as_uri()}",
                    f"-Dlogback.configurationFile={d / 'conf' / 'logback.xml'}", f"-Dcassandra.logdir={d / 'logs'}",
                    f"-Dcassandra.storagedir={d}", "-Dcassandra-foreground=yes",
                    "-Dcassandra.skip_wait_for_gossip_to_settle=0", "-Dcassandra.ring_delay_ms=100",
                    "-Dcassandra.superuser_setup_delay_ms=0", "-Dcassandra.initial_token=0",
                    "-cp", classpath, "org.apache.cassandra.service.CassandraDaemon"]
        self.log = open(d / "logs" / "stdout.log", "w")
        self.process = subprocess.Popen(command, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.time() + 180
        while True:
            if self.process.poll() is not None or time.time() > deadline:
                raise SystemExit("Cassandra did not start:\n" + (d / "logs" / "stdout.log").read_text()[-3000:])
            try:
                with socket.create_connection(("127.0.0.1", self.cql_port), timeout=0.5):
                    break
            except OSError:
                time.sleep(0.2)
        progress(f"Cassandra pid {self.process.pid} on CQL port {self.cql_port}")

    def properties(self, keyspace):
        return (f"cassandra.nodes=127.0.0.1:{self.cql_port}\ncassandra.local.datacenter=datacenter1\n"
                f"cassandra.keyspace={keyspace}\ncassandra.replication.factor=1\n")

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(60)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()
        shutil.rmtree(self.directory, ignore_errors=True)


def scheduler_pages(cassandra, sizes):
    lib = ROOT / "app" / "target" / "lib"
    output = subprocess.run([java17(), "-Xmx1g", "-cp", f"{lib}/*", str(ROOT / "bench" / "lib" / "CassandraSchedulerPageBenchmark.java"),
                             f"127.0.0.1:{cassandra.cql_port}", *[str(size) for size in sizes]],
                            check=True, capture_output=True, text=True).stdout
    rows = []
    for line in output.splitlines():
        if line.startswith("size="):
            rows.append({key: float(value) for key, value in re.findall(r"(\w+)=([\d.]+)", line)})
            progress(line)
    return rows


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=5000)
    parser.add_argument("--size", type=int, default=5120)
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--heap-messages", type=int, default=10000)
    parser.add_argument("--spool-sizes", default="1000,10000,100000")
    args = parser.parse_args()
    if not JAR.exists():
        raise SystemExit(f"{JAR} is missing: ./mvnw -B -q package -DskipTests builds it")
    sizes = [int(size) for size in args.spool_sizes.split(",")]
    cassandra = Cassandra()
    try:
        progress("gateway on its embedded stores")
        memory = engine_benchmark.measure_gateway(args)
        progress("gateway on Cassandra stores")
        on_cassandra = engine_benchmark.measure_gateway(args, cassandra.properties("bench_engine"))
        progress("scheduler pages on the Cassandra spool")
        pages = scheduler_pages(cassandra, sizes)
    finally:
        cassandra.stop()
    report(args, memory, on_cassandra, pages)


def report(args, memory, cassandra, pages):
    lines = [f"# Cassandra benchmark, {datetime.now(timezone.utc).strftime('%Y-%m-%d %H:%M UTC')}",
             "",
             f"Machine: {os.cpu_count()} cores, load average at the end {os.getloadavg()[0]:.2f}. Same run, one gateway each: "
             f"{args.messages} messages of {args.size} bytes over {args.sessions} SMTP sessions (smtp-source), downstream "
             "down during ingest, then drained into smtp-sink; spool.fsync=true for the embedded stores; one Cassandra 5.0 "
             "node on the same machine (commitlog_sync periodic 10 s, its default). Command: `bench/cassandra_benchmark.py`.",
             "",
             "| Figure | Memory stores | Cassandra stores | Cassandra / memory |",
             "|---|---|---|---|"]

    def row(name, key, unit="", higher_is_better=True):
        ours, theirs = memory[key], cassandra[key]
        ratio = theirs / ours if higher_is_better else ours / theirs
        lines.append(f"| {name} | {ours:.1f}{unit} | {theirs:.1f}{unit} | {ratio:.2f}× |")

    row("Ingest while down (msg/s accepted)", "accept_rate")
    row("All spooled (s from first connection)", "spooled_seconds", " s", False)
    row("All visible over JMAP (s from first connection)", "visible_seconds", " s", False)
    row("Drain (msg/s from route UP)", "drain_rate")
    row("Heap per spooled message, spool only (bytes)", "heap_per_spooled_message_bytes", "", False)
    lines += ["", "Ratios are expressed so that above 1.0× means Cassandra is as fast or lighter.", "",
              "## One scheduler tick on the Cassandra spool as it grows", "",
              "`bench/lib/CassandraSchedulerPageBenchmark.java`: one spool filled to each size (entries of one organisation, "
              "all due for delivery, none for a notice); p50/p99 of 200 reads after 50 warm-up reads.", "",
              "| Spool entries | Due page of 500, p50 / p99 (ms) | Empty notice page, p50 / p99 (ms) | Count, p50 / p99 (ms) | Adds/s while filling |",
              "|---|---|---|---|---|"]
    for page in pages:
        lines.append(f"| {int(page['size']):,} | {page['duePageP50Ms']:.2f} / {page['duePageP99Ms']:.2f} | "
                     f"{page['emptyNoticeP50Ms']:.2f} / {page['emptyNoticeP99Ms']:.2f} | "
                     f"{page['countP50Ms']:.2f} / {page['countP99Ms']:.2f} | {page['addsPerSecond']:.0f} |")
    text = "\n".join(lines) + "\n"
    print(text)
    results_dir = ROOT / "bench" / "results"
    results_dir.mkdir(exist_ok=True)
    (results_dir / f"cassandra-{datetime.now(timezone.utc).strftime('%Y%m%dT%H%M%SZ')}.md").write_text(text)


if __name__ == "__main__":
    main()
