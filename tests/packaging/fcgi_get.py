#!/usr/bin/python3
"""One GET request to a FastCGI server (php-fpm) on a unix socket, as a web server would send it.

    fcgi_get.py SOCKET DOCUMENT_ROOT /PAGE.php[?QUERY]
    fcgi_get.py SOCKET DOCUMENT_ROOT /ANY/PATH[?QUERY] FRONT_CONTROLLER   (the portal: every path to one script)

Prints the response (CGI headers, a blank line, the body) to stdout and what the application wrote
to its stderr stream to stderr; exits 0 when the request completed (whatever the page's status), 1 if
the server could not be reached or answered something else than FastCGI. Standard library only: the
packaging test (tests/packaging/packaging_test.sh) runs it with Debian's /usr/bin/python3.
"""
import socket
import struct
import sys

FCGI_VERSION, BEGIN_REQUEST, END_REQUEST, PARAMS, STDIN, STDOUT, STDERR = 1, 1, 3, 4, 5, 6, 7
RESPONDER, REQUEST_ID = 1, 1


def record(kind, content=b""):
    return struct.pack(">BBHHBx", FCGI_VERSION, kind, REQUEST_ID, len(content), 0) + content


def name_value(name, value):
    out = b""
    for part in (name, value):
        n = len(part)
        out += bytes([n]) if n < 128 else struct.pack(">I", n | 0x80000000)
    return out + name + value


def recv_exact(sock, n):
    buf = b""
    while len(buf) < n:
        chunk = sock.recv(n - len(buf))
        if not chunk:
            raise EOFError("the server closed the connection in the middle of a record")
        buf += chunk
    return buf


def main():
    if len(sys.argv) not in (4, 5):
        sys.exit(__doc__)
    sock_path, root, uri = sys.argv[1:4]
    front = sys.argv[4] if len(sys.argv) == 5 else None
    path, _, query = uri.partition("?")
    params = {
        "GATEWAY_INTERFACE": "CGI/1.1", "SERVER_SOFTWARE": "fcgi_get.py", "SERVER_PROTOCOL": "HTTP/1.1",
        "SERVER_NAME": "127.0.0.1", "SERVER_PORT": "80", "REMOTE_ADDR": "127.0.0.1", "REQUEST_METHOD": "GET",
        "REQUEST_URI": uri, "SCRIPT_NAME": path, "DOCUMENT_URI": path, "DOCUMENT_ROOT": root,
        "SCRIPT_FILENAME": root.rstrip("/") + path, "QUERY_STRING": query, "HTTP_HOST": "127.0.0.1",
    }
    if front is not None:
        params.update(SCRIPT_NAME="/" + front.rsplit("/", 1)[-1], SCRIPT_FILENAME=front)
    body = b"".join(name_value(k.encode(), v.encode()) for k, v in params.items())
    request = (record(BEGIN_REQUEST, struct.pack(">HB5x", RESPONDER, 0)) + record(PARAMS, body) + record(PARAMS)
               + record(STDIN))
    out, err = b"", b""
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
            s.settimeout(30)
            s.connect(sock_path)
            s.sendall(request)
            while True:
                version, kind, _rid, length, padding = struct.unpack(">BBHHBx", recv_exact(s, 8))
                content = recv_exact(s, length)
                recv_exact(s, padding)
                if version != FCGI_VERSION:
                    raise ValueError(f"not a FastCGI record (version {version})")
                if kind == STDOUT:
                    out += content
                elif kind == STDERR:
                    err += content
                elif kind == END_REQUEST:
                    break
    except (OSError, EOFError, ValueError, struct.error) as e:
        sys.stderr.write(f"fcgi_get.py: {sock_path}: {e}\n")
        return 1
    sys.stdout.buffer.write(out)
    sys.stderr.buffer.write(err)
    return 0


if __name__ == "__main__":
    sys.exit(main())
