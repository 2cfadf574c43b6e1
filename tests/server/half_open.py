#!/usr/bin/env python3
"""half_open.py PORT COUNT HOLD ADDRESS...: from each local ADDRESS, open
COUNT connections to 127.0.0.1:PORT and send half a request; after half a
second print "ADDRESS ALIVE" for each address (a connection the server
refused at accept is closed at once: reading it gives the end of the
stream; one it holds gives nothing yet); then hold them for HOLD seconds,
sending a byte every half second, as a slow client does. For
tests/server/slow_clients.sh."""
import socket
import sys
import time

port, count, hold = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])
held = {}
for src in sys.argv[4:]:
    socks = []
    for _ in range(count):
        s = socket.socket()
        s.bind((src, 0))
        try:
            s.connect(("127.0.0.1", port))
            s.sendall(b"GET /api/parties HTTP/1.1\r\nHost: x\r\nX-Slow: ")
        except OSError:
            s.close()
            continue
        socks.append(s)
    held[src] = socks
time.sleep(0.5)
for src, socks in held.items():
    alive = 0
    for s in socks:
        s.setblocking(False)
        try:
            alive += 0 if s.recv(1) == b"" else 1
        except BlockingIOError:
            alive += 1
        except OSError:
            pass
    print(src, alive, flush=True)
for _ in range(int(hold * 2)):
    time.sleep(0.5)
    for socks in held.values():
        for s in socks:
            try:
                s.send(b"a")
            except OSError:
                pass
