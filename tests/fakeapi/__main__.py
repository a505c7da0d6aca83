"""`python -m tests.fakeapi --port N --script file.json`: the fake Messages API as its own process.

The first stdout line is `listening on http://127.0.0.1:PORT` (with `--port 0` the system
picks the port), so a test that starts this process reads the URL from it. The process
serves until it is terminated.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import signal
import sys
import threading
from pathlib import Path

from tests.fakeapi.server import FakeMessagesAPI, parse_script


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.fakeapi")
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port")
    parser.add_argument("--script", type=Path, help='JSON: {"replies": [...]}')
    args = parser.parse_args(argv)
    replies = []
    if args.script:
        try:
            replies = parse_script(json.loads(args.script.read_text(encoding="utf-8")))
        except (OSError, ValueError) as exc:
            print(f"cannot use script {args.script}: {exc}", file=sys.stderr)
            return 2
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    with FakeMessagesAPI(replies, port=args.port) as api:
        print(f"listening on {api.url}", flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            stop.wait()
    return 0


if __name__ == "__main__":
    sys.exit(main())
