#!/usr/bin/env python3
"""Fills in the expected lines of *.cases from a real Redis 7.0 (port in $REDIS_PORT, default 6379).

A .cases file holds pairs of lines: '? <Lua expression>' and '= <what Redis returned>'. '?!' marks a case whose
result depends on the Lua runtime rather than the library (number printing, tail-call error positions): the unit
test skips it, the EVAL differential script covers it. Each expression runs as
EVAL "<prelude.lua> return <expression>" 0; the reply (a bulk string, or an error) becomes the '=' line.
"""
import glob, os, socket, sys

def command(sock, *args):
    payload = b'*%d\r\n' % len(args) + b''.join(b'$%d\r\n%s\r\n' % (len(a), a) for a in args)
    sock.sendall(payload)
    return read_reply(sock.makefile('rb'))

def read_reply(f):
    line = f.readline().rstrip(b'\r\n')
    kind, rest = line[:1], line[1:]
    if kind == b'$':
        n = int(rest)
        return None if n < 0 else f.read(n + 2)[:-2]
    if kind in (b'+', b'-', b':'):
        return (b'-' if kind == b'-' else b'') + rest
    raise SystemExit('unexpected reply ' + repr(line))

here = os.path.dirname(os.path.abspath(__file__))
prelude = open(os.path.join(here, 'prelude.lua'), 'rb').read()
sock = socket.create_connection(('127.0.0.1', int(os.environ.get('REDIS_PORT', '6379'))))
for path in sorted(glob.glob(os.path.join(here, '*.cases'))):
    out = []
    for line in open(path, 'rb').read().split(b'\n'):
        if line.startswith(b'= ') or line == b'':
            continue
        out.append(line)
        if line.startswith(b'? ') or line.startswith(b'?! '):
            expression = line.split(b' ', 1)[1]
            reply = command(sock, b'EVAL', prelude + b'\nreturn ' + expression, b'0')
            out.append(b'= ' + (b'<nil>' if reply is None else reply))
    open(path, 'wb').write(b'\n'.join(out) + b'\n')
    print(path, len([l for l in out if l.startswith(b'? ')]), 'cases')
