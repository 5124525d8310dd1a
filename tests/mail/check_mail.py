#!/usr/bin/env python3
"""Checks the messages tests/mail/mail_print prints (JSON lines on stdin) with
Python's email package, policy=email.policy.default: the raw form is 7-bit with
CRLF and lines of at most 76 characters, every header decodes back to its input
and every part's payload back to its body (line breaks made CRLF)."""
import datetime
import email
import email.header
import email.policy
import email.utils
import json
import re
import sys


def canonical(text):
    return re.sub(r"\r\n|\r|\n", "\r\n", text)


def check(case):
    name = case["case"]
    raw = case["message"]
    data = raw.encode("ascii")  # 7-bit only: raises on any other byte
    assert "\n" not in raw.replace("\r\n", ""), f"{name}: a bare LF"
    assert "\r" not in raw.replace("\r\n", ""), f"{name}: a bare CR"
    for line in raw.split("\r\n"):
        assert len(line) <= 76, f"{name}: a line of {len(line)} characters: {line!r}"
    msg = email.message_from_bytes(data, policy=email.policy.default)
    assert not msg.defects, f"{name}: defects {msg.defects}"

    def one(header):
        values = msg.get_all(header) or []
        assert len(values) == 1, f"{name}: {header} appears {len(values)} times"
        return values[0]

    legacy = email.message_from_bytes(data, policy=email.policy.compat32)

    def mailboxes(header, expected):
        """The mailboxes of an address header against [(address, name)]. Names are decoded twice: by
        email.header (RFC 2047 6.2: the space between adjacent encoded-words is dropped), and by
        policy.default, which Python 3.11 gets wrong when a name is split into several encoded-words
        (it adds a space between them: CPython gh-128110), so there only the characters are compared."""
        parsed = one(header).addresses
        assert [a.addr_spec for a in parsed] == [a for a, _ in expected], (name, header, parsed)
        raw = email.utils.getaddresses(legacy.get_all(header))
        decoded = [str(email.header.make_header(email.header.decode_header(p))) for p, _ in raw]
        assert decoded == [n for _, n in expected], (name, header, decoded)
        for (phrase, _), a, (_, n) in zip(raw, parsed, expected):
            if phrase.count("=?") <= 1:
                assert a.display_name == n, (name, header, a.display_name, n)
            else:
                assert "".join(a.display_name.split()) == "".join(n.split()), (name, header, a.display_name, n)

    mailboxes("From", [(case["from"], case["from_name"] or "")])
    mailboxes("To", [tuple(x) for x in case["to"]])
    if case["reply_to"]:
        assert one("Reply-To").addresses[0].addr_spec == case["reply_to"]
    else:
        assert msg.get("Reply-To") is None
    assert str(one("Subject")) == case["subject"], (name, str(msg["Subject"]), case["subject"])
    zone = datetime.timezone(datetime.timedelta(minutes=case["offset"]))
    when = datetime.datetime.fromtimestamp(case["date"], zone)
    assert str(one("Date")) == email.utils.format_datetime(when), (name, str(msg["Date"]))
    assert one("Date").datetime == when
    assert str(one("Message-ID")) == case["message_id"]
    assert str(one("MIME-Version")) == "1.0"
    assert str(one("Auto-Submitted")) == "auto-generated"
    for key, value in case["headers"]:
        assert str(one(key)) == value, (name, key, str(msg[key]), value)

    cte = "base64" if case["base64"] else "quoted-printable"
    bodies = [("text/plain", case["text"])]
    if case["html"] is not None:
        assert msg.get_content_type() == "multipart/alternative"
        parts = list(msg.iter_parts())
        bodies.append(("text/html", case["html"]))
    else:
        parts = [msg]
    assert len(parts) == len(bodies), name
    for part, (ctype, body) in zip(parts, bodies):
        assert part.get_content_type() == ctype, (name, part.get_content_type())
        assert part.get_content_charset() == "utf-8"
        assert part["Content-Transfer-Encoding"] == cte
        assert part.get_payload(decode=True) == canonical(body).encode("utf-8"), (name, ctype,
                                                                                 part.get_payload(decode=True))
        assert part.get_content().replace("\r\n", "\n") == canonical(body).replace("\r\n", "\n"), (name, ctype)
    return name


def main():
    names = [check(json.loads(line)) for line in sys.stdin if line.strip()]
    assert len(names) >= 5, names
    print("checked:", ", ".join(names))


if __name__ == "__main__":
    main()
