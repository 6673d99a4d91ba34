"""`nomenklatur serve` under load (issue 18): one upload of a 10k-row workbook to the check page's stream
(/api/periksa, read to its end), then N concurrent uploads of the same workbook; prints the time of one, the
time of all N, their ratio, and the peak memory of the server with its worker processes. One run, one machine.

    python bench/web.py                      # 10 concurrent, server with its defaults (a check per core)
    python bench/web.py --rows 10k --concurrent 10 --serentak 2
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import OUT, label, parse_size  # noqa: E402  (bench/run.py, beside this file)
from temuan import generate  # noqa: E402

BOUNDARY = "bench-nomenklatur"


def _body(path: Path) -> bytes:
    head = (f"--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"tahun\"\r\n\r\n2024\r\n"
            f"--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"berkas\"; filename=\"{path.name}\"\r\n"
            "Content-Type: application/octet-stream\r\n\r\n")
    return head.encode() + path.read_bytes() + f"\r\n--{BOUNDARY}--\r\n".encode()


def upload(url: str, body: bytes) -> float:
    """Seconds until the whole stream was read; raises unless it ends with the report."""
    start = time.perf_counter()
    request = urllib.request.Request(f"{url}/api/periksa", data=body, method="POST",
                                     headers={"content-type": f"multipart/form-data; boundary={BOUNDARY}"})
    with urllib.request.urlopen(request, timeout=600) as answer:
        last = [line for line in answer.read().decode().splitlines() if line.strip()][-1]
    if json.loads(last)["tahap"] != "selesai":
        raise RuntimeError(last[:300])
    return time.perf_counter() - start


def _tree_rss_mb(pid: int) -> float:
    """Resident memory of a process and all its descendants, in MB."""
    total, pending = 0, [pid]
    while pending:
        current = pending.pop()
        try:
            with open(f"/proc/{current}/status") as status:
                total += next(int(line.split()[1]) for line in status if line.startswith("VmRSS:"))
            with open(f"/proc/{current}/task/{current}/children") as children:
                pending += [int(c) for c in children.read().split()]
        except (OSError, StopIteration):
            continue
    return total / 1024


class Peak(threading.Thread):
    """The largest resident memory of the server's process tree, sampled every 20 ms."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.peak, self.running = pid, 0.0, True

    def run(self) -> None:
        while self.running:
            self.peak = max(self.peak, _tree_rss_mb(self.pid))
            time.sleep(0.02)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", default="10k")
    parser.add_argument("--concurrent", type=int, default=10)
    parser.add_argument("--serentak", type=int, default=None, help="checks at once (default: the server's own)")
    args = parser.parse_args()
    rows = parse_size(args.rows)
    workbook = generate(OUT / f"temuan-bersih-{label(rows)}.xlsx", rows, False)
    body = _body(workbook)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    command = [sys.executable, "-m", "nomenklatur", "serve", "--port", str(port),
               "--antrean", str(args.concurrent)]
    if args.serentak:
        command += ["--serentak", str(args.serentak)]
    server = subprocess.Popen(command, stderr=subprocess.DEVNULL, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                urllib.request.urlopen(f"{url}/sehat", timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        upload(url, body)  # the workers start and read their lists: not part of either measure
        upload(url, body)
        idle = _tree_rss_mb(server.pid)
        peak = Peak(server.pid)
        peak.start()
        one = min(upload(url, body) for _ in range(3))
        start = time.perf_counter()
        with ThreadPoolExecutor(args.concurrent) as pool:
            each = list(pool.map(lambda _: upload(url, body), range(args.concurrent)))
        together = time.perf_counter() - start
        peak.running = False
        peak.join()
    finally:
        server.terminate()
        server.wait(timeout=30)
    print(f"{label(rows)} rows, {len(body) / 1e6:.1f} MB upload, server with {args.serentak or 'default'} checks at once")
    print(f"one upload (best of 3):          {one:6.2f} s")
    print(f"{args.concurrent} concurrent uploads, all done: {together:6.2f} s  ({together / one:.2f}x one; target <= 3x)")
    print(f"slowest / fastest of them:       {max(each):6.2f} / {min(each):.2f} s")
    print(f"server + workers RSS: idle {idle:.0f} MB, peak {peak.peak:.0f} MB")


if __name__ == "__main__":
    main()
