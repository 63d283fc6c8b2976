#!/usr/bin/env python3
"""Ingest of successive batches on one freshly started gateway: how a fresh JVM's rate grows as it compiles.

    bench/warmup_curve.py                                   # batches 1000,1000,5000,20000,20000
    bench/warmup_curve.py --jvm-options=-XX:TieredStopAtLevel=1 --batches 1000,1000,5000

Each batch is sent by smtp-source (20 sessions, 5,120-byte messages) to one user while the downstream is down;
its rate runs from its first connection until the route status counts every message spooled. Uses the jar built
by bench/performance_report.py (app/target/emergency-inbox.jar). JVM options reach the gateway through
JDK_JAVA_OPTIONS. Prints one line per batch and the CPU time of the JIT compiler threads at the end.
"""
import argparse
import os
import tempfile
import time

import performance_report as report


def compiler_cpu_seconds(pid):
    """CPU seconds of the C1 and C2 compiler threads (from /proc, per thread name)."""
    total = {}
    ticks = os.sysconf("SC_CLK_TCK")
    for tid in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{tid}/comm") as comm, open(f"/proc/{pid}/task/{tid}/stat") as stat:
                name = comm.read().strip()
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if "CompilerThre" in name:
            kind = name.split()[0]
            total[kind] = total.get(kind, 0) + (int(fields[11]) + int(fields[12])) / ticks
    return total


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--batches", default="1000,1000,5000,20000,20000", help="comma-separated batch sizes")
    parser.add_argument("--jvm-options", default="", help="extra JVM options of the gateway (JDK_JAVA_OPTIONS)")
    parser.add_argument("--heap", default="4g")
    parser.add_argument("--recipient", default="user@bench.test",
                        help="noaccount@bench.test: a managed address without account, spooled without Emergency Inbox copy")
    args = parser.parse_args()
    if args.jvm_options:
        os.environ["JDK_JAVA_OPTIONS"] = args.jvm_options
    else:
        os.environ.pop("JDK_JAVA_OPTIONS", None)
    gateway = report.Gateway(tempfile.mkdtemp(prefix="warmup-curve-"), args.heap)
    try:
        gateway.wait_state("DOWN")
        spooled = 0
        sent = 0
        for batch in (int(size) for size in args.batches.split(",")):
            started = time.time()
            report.smtp_source(gateway.smtp, batch, 5120, 20, args.recipient)
            spooled += batch
            report.wait_until("all spooled", lambda: gateway.spooled() >= spooled, 600, 0.05)
            print(f"messages {sent + 1:>6}-{sent + batch:<6}: {batch / (time.time() - started):6.0f} msg/s", flush=True)
            sent += batch
        compilers = compiler_cpu_seconds(gateway.process.pid)
        print("JIT compiler threads, CPU seconds since start: "
              + ", ".join(f"{kind} {seconds:.1f}" for kind, seconds in sorted(compilers.items())))
        print("JVM options: " + (args.jvm_options or "(defaults)"))
    finally:
        gateway.stop()


if __name__ == "__main__":
    main()
