#!/usr/bin/env python3
"""A real SMTP server for the send-reminders tests (Debian's python3-aiosmtpd):
listens on 127.0.0.1 on a free port, stores each message it accepts in DIR as
NNNN.eml (the bytes as received) with NNNN.json (envelope sender and recipients),
and prints its port on stdout.

It stops when its stdin reaches end of file — the test closes the pipe, or the
test process dies (killed or not) and the kernel closes it — and, on Linux, also
when its parent dies (PR_SET_PDEATHSIG): no server outlives its test.

While DIR/stall exists, a message's DATA is held after it was received and before
it is answered (up to 60 s): the client can be killed with the server holding a
message it never confirmed.

    smtp_sink.py DIR
"""
import asyncio
import ctypes
import json
import os
import signal
import socket
import sys
import time

from aiosmtpd.controller import Controller


def die_with_parent():
    try:
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except OSError:
        pass


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Store:
    def __init__(self, directory):
        self.dir = directory
        self.count = 0

    async def handle_DATA(self, server, session, envelope):
        deadline = time.monotonic() + 60
        while os.path.exists(os.path.join(self.dir, "stall")) and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
        self.count += 1
        base = os.path.join(self.dir, "%04d" % self.count)
        with open(base + ".json", "w", encoding="utf-8") as f:
            json.dump({"mail_from": envelope.mail_from, "rcpt_tos": envelope.rcpt_tos}, f)
        with open(base + ".tmp", "wb") as f:
            f.write(envelope.original_content)
        os.rename(base + ".tmp", base + ".eml")  # whole messages only
        return "250 Message accepted for delivery"


def main():
    directory = sys.argv[1]
    die_with_parent()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    controller = None
    for _ in range(20):  # another process may take the free port first
        port = free_port()
        controller = Controller(Store(directory), hostname="127.0.0.1", port=port)
        try:
            controller.start()
            break
        except (OSError, RuntimeError):
            controller = None
    if controller is None:
        sys.exit("smtp_sink: no free port")
    print(port, flush=True)
    try:
        while sys.stdin.buffer.read(1024):
            pass
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
