"""Drives `heml serve` with N concurrent clients (threads, one keep-alive connection and one session each) for a
bounded time per level and prints one Markdown row per level: requests/s, rows/s, p50/p99 latency, errors, and the
server's peak resident memory (VmHWM). Used by Benchmarks/serve-load.sh, which prepares the keys and rows."""

import argparse
import http.client
import json
import threading
import time
import urllib.parse


def register(url, keys):
    connection = http.client.HTTPConnection(url.hostname, url.port, timeout=600)
    connection.request("POST", "/v1/sessions", body=keys)
    response = connection.getresponse()
    body = response.read()
    if response.status != 201:
        raise SystemExit(f"registration answered {response.status}: {body[:200]!r}")
    return json.loads(body)["session"]


def client(url, session, rows, deadline, latencies, errors, keep):
    connection = http.client.HTTPConnection(url.hostname, url.port, timeout=600)
    path = f"/v1/sessions/{session}/scores"
    while time.monotonic() < deadline:
        begun = time.monotonic()
        try:
            connection.request("POST", path, body=rows)
            response = connection.getresponse()
            body = response.read()
        except OSError:
            errors.append("connection")
            connection = http.client.HTTPConnection(url.hostname, url.port, timeout=600)
            continue
        if response.status == 200 and body:
            latencies.append(time.monotonic() - begun)
            if keep is not None and not keep:
                keep.append(body)
        else:
            errors.append(response.status)


def peak_memory_mib(pid):
    for line in open(f"/proc/{pid}/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True)
    parser.add_argument("--work", required=True)
    parser.add_argument("--rows", type=int, required=True)
    parser.add_argument("--seconds", type=float, required=True)
    parser.add_argument("--server-pid", type=int, required=True)
    parser.add_argument("--clients", type=int, nargs="+", required=True)
    arguments = parser.parse_args()
    url = urllib.parse.urlparse(arguments.url)
    count = max(arguments.clients)
    keys = [open(f"{arguments.work}/client{i + 1}.hemlscore", "rb").read() for i in range(count)]
    rows = [open(f"{arguments.work}/client{i + 1}.hemlrows", "rb").read() for i in range(count)]
    sessions = [register(url, k) for k in keys]
    print(f"keys {len(keys[0])} bytes, request {len(rows[0])} bytes ({arguments.rows} rows), "
          f"{arguments.seconds:.0f} s per level")
    print("| clients | requests | requests/s | rows/s | p50 latency (ms) | p99 latency (ms) | errors | peak RSS (MiB) |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    failed = 0
    first_answer = []
    for n in arguments.clients:
        latencies, errors = [], []
        deadline = time.monotonic() + arguments.seconds
        begun = time.monotonic()
        threads = [
            threading.Thread(
                target=client,
                args=(url, sessions[i], rows[i], deadline, latencies, errors, first_answer if i == 0 else None))
            for i in range(n)
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.monotonic() - begun
        failed += len(errors)
        rate = len(latencies) / elapsed
        print(f"| {n} | {len(latencies)} | {rate:.2f} | {rate * arguments.rows:.0f} | "
              f"{1000 * percentile(latencies, 50):.0f} | {1000 * percentile(latencies, 99):.0f} | {len(errors)} | "
              f"{peak_memory_mib(arguments.server_pid):.0f} |")
    open(f"{arguments.work}/answer1.hemlscores", "wb").write(first_answer[0])
    raise SystemExit(1 if failed else 0)


if __name__ == "__main__":
    main()
