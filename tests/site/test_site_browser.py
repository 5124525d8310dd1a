#!/usr/bin/env python3
"""examples/php-site in a real browser (ctest label "browser").

Builds the demo ledger with `supportctl demo` in a temporary directory, serves
examples/php-site with PHP's built-in server and the libsupport extension on a
free port, and opens it in Debian's headless Chromium through Debian's
chromedriver (W3C WebDriver, spoken with the standard library: tests/site/webdriver.py).

Checks: the customer page of a customer in every status (active, expiring,
grace, lapsed, renewed at the preferential and at the standard rate, a paid and
an expired subscription) shows the status, dates DD.MM.YYYY, amounts
"1 998 руб." with U+00A0, the offer, the downloadable releases and those that
need a renewal, the contacts, and the library's notice byte for byte as
`supportctl customer --notice --html` renders it; the date parameter and the
$LIBSUPPORT_TODAY / $LIBSUPPORT_LEDGER settings; bad input (unknown customer,
malformed code, id or date, injection attempts, overlong values, invalid UTF-8)
gets an error page with its HTTP status and no PHP message; nothing written to
the server's log. Screenshots (PNG) go to $SITE_ARTIFACTS.

A missing chromium or chromedriver is a failure, not a skip: scripts/deps.sh
installs both (Debian packages chromium, chromium-driver).

On both engines: site_browser over the SQLite file, pg.site_browser
(SUP_TEST_BACKEND=pg) over the demo ledger in a PostgreSQL schema, which the
site reads as a role that may only read (granted through the PHP binding, as a
deployment would); there the pages of a copy made with `supportctl migrate` and
of the SQLite demo file must be byte for byte the same.

Environment: SUPPORTCTL, SUP_PHP, SUP_PHP_EXTENSION, SITE_DIR, SITE_ARTIFACTS
(set by ctest); CHROMIUM, CHROMEDRIVER (default: found on PATH).
"""
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "pg"))
from webdriver import ChromeDriver, die_with_parent, free_port, http, kill_group, reaper  # noqa: E402
import webdriver  # noqa: E402
import ledger_targets as lt  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
NBSP = "\u00a0"
DEMO_TODAY = "2026-11-26"

# Text that must never reach a visitor: PHP's own messages and traces.
PHP_LEAKS = re.compile(r"(Warning|Notice|Deprecated|Fatal error|Parse error|Uncaught|Stack trace|"
                       r"\.php on line|\.php:\d+|#0 \{main\}|ErrorException|TypeError|ValueError)")
LOG_PROBLEMS = re.compile(r"(PHP (Warning|Notice|Deprecated|Fatal|Parse)|Stack trace|php-site: 500)")


def env_path(name, default=None):
    v = os.environ.get(name) or default
    if not v:
        raise RuntimeError(f"{name} is not set (run this test through ctest)")
    return v


def which_or_fail(env, program):
    path = os.environ.get(env) or shutil.which(program)
    if not path or not os.access(path, os.X_OK):
        raise RuntimeError(f"{program} not found (set {env}, or install the Debian package: "
                           f"bash scripts/deps.sh installs chromium and chromium-driver)")
    return path


class PhpServer:
    """php -S on a free port over the site, with its stderr in a log file."""

    def __init__(self, workdir, name, env_extra, site=None, extension=True):
        self.workdir, self.name, self.env_extra = workdir, name, env_extra
        self.site, self.extension = site, extension
        self.proc = None
        self.port = None
        self.log_path = os.path.join(workdir, f"php-{name}.log")

    def start(self, timeout=20.0):
        php, site = env_path("SUP_PHP"), self.site or env_path("SITE_DIR")
        # -n without the extension: no php.ini either, so nothing else can load it
        ext = ["-d", "extension=" + env_path("SUP_PHP_EXTENSION")] if self.extension else ["-n"]
        env = dict(os.environ)
        for k in ("LIBSUPPORT_LEDGER", "LIBSUPPORT_TODAY"):
            env.pop(k, None)
        env.update(self.env_extra)
        env["PWD"] = self.workdir
        # php.ini as documented, but none of the system's conf.d: an extension installed and enabled
        # there (a libsupport package, by another test on this machine) must not be loaded before ours
        env["PHP_INI_SCAN_DIR"] = ""
        last = ""
        for _attempt in range(5):
            self.port = free_port()
            log = open(self.log_path, "wb")
            # As documented (docs/site.md), plus PHP's loudest error settings: the site itself must
            # keep every PHP message off its pages.
            self.proc = subprocess.Popen(
                [php, *ext, "-d", "display_errors=1", "-d", "display_startup_errors=1",
                 "-d", "error_reporting=-1", "-d", "html_errors=1",
                 "-S", f"127.0.0.1:{self.port}", "-t", site],
                cwd=self.workdir, env=env, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                start_new_session=True, preexec_fn=die_with_parent)
            reaper().watch(self.proc)
            log.close()
            deadline = time.monotonic() + timeout
            while time.monotonic() < deadline:
                if self.proc.poll() is not None:
                    break
                try:
                    status, _h, _b = http("GET", self.url("/style.css"), timeout=2)
                    if status == 200:
                        return self
                except OSError:
                    pass
                time.sleep(0.05)
            else:
                self.stop()
                raise RuntimeError(f"php -S ({self.name}) did not answer within {timeout} s:\n{self.log()}")
            last = self.log()
            if "Address already in use" not in last:
                break
        raise RuntimeError(f"php -S ({self.name}) would not start:\n{last}")

    def url(self, path):
        return f"http://127.0.0.1:{self.port}{path}"

    def get(self, path):
        status, headers, body = http("GET", self.url(path), timeout=30)
        return status, headers, body.decode("utf-8", "replace")

    def log(self):
        try:
            with open(self.log_path, encoding="utf-8", errors="replace") as f:
                return f.read()
        except OSError:
            return ""

    def stop(self):
        kill_group(self.proc)
        self.proc = None


def q(**params):
    return "?" + urllib.parse.urlencode(params)


def raw_q(name, raw_bytes):
    """A query string carrying arbitrary bytes (invalid UTF-8, NUL), percent-encoded."""
    return f"?{name}=" + urllib.parse.quote_from_bytes(raw_bytes, safe="")


def png_size(png):
    if png[:8] != b"\x89PNG\r\n\x1a\n" or png[12:16] != b"IHDR":
        raise AssertionError("not a PNG")
    return struct.unpack(">II", png[16:24])


# The page's facts as the browser shows them, per license card.
CARDS_JS = r"""
const text = (el) => el ? el.innerText.trim() : null;
return Array.from(document.querySelectorAll('article.license')).map((a) => ({
  id: Number(a.dataset.license),
  state: a.dataset.state,
  status: text(a.querySelector('dd.status')),
  supportUntil: text(a.querySelector('dd.support-until')),
  preferentialUntil: text(a.querySelector('dd.preferential-until')),
  allowed: Array.from(a.querySelectorAll('ul.allowed li')).map((li) => li.dataset.version),
  needsRenewal: Array.from(a.querySelectorAll('ul.needs-renewal li')).map((li) => li.dataset.version),
  offerKind: text(a.querySelector('dd.offer-kind')),
  fee: text(a.querySelector('dd.fee')),
  newUntil: text(a.querySelector('dd.new-until')),
  validThrough: text(a.querySelector('dd.valid-through')),
  notice: text(a.querySelector('section.notice')),
  text: a.innerText,
}));
"""

# customer -> what its page must say on the demo's date (2026-11-26): one entry per license, in order.
EXPECTED = {
    "ROMASHKA": [  # active; a 6-month and a 12-month product
        dict(state="active", status="поддержка активна", supportUntil="10.02.2027", allowed=["3.0", "3.1"],
             needsRenewal=[], offerKind="Льготное продление поддержки", fee=f"1{NBSP}998 руб.",
             validThrough="до 30.11.2026 включительно", notice=["осталось 76 дней"]),
        dict(state="active", status="поддержка активна", supportUntil="01.03.2027", allowed=["1.5", "2.0"],
             needsRenewal=[], offerKind="Льготное продление поддержки", fee=f"3{NBSP}000 руб.",
             validThrough="до 01.04.2027 включительно", notice=[]),
    ],
    "PETROV": [  # active, support ends within 30 days
        dict(state="active", status="поддержка активна", supportUntil="05.12.2026", allowed=["3.0", "3.1"],
             needsRenewal=[], offerKind="Льготное продление поддержки", fee=f"1{NBSP}998 руб.",
             validThrough="до 30.11.2026 включительно", notice=["осталось 9 дней"]),
    ],
    "VECTOR": [  # grace: support ended 10.11.2026, the preferential window is open to 10.12.2026
        dict(state="grace", status="льготное продление", supportUntil="10.11.2026",
             preferentialUntil="10.12.2026", allowed=["3.0", "3.1"], needsRenewal=[],
             offerKind="Льготное продление поддержки", fee=f"1{NBSP}998 руб.", newUntil="10.11.2027",
             validThrough="до 30.11.2026 включительно",
             notice=["срок технической поддержки истёк 10.11.2026", "осталось 14 дней",
                     f"25% от цены продукта 7{NBSP}990 руб.", "осталось 4 дня", "Консультации: недоступны"]),
    ],
    "SEVER": [  # lapsed: window closed 15.04.2026; both releases came out after support ended
        dict(state="lapsed", status="поддержка закончилась", supportUntil="15.03.2026", allowed=[],
             needsRenewal=["3.0", "3.1"], offerKind="Стандартное продление поддержки", fee=f"3{NBSP}596 руб.",
             newUntil="26.11.2027", validThrough="до 30.11.2026 включительно",
             notice=["срок льготного продления закончился 15.04.2026", "45% от цены продукта"]),
    ],
    "ALFA": [  # renewed in the window (preferential)
        dict(state="active", status="поддержка активна", supportUntil="20.04.2027", allowed=["3.0", "3.1"],
             needsRenewal=[], fee=f"1{NBSP}998 руб.", notice=[]),
    ],
    "SMIRNOVA": [  # renewed after the window (standard)
        dict(state="active", status="поддержка активна", supportUntil="20.08.2027", allowed=["1.5", "2.0"],
             needsRenewal=[], fee=f"3{NBSP}000 руб.", validThrough="до 20.09.2027 включительно", notice=[]),
    ],
    "OBLAKO": [  # subscription, paid
        dict(state="active", status="подписка оплачена", supportUntil="25.12.2026", allowed=[], needsRenewal=[],
             offerKind="Оплата подписки", fee="990 руб.", newUntil="25.01.2027",
             validThrough="без ограничения срока, пока не изменится цена подписки",
             notice=["подписка оплачена до 25.12.2026 включительно", "Оплата подписки на 1 месяц: 990 руб."]),
    ],
    "KOZLOV": [  # subscription, expired
        dict(state="expired", status="подписка истекла", supportUntil="01.09.2026", allowed=[], needsRenewal=[],
             offerKind="Оплата подписки", fee="990 руб.", newUntil="26.12.2026",
             notice=["срок подписки истёк 01.09.2026", "Использование продукта: недоступно"]),
    ],
}

# The notice's words (the library's label table), not words of the site's own.
CONTACTS = ["WhatsApp: +7 927 853 15 26", "электронная почта: manager@v8PRO.ru", "чат на сайте: v8PRO.ru",
            "группа ВКонтакте: vk.com/v8proru", "По телефону поддержка не осуществляется."]


def make_demo(target):
    r = subprocess.run([env_path("SUPPORTCTL"), "demo", "--ledger", target], capture_output=True, timeout=120)
    if r.returncode != 0:
        raise RuntimeError("supportctl demo failed: " + r.stderr.decode("utf-8", "replace"))


def php_binding(code, *args):
    """Run PHP code with the extension (what an administrator's script would do)."""
    r = subprocess.run([env_path("SUP_PHP"), "-n", "-d", "extension=" + env_path("SUP_PHP_EXTENSION"), "-r", code,
                        *args], capture_output=True, timeout=60)
    if r.returncode != 0:
        raise RuntimeError(f"php -r {code!r}: " + (r.stderr + r.stdout).decode("utf-8", "replace"))


def setUpModule():
    global WORK, LEDGER, SITE_LEDGER, ARTIFACTS, SERVER, BROWSER
    WORK = tempfile.mkdtemp(prefix="sup-site-")
    reaper().remove_dir(WORK)
    SERVER = BROWSER = None
    try:
        ARTIFACTS = env_path("SITE_ARTIFACTS", os.path.join(os.getcwd(), "site-artifacts"))
        os.makedirs(ARTIFACTS, exist_ok=True)
        chromium = which_or_fail("CHROMIUM", "chromium")
        chromedriver = which_or_fail("CHROMEDRIVER", "chromedriver")
        if lt.ON_PG:
            # The demo ledger in a schema; the site reads it as a role that may only read.
            LEDGER = lt.new_schema_uri()
            make_demo(LEDGER)
            role = lt.new_role()
            php_binding("(new LibSupport\\Ledger($argv[1]))->grantReadonly($argv[2]);", LEDGER, role)
            SITE_LEDGER = lt.as_role(LEDGER, role)
            SERVER = PhpServer(WORK, "main", {"LIBSUPPORT_LEDGER": SITE_LEDGER}).start()
        else:
            LEDGER = SITE_LEDGER = os.path.join(WORK, "demo.db")
            make_demo(LEDGER)
            # The default ledger name in the directory the server starts in: no LIBSUPPORT_LEDGER needed.
            SERVER = PhpServer(WORK, "main", {}).start()
        BROWSER = ChromeDriver(chromedriver, chromium, WORK).start()
    except BaseException:
        tearDownModule()
        raise


def tearDownModule():
    if BROWSER is not None:
        BROWSER.quit()
    if SERVER is not None:
        SERVER.stop()
    if webdriver.REAPER is not None:
        webdriver.REAPER.close()
    shutil.rmtree(WORK, ignore_errors=True)


def supportctl_json(*args):
    r = subprocess.run([env_path("SUPPORTCTL"), *args, "--ledger", LEDGER, "--json"], capture_output=True,
                       timeout=60, check=True)
    return json.loads(r.stdout)


class BrowserCase(unittest.TestCase):
    maxDiff = None

    def open(self, path):
        BROWSER.get(SERVER.url(path))
        body = BROWSER.script("return document.body.innerText;")
        self.assertNotRegex(body, PHP_LEAKS)
        self.assertFalse(BROWSER.alert_open(), "a script ran on the page")
        return body

    def assert_error_response(self, path, status):
        got, headers, body = SERVER.get(path)
        self.assertEqual(status, got, f"{path}: HTTP {got}\n{body[:600]}")
        self.assertEqual("text/html; charset=utf-8", headers.get("Content-Type"), path)
        self.assertIn(f'<section class="error" data-status="{status}">', body, path)
        self.assertNotRegex(body, PHP_LEAKS, path)
        self.assertNotIn("<script", body.lower(), path)
        self.assertNotIn("\x00", body, path)
        return body


class CustomerPages(BrowserCase):
    def check_customer(self, code, expected):
        body = self.open("/customer.php" + q(code=code))
        cards = BROWSER.script(CARDS_JS)
        self.assertEqual(len(expected), len(cards), f"{code}: licenses shown\n{body}")
        for want, card in zip(expected, cards):
            for key, value in want.items():
                if key == "notice":
                    for phrase in value:
                        self.assertIn(phrase, card["notice"], f"{code} #{card['id']} notice")
                elif key in ("supportUntil", "preferentialUntil", "newUntil"):
                    self.assertEqual(f"{value} включительно", card[key], f"{code} #{card['id']} {key}")
                else:
                    self.assertEqual(value, card[key], f"{code} #{card['id']} {key}")
            self.assertRegex(card["notice"], r"Статус на 26\.11\.2026: ")
        for c in CONTACTS:
            self.assertIn(c, body, code)
        self.assertIn("Дата: 26.11.2026", body)
        return cards

    def test_a_customer_in_every_status(self):
        states = set()
        for code, expected in EXPECTED.items():
            with self.subTest(customer=code):
                cards = self.check_customer(code, expected)
                states.update((c["state"], c["status"]) for c in cards)
        self.assertEqual({"active", "grace", "lapsed", "expired"}, {s for s, _ in states})
        self.assertIn(("active", "подписка оплачена"), states)

    def test_the_page_agrees_with_supportctl_and_shows_its_notice_unchanged(self):
        for code in EXPECTED:
            with self.subTest(customer=code):
                want = supportctl_json("customer", "--customer", code, "--on", DEMO_TODAY, "--notice", "--html")
                _status, _h, html = SERVER.get("/customer.php" + q(code=code))
                BROWSER.get(SERVER.url("/customer.php" + q(code=code)))
                cards = BROWSER.script(CARDS_JS)
                self.assertEqual([lic["license_id"] for lic in want["licenses"]], [c["id"] for c in cards])
                for lic, card in zip(want["licenses"], cards):
                    self.assertEqual(lic["status"], card["state"])
                    self.assertEqual([r["version"] for r in lic["downloadable"]], card["allowed"])
                    self.assertEqual([r["version"] for r in lic["needs_renewal"]], card["needsRenewal"])
                    y, m, d = lic["support_until"].split("-")
                    self.assertEqual(f"{d}.{m}.{y} включительно", card["supportUntil"])
                    # The customer's text is the library's HTML, exactly as supportctl renders it.
                    self.assertIn(lic["notice"], html)

    def test_the_date_parameter_changes_the_answers_and_is_kept_in_links(self):
        body = self.open("/customer.php" + q(code="VECTOR", on="2026-12-20"))
        card = BROWSER.script(CARDS_JS)[0]
        self.assertEqual("lapsed", card["state"])  # the window closed on 10.12.2026
        self.assertEqual("Стандартное продление поддержки", card["offerKind"])
        self.assertEqual(f"4{NBSP}046 руб.", card["fee"])  # 45% of the new price 8 990 руб.
        self.assertIn("Дата: 20.12.2026", body)
        self.assertIn("Статус на 20.12.2026", card["notice"])
        link = BROWSER.script("return document.querySelector('article.license h2 a').getAttribute('href');")
        self.assertEqual("/license.php?id=4&on=2026-12-20", link)

    def test_the_license_page_and_a_date_before_the_purchase(self):
        self.open("/license.php" + q(id="5"))
        card = BROWSER.script(CARDS_JS)[0]
        self.assertEqual((5, "lapsed", f"3{NBSP}596 руб."), (card["id"], card["state"], card["fee"]))
        self.open("/license.php" + q(id="4", on="2026-01-01"))
        card = BROWSER.script(CARDS_JS)[0]
        self.assertEqual(("not_owned", "не приобретена", None), (card["state"], card["status"], card["fee"]))
        self.assertIn("лицензия не приобретена", card["notice"])

    def test_the_index_lists_every_customer_with_links(self):
        body = self.open("/")
        rows = BROWSER.script("return Array.from(document.querySelectorAll('table.customers tbody tr'))"
                              ".map((tr) => [tr.dataset.code, tr.querySelector('a').getAttribute('href')]);")
        self.assertEqual(sorted(EXPECTED), sorted(code for code, _ in rows))
        for code, href in rows:
            self.assertEqual(f"/customer.php?code={code}", href)
        self.assertIn("ООО «Вектор»", body)
        self.assertIn("льготное продление, до 10.11.2026", body)

    def test_screenshots(self):
        for name, path in (("customer-VECTOR", "/customer.php" + q(code="VECTOR")),
                           ("customer-ROMASHKA", "/customer.php" + q(code="ROMASHKA")),
                           ("index", "/"),
                           ("error-404", "/customer.php" + q(code="<script>alert(1)</script>"))):
            with self.subTest(page=name):
                self.open(path)
                out = os.path.join(ARTIFACTS, f"site-{name}.png")
                png = BROWSER.screenshot(out)
                width, height = png_size(png)
                self.assertEqual(BROWSER.width, width)
                self.assertGreater(height, 250)
                self.assertGreater(len(png), 8000, f"{out} looks blank")  # a blank page is ~2 KB
                print(f"screenshot: {out} ({width}x{height}, {len(png)} bytes)", file=sys.stderr)


class BadInput(BrowserCase):
    CASES = [
        # (path, status, text the page must show)
        ("/customer.php" + q(code="NOBODY"), 404, "Клиента с кодом «NOBODY» нет."),
        ("/customer.php" + q(code="vector"), 404, "Клиента с кодом «vector» нет."),
        ("/customer.php" + q(code="' OR 1=1 --"), 404, "Клиента с кодом «' OR 1=1 --» нет."),
        ("/customer.php" + q(code="VECTOR' OR '1'='1"), 404, "Клиента с кодом «VECTOR' OR '1'='1» нет."),
        ("/customer.php" + q(code="VECTOR; DROP TABLE customer; --"), 404, "DROP TABLE"),
        ("/customer.php" + q(code="<script>alert(1)</script>"), 404, "«<script>alert(1)</script>»"),
        ("/customer.php" + q(code='"><img src=x onerror=alert(1)>'), 404, '«"><img src=x onerror=alert(1)>»'),
        ("/customer.php", 400, "Не указан код клиента"),
        ("/customer.php" + q(code=""), 400, "Не указан код клиента"),
        ("/customer.php?code[]=VECTOR", 400, "одним значением"),
        ("/customer.php?code=VECTOR&code[x]=1", 400, "одним значением"),
        ("/customer.php" + q(code="A" * 65), 400, "не может быть кодом клиента"),
        ("/customer.php" + q(code="A" * 5000), 400, "слишком длинное (5000 байт"),
        ("/customer.php" + raw_q("code", b"\xff\xfe"), 400, "не текст в кодировке UTF-8"),
        ("/customer.php" + raw_q("code", b"VECT\xd0OR"), 400, "не текст в кодировке UTF-8"),
        ("/customer.php" + raw_q("code", b"VECTOR\x00"), 400, "нулевой байт"),
        ("/customer.php" + raw_q("code", b"VEC\x01TOR"), 400, "«VEC\\x01TOR» не может быть кодом клиента"),
        ("/customer.php" + q(code="VECTOR", on="2026-02-30"), 400, "February 2026 has 28 days"),
        ("/customer.php" + q(code="VECTOR", on="tomorrow"), 400, "Дата «tomorrow» не распознана"),
        ("/customer.php" + q(code="VECTOR", on="2026-11-26' OR 1=1"), 400, "не распознана"),
        ("/customer.php" + q(code="VECTOR", on="1899-12-31"), 400, "outside"),
        ("/customer.php?code=VECTOR&on[]=2026-11-26", 400, "одним значением"),
        ("/license.php" + q(id="abc"), 400, "«abc» не номер лицензии"),
        ("/license.php" + q(id="0"), 400, "не номер лицензии"),
        ("/license.php" + q(id="-4"), 400, "не номер лицензии"),
        ("/license.php" + q(id="4.0"), 400, "не номер лицензии"),
        ("/license.php" + q(id="4 OR 1=1"), 400, "«4 OR 1=1» не номер лицензии"),
        ("/license.php" + q(id="9" * 25), 400, "не номер лицензии"),
        ("/license.php", 400, "Не указан номер лицензии"),
        ("/license.php" + q(id="999"), 404, "Лицензии № 999 нет."),
        ("/license.php" + q(id="9223372036854775807"[:18]), 404, "нет."),
        ("/no-such-page", 404, "Такой страницы на сайте нет."),
        ("/customer.php/extra", 404, "Такой страницы на сайте нет."),
        ("/_site/site.php", 404, "Такой страницы на сайте нет."),
        ("/_site/views.php", 404, "Такой страницы на сайте нет."),
    ]

    def test_bad_input_gets_an_error_page_with_its_status(self):
        for path, status, shows in self.CASES:
            with self.subTest(path=path[:80]):
                self.assert_error_response(path, status)
                body = self.open(path)  # and as the browser renders it
                self.assertIn(f"{status} ", body)
                self.assertIn(shows, body)
                self.assertEqual(0, BROWSER.script("return document.querySelectorAll('script').length;"))
                self.assertEqual(0, BROWSER.script("return document.querySelectorAll('img').length;"))

    def test_only_get_and_head(self):
        status, headers, body = http("POST", SERVER.url("/customer.php" + q(code="VECTOR")), body={})
        self.assertEqual(405, status)
        self.assertEqual("GET, HEAD", headers.get("Allow"))
        self.assertNotRegex(body.decode("utf-8", "replace"), PHP_LEAKS)

    def test_pages_forbid_scripts(self):
        _s, headers, _b = SERVER.get("/customer.php" + q(code="VECTOR"))
        self.assertIn("default-src 'none'", headers.get("Content-Security-Policy", ""))
        self.assertEqual("nosniff", headers.get("X-Content-Type-Options"))


class Configuration(unittest.TestCase):
    def server(self, name, env, **kw):
        s = PhpServer(WORK, name, env, **kw).start()
        self.addCleanup(s.stop)
        return s

    def test_today_from_the_environment(self):
        s = self.server("today", {"LIBSUPPORT_TODAY": "2026-12-20", "LIBSUPPORT_LEDGER": SITE_LEDGER})
        status, _h, body = s.get("/customer.php" + q(code="VECTOR"))
        self.assertEqual(200, status, body[:500])
        self.assertIn('data-state="lapsed"', body)
        self.assertIn("Дата: <time datetime=\"2026-12-20\">20.12.2026</time>", body)
        status, _h, body = s.get("/customer.php" + q(code="VECTOR", on="2026-11-26"))  # ?on= wins
        self.assertIn('data-state="grace"', body)
        self.assertNotRegex(s.log(), LOG_PROBLEMS)

    def test_a_missing_ledger_is_503_without_details(self):
        missing = lt.new_schema_uri(self) if lt.ON_PG else os.path.join(WORK, "no-such-dir", "ledger.db")
        s = self.server("missing", {"LIBSUPPORT_LEDGER": missing})
        status, _h, body = s.get("/customer.php" + q(code="VECTOR"))
        self.assertEqual(503, status)
        self.assertIn("Сервис временно недоступен", body)
        self.assertNotIn(missing, body)
        self.assertNotRegex(body, PHP_LEAKS)
        self.assertIn("cannot open the ledger", s.log())  # the operator reads why

    @lt.pg_only("a URI with a password")
    def test_a_password_in_the_ledger_setting_never_reaches_the_log_or_the_page(self):
        missing = lt.as_role(lt.new_schema_uri(self), "web").replace("web@", "web:s3cr3t-pw@")
        s = self.server("password", {"LIBSUPPORT_LEDGER": missing})
        status, _h, body = s.get("/customer.php" + q(code="VECTOR"))
        self.assertEqual(503, status)
        self.assertNotIn("s3cr3t", body)
        self.assertIn("cannot open the ledger", s.log())
        self.assertIn("web:***@", s.log())
        self.assertNotIn("s3cr3t", s.log())

    @lt.pg_only("the same demo in a file, copied by supportctl migrate, and made in a schema")
    def test_a_migrated_ledger_and_the_demo_file_show_the_same_pages(self):
        demo_file = os.path.join(WORK, "same-demo.db")
        if not os.path.exists(demo_file):
            make_demo(demo_file)
        copy = lt.new_schema_uri(self)
        r = subprocess.run([env_path("SUPPORTCTL"), "migrate", "--from", demo_file, "--to", copy],
                           capture_output=True, timeout=120)
        self.assertEqual(0, r.returncode, r.stderr)
        from_file = self.server("file", {"LIBSUPPORT_LEDGER": demo_file})
        from_copy = self.server("copy", {"LIBSUPPORT_LEDGER": copy})
        pages = ["/", "/license.php" + q(id="4", on="2026-12-20")] + ["/customer.php" + q(code=c) for c in EXPECTED]
        for page in pages:
            with self.subTest(page=page):
                want = SERVER.get(page)
                self.assertEqual(200, want[0])
                self.assertEqual(want[2], from_file.get(page)[2])
                self.assertEqual(want[2], from_copy.get(page)[2])

    def test_a_bad_today_setting_is_500_without_details(self):
        s = self.server("badtoday", {"LIBSUPPORT_TODAY": "someday", "LIBSUPPORT_LEDGER": SITE_LEDGER})
        status, _h, body = s.get("/")
        self.assertEqual(500, status)
        self.assertIn("Внутренняя ошибка сервера", body)
        self.assertNotIn("someday", body)
        self.assertNotRegex(body, PHP_LEAKS)
        self.assertIn("LIBSUPPORT_TODAY is not a date", s.log())


    def test_a_php_warning_or_fatal_error_in_a_page_is_a_500_page(self):
        # A copy of the site with two broken pages: every PHP message must become the 500 page.
        site = os.path.join(WORK, "site-copy")
        shutil.copytree(env_path("SITE_DIR"), site, dirs_exist_ok=True)
        broken = {
            "warning.php": "$a = [];\n    $x = $a['no such key'];\n    echo $undefined;",
            "fatal.php": "echo 'partial output';\n    ini_set('memory_limit', '8M');\n"
                         "    $s = str_repeat('x', 64 * 1024 * 1024);",
            "typeerror.php": "return strlen([]);",
        }
        for name, code in broken.items():
            with open(os.path.join(site, name), "w", encoding="utf-8") as f:
                f.write("<?php\ndeclare(strict_types=1);\nrequire __DIR__ . '/_site/views.php';\n"
                        f"site_run(function (): Page {{\n    {code}\n    return new Page('x', 'not shown');\n}});\n")
        s = self.server("broken", {"LIBSUPPORT_LEDGER": SITE_LEDGER}, site=site)
        for name in broken:
            with self.subTest(page=name):
                status, _h, body = s.get("/" + name)
                self.assertEqual(500, status, body[:500])
                self.assertIn("Внутренняя ошибка сервера", body)
                self.assertNotIn("partial output", body)
                self.assertNotIn("not shown", body)
                self.assertNotRegex(body, PHP_LEAKS)
        self.assertIn("php-site: 500 on /warning.php: ErrorException: Undefined array key", s.log())

    def test_without_the_extension_every_page_is_a_500_page(self):
        s = self.server("noext", {"LIBSUPPORT_LEDGER": SITE_LEDGER}, extension=False)
        for path in ("/", "/customer.php" + q(code="VECTOR"), "/license.php" + q(id="4")):
            with self.subTest(path=path):
                status, _h, body = s.get(path)
                self.assertEqual(500, status, body[:500])
                self.assertIn("Внутренняя ошибка сервера", body)
                self.assertNotRegex(body, PHP_LEAKS)
        self.assertIn("the libsupport extension is not loaded", s.log())


class ServerLog(unittest.TestCase):
    def test_zz_the_server_logged_no_php_message(self):
        # Runs last in this module (classes and methods run in name order; zz).
        log = SERVER.log()
        self.assertNotRegex(log, LOG_PROBLEMS, log[-3000:])


if __name__ == "__main__":
    unittest.main(verbosity=2)
