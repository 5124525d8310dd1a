#!/usr/bin/env python3
"""The customer portal over HTTP under the real nginx and php-fpm (ctest portal_http, label "portal").

Runs portal/deploy's nginx server block and php-fpm pool (tests/portal/stack.py) over the demo ledger with
two releases that carry files, and checks what a browser test cannot see precisely: every hostile input is
answered 400/404/405/413/414 with the site's page and no PHP message; the update API's documents, its
answer floor (a wrong key answers after the same delay as a right one) and its rate limits; downloads by
key (the bytes match the recorded SHA-256, nginx serves them through X-Accel-Redirect, each is recorded;
another product's release is the same 404 as a missing one); sign-in requests (CSRF, the limits per
address and per client, nothing e-mailed for an address no customer has); security headers; and that the
servers logged no PHP message.

Environment (set by ctest): SUPPORTCTL, SUP_PHP_EXTENSION; SUP_PHP_FPM, SUP_NGINX (default: Debian's).
"""
import hashlib
import json
import os
import re
import sqlite3
import statistics
import sys
import time
import unittest
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import stack  # noqa: E402

PHP_LEAKS = re.compile(r"(Warning|Notice|Deprecated|Fatal error|Parse error|Uncaught|Stack trace|"
                       r"\.php on line|\.php:\d+|#0 \{main\}|ErrorException|TypeError|ValueError)")
LOG_PROBLEMS = re.compile(r"(PHP (Warning|Notice|Deprecated|Fatal|Parse)|Stack trace|portal: 500|portal: fatal)")

S = None  # the demo stack, API limits lifted
P = None  # a production-mode stack (the server's own date), API limits as deployed
H = None  # behind TLS (nginx passes HTTPS=on; base_url https://)


def setUpModule():
    global S, P, H
    S = stack.PortalStack("portal-http", demo=True, api_limits=False, floor_ms=25).start()
    P = stack.PortalStack("portal-prod", demo=False, api_limits=True, floor_ms=10).start()
    H = stack.PortalStack("portal-https", demo=True, https_base=True, release_files=False).start()


def tearDownModule():
    for s in (S, P, H):
        if s is not None:
            s.stop()
    stack.reaper().close()


def key_for(s, license_id):
    out = s.supportctl("license-key", "--license", str(license_id), "--replace", "--json")
    return json.loads(out)["key"]


def db_count(s, sql):
    return s.count(sql)


class Hostile(unittest.TestCase):
    """Bad input of every kind: the site's page with the right status, never a PHP message or a 500."""

    def assert_site_page(self, r, status, what):
        self.assertEqual(r.status, status, f"{what}: {r.status}\n{r.text[:600]}")
        self.assertTrue(r.header("content-type").startswith("text/html"), what)
        self.assertIn('class="error"', r.text, what)
        self.assertIn('<header class="site">', r.text, what)
        self.assertIn(f'data-status="{status}"', r.text, what)
        self.assertIsNone(PHP_LEAKS.search(r.text), f"{what}: PHP text on the page")
        self.assertNotIn("<script", r.text.lower(), what)

    def test_requests_the_portal_refuses_get_its_page_with_the_status(self):
        cases = [
            ("/?on=2026-02-30", 400),  # demo mode takes ?on=, but only a date
            ("/?on=tomorrow", 400),
            ("/?x=%01", 400),
            ("/?x=%00", 400),
            ("/?x=%C2%85", 400),  # a C1 control character
            ("/?x=%FF%FE", 400),  # not UTF-8
            ("/?code[]=1", 400),
            ("/?a=1&a=2", 400),
            ("/?" + "&".join(f"p{i}=1" for i in range(1200)), 400),  # more than 1,000 parameters
            ("/?x=" + "y" * 8000, 400),  # a long query that reaches PHP
            ("/?x=" + "y" * 40000, 414),  # one nginx refuses
            ("/license/9999999999999999999", 404),  # 19 digits beyond 64 bits
            ("/license/1234567890123456789", 404),  # 19 digits, not a license
            ("/license/99999999999999999999", 404),  # 20 digits
            ("/license/0", 404),
            ("/license/007", 404),
            ("/license/-4", 404),
            ("/license/4%20OR%201=1", 404),
            ("/download/9999999999999999999", 404),
            ("/download/abc", 404),
            ("/invoice/2026-000001", 404),
            ("/invoice/2026-000001/pdf", 404),
            ("/invoice/2026-000001/print", 404),
            ("/index.php", 404),
            ("/../etc/passwd", 400),  # nginx refuses these itself: its 400 is the site's page
            ("/%2e%2e/etc/passwd", 400),
            ("/_releases/report-3.2.zip", 404),  # nginx's internal location
            ("/errors/400.html", 404),
            ("/lib/portal.php", 404),
            ("/signin/short", 404),
            ("/signin/" + "A" * 43 + "/x", 404),
            ("/%00", 400),
            ("/" + "%D0%AF" * 100, 404),
        ]
        for path, status in cases:
            with self.subTest(path=path[:80]):
                self.assert_site_page(S.get(path), status, path[:80])

    def test_the_date_is_the_servers_outside_demo_mode(self):
        for q in ("?on=9999-12-31", "?on=2026-11-26"):
            r = P.get("/" + q)
            self.assert_site_page(r, 400, q)
            self.assertIn("Дату страниц задаёт сервер", r.text)
        # in demo mode the last day of the calendar is a page like any other
        r = S.get("/?on=9999-12-31")
        self.assertEqual(r.status, 200, r.text[:500])
        self.assertIn("31.12.9999", r.text)

    def test_other_methods_are_405_with_allow(self):
        for method, path, allow in (("PUT", "/", "GET, HEAD"), ("DELETE", "/license/1", "GET, HEAD"),
                                    ("GET", "/signout", "POST"), ("POST", "/download/1", "GET, HEAD"),
                                    ("PATCH", "/api/v1/updates", "GET, HEAD")):
            with self.subTest(method=method, path=path):
                r = S.request(method, path, body="" if method != "GET" else None)
                self.assertEqual(r.status, 405, r.text[:300])
                self.assertEqual(r.header("allow"), allow)

    def test_bad_forms_and_bodies(self):
        r = S.get("/")
        browser = r.cookies()["sup_browser"][0]
        csrf = re.search(r'name="csrf" value="([^"]+)"', r.text).group(1)
        cookies = {"sup_browser": browser}
        bad = [
            ({"csrf": csrf, "address": "a\x01b@example.ru"}, 400),
            ({"csrf": csrf, "address": "x" * 600}, 400),
            ({"csrf": csrf, "address": "не адрес"}, 400),
            ({"csrf": csrf, **{f"f{i}": "1" for i in range(40)}}, 400),
        ]
        for form, status in bad:
            with self.subTest(form=str(form)[:60]):
                r = S.post("/signin", form, cookies=cookies)
                self.assertEqual(r.status, status, r.text[:400])
                self.assertIsNone(PHP_LEAKS.search(r.text))
        r = S.request("POST", "/signin", body="csrf=" + csrf, cookies=cookies, headers={"Content-Type": "text/plain"})
        self.assertEqual(r.status, 400)
        r = S.request("POST", "/signin", body="a=" + "x" * 20000, cookies=cookies,
                      headers={"Content-Type": "application/x-www-form-urlencoded"})
        self.assert_site_page(r, 413, "a 20 KB form")
        r = S.request("POST", "/signin", body="address=%FF", cookies=cookies,
                      headers={"Content-Type": "application/x-www-form-urlencoded"})
        self.assertEqual(r.status, 400)


class Pages(unittest.TestCase):
    def test_the_home_page_is_sign_in_and_lists_no_customer(self):
        r = S.get("/")
        self.assertEqual(r.status, 200)
        self.assertIn('<form class="signin" method="post" action="/signin">', r.text)
        for name in ("Ромашка", "Вектор", "ROMASHKA", "VECTOR", "Петров"):
            self.assertNotIn(name, r.text)
        self.assertIn("Демонстрационный режим", r.text)  # labelled on every page of the demo
        self.assertIn("26.11.2026", r.text)
        self.assertNotIn("Демонстрационный режим", P.get("/").text)

    def test_security_headers_and_cookies(self):
        r = S.get("/")
        h = r.headers
        self.assertIn("default-src 'none'", h["content-security-policy"])
        self.assertIn("frame-ancestors 'none'", h["content-security-policy"])
        self.assertEqual(h["x-content-type-options"], "nosniff")
        self.assertEqual(h["referrer-policy"], "no-referrer")
        self.assertEqual(h["cache-control"], "no-store")
        self.assertNotIn("x-powered-by", h)
        self.assertNotIn("nginx/", h.get("server", ""))
        value, attrs = r.cookies()["sup_browser"]
        self.assertRegex(value, r"\A[A-Za-z0-9_-]{43}\Z")
        self.assertIn("httponly", attrs)
        self.assertIn("samesite=lax", attrs)
        self.assertIn("path=/", attrs)
        self.assertNotIn("secure", attrs)  # plain HTTP here; over HTTPS the portal adds Secure (tested in PHP)

    def test_over_https_the_cookies_are_secure(self):
        r = H.get("/")
        value, attrs = r.cookies()["sup_browser"]
        self.assertIn("secure", attrs)
        self.assertIn("httponly", attrs)
        self.assertIn("samesite=lax", attrs)
        # the session cookie is __Host-sup_session there: a plain sup_session cookie is not even looked at
        r = H.get("/", cookies={"sup_session": "Q" * 43, "__Host-sup_session": "R" * 43})
        self.assertEqual(r.status, 200)
        self.assertIn("__Host-sup_session", r.cookies())  # the unknown one dropped
        self.assertNotIn("sup_session", r.cookies())
        # a form from the portal's own https origin passes the Origin check, plain http does not
        csrf = re.search(r'name="csrf" value="([^"]+)"', r.text).group(1)
        cookies = {"sup_browser": r.cookies()["sup_browser"][0]}
        origin = H.base_url().replace("http://", "https://")
        ok = H.post("/signin", {"address": "x@example.ru", "csrf": csrf}, cookies=cookies, headers={"Origin": origin})
        self.assertEqual(ok.status, 200)
        bad = H.post("/signin", {"address": "x@example.ru", "csrf": csrf}, cookies=cookies,
                     headers={"Origin": H.base_url()})
        self.assertEqual(bad.status, 403)

    def test_a_planted_session_cookie_signs_no_one_in(self):
        planted = "Q" * 43
        r = S.get("/", cookies={"sup_session": planted})
        self.assertEqual(r.status, 200)
        self.assertIn('action="/signin"', r.text)
        value, attrs = r.cookies()["sup_session"]
        self.assertIn(value, ("", "deleted"))  # dropped
        self.assertIn("max-age=0", attrs)
        r = S.get("/license/1", cookies={"sup_session": planted})
        self.assertEqual(r.status, 404)


class Api(unittest.TestCase):
    def test_a_right_key_gets_the_librarys_document(self):
        key = key_for(S, 1)  # ROMASHKA's REPORT6: supported through 2027-02-10
        r = S.get("/api/v1/updates?" + urllib.parse.urlencode({"key": key, "version": "3.0"}))
        self.assertEqual(r.status, 200, r.text)
        self.assertEqual(r.header("content-type"), "application/json; charset=utf-8")
        self.assertEqual(r.header("cache-control"), "no-store")
        d = json.loads(r.text)
        self.assertEqual(d["license"], 1)
        self.assertEqual(d["on"], stack.DEMO_TODAY)
        self.assertEqual(d["status"]["state"], "active")
        self.assertEqual(d["installed"], {"version": "3.0", "known": True})
        self.assertTrue(d["update_available"])
        self.assertEqual(d["latest"]["version"], "3.2")
        f = S.files["3.2"]
        self.assertEqual(d["latest"]["file"]["sha256"], f["file_sha256"])
        self.assertEqual(d["latest"]["file"]["size"], f["file_size"])
        self.assertEqual(d["latest"]["file"]["url"], f"{S.base_url()}/download/{f['release_id']}")
        self.assertEqual(d["needs_renewal"], [])
        self.assertEqual(d["offer"]["kind"], "renewal")
        self.assertEqual(d["offer"]["fee"], 199800)
        # a key typed in lower case without dashes is the same key
        r2 = S.get("/api/v1/updates?" + urllib.parse.urlencode({"key": key.replace("-", "").lower(),
                                                                "version": "3.0"}))
        self.assertEqual(json.loads(r2.text), d)
        # VECTOR (grace): 3.2 came out after its support ended
        d = json.loads(S.get("/api/v1/updates?" + urllib.parse.urlencode({"key": key_for(S, 4),
                                                                          "version": "3.1"})).text)
        self.assertFalse(d["update_available"])
        self.assertEqual([x["version"] for x in d["needs_renewal"]], ["3.2"])
        self.assertEqual(d["offer"]["valid_through"], "2026-11-30")

    def test_wrong_keys_and_bad_requests(self):
        key = key_for(S, 2)
        for q, status, code in ((f"key=AAAAA-AAAAA-AAAAA-AAAAA-AAAAA&version=3.0", 404, "not_found"),
                                (f"key=%27%20OR%201%3D1--&version=3.0", 404, "not_found"),
                                (f"key={key}", 400, "bad_request"),
                                (f"version=3.0", 400, "bad_request"),
                                (f"key={key}&version=%01", 400, "bad_request"),
                                (f"key={key}&version=3.0&x=1", 400, "bad_request"),
                                (f"key={key}&version=" + "9" * 70, 400, "bad_request"),
                                ("on=2026-01-01&key=x&version=1", 404, "not_found")):
            with self.subTest(q=q[:60]):
                r = S.get("/api/v1/updates?" + q)
                self.assertEqual(r.status, status, r.text)
                self.assertEqual(r.header("content-type"), "application/json; charset=utf-8")
                self.assertEqual(json.loads(r.text)["error"], code)
                self.assertNotIn(key, r.text)

    def test_a_wrong_key_answers_after_the_same_delay_as_a_right_one(self):
        key = key_for(S, 3)
        right = "/api/v1/updates?" + urllib.parse.urlencode({"key": key, "version": "3.0"})
        wrong = "/api/v1/updates?" + urllib.parse.urlencode({"key": "7" * 25, "version": "3.0"})
        times = {"right": [], "wrong": []}
        for i in range(30):
            for name, path in (("right", right), ("wrong", wrong)):
                t = time.perf_counter()
                r = S.get(path)
                times[name].append(time.perf_counter() - t)
                self.assertEqual(r.status, 200 if name == "right" else 404)
        med = {k: statistics.median(v) for k, v in times.items()}
        self.assertGreaterEqual(min(times["right"]), 0.025)  # the floor (answer_floor_ms = 25)
        self.assertGreaterEqual(min(times["wrong"]), 0.025)
        self.assertLess(abs(med["right"] - med["wrong"]), 0.004, med)

    def test_the_api_is_rate_limited_per_client_by_nginx(self):
        key = key_for(P, 2)
        statuses = []
        for _ in range(40):
            r = P.get("/api/v1/updates?" + urllib.parse.urlencode({"key": key, "version": "1.0"}))
            statuses.append(r.status)
            if r.status == 429:
                self.assertEqual(json.loads(r.text)["error"], "too_many_requests")
                self.assertTrue(r.header("content-type").startswith("application/json"))
        self.assertIn(429, statuses)
        self.assertIn(200, statuses)
        self.assertEqual(statuses[0], 200)


class Downloads(unittest.TestCase):
    def test_an_allowed_download_is_served_by_nginx_recorded_and_matches_its_sha256(self):
        key = key_for(S, 1)
        for version in ("3.2",):
            f = S.files[version]
            before = db_count(S, f"SELECT count(*) FROM download WHERE release_id = {f['release_id']}")
            r = S.get(f"/download/{f['release_id']}", headers={"X-License-Key": key})
            self.assertEqual(r.status, 200, r.text[:300])
            self.assertEqual(hashlib.sha256(r.body).hexdigest(), f["file_sha256"])
            self.assertEqual(len(r.body), f["file_size"])
            self.assertEqual(r.header("content-type"), "application/octet-stream")
            self.assertIn('attachment; filename="report-3.2.zip"', r.header("content-disposition"))
            after = db_count(S, f"SELECT count(*) FROM download WHERE release_id = {f['release_id']}")
            self.assertEqual(after, before + 1)
            # a later range of a download manager is not a new download; nginx answers the range itself
            r = S.get(f"/download/{f['release_id']}", headers={"X-License-Key": key, "Range": "bytes=100-199"})
            self.assertEqual(r.status, 206)
            self.assertEqual(len(r.body), 100)
            self.assertEqual(db_count(S, f"SELECT count(*) FROM download WHERE release_id = {f['release_id']}"),
                             after)

    def test_a_cyrillic_file_name_is_served(self):
        f = S.files["2.1"]
        holder = db_count(S, "SELECT min(l.id) FROM license l JOIN product p ON p.id = l.product_id"
                             " WHERE p.code = 'EXT12'")
        key = key_for(S, holder)
        r = S.get(f"/download/{f['release_id']}", headers={"X-License-Key": key})
        self.assertEqual(r.status, 200, r.text[:500])
        self.assertEqual(hashlib.sha256(r.body).hexdigest(), f["file_sha256"])
        self.assertIn("filename*=UTF-8''" + urllib.parse.quote("Выписки банка 2.1.zip"),
                      r.header("content-disposition"))

    def test_a_release_after_the_support_end_is_refused_with_the_reason(self):
        key = key_for(S, 4)  # VECTOR: support ended 10.11.2026
        f = S.files["3.2"]
        r = S.get(f"/download/{f['release_id']}", headers={"X-License-Key": key})
        self.assertEqual(r.status, 403)
        self.assertIn("Версия 3.2 вышла 20.11.2026, после окончания поддержки (10.11.2026): чтобы скачать её, "
                      "продлите поддержку.", r.text)
        self.assertIsNone(PHP_LEAKS.search(r.text))

    def test_another_products_release_is_the_same_404_as_a_missing_one(self):
        key = key_for(S, 1)  # ROMASHKA's REPORT6 license: EXT12's release is not its
        other = S.get(f"/download/{S.files['2.1']['release_id']}", headers={"X-License-Key": key})
        missing = S.get("/download/424242", headers={"X-License-Key": key})
        wrong_key = S.get(f"/download/{S.files['3.2']['release_id']}", headers={"X-License-Key": "7" * 25})
        anonymous = S.get(f"/download/{S.files['3.2']['release_id']}")
        for r in (other, missing, wrong_key, anonymous):
            self.assertEqual(r.status, 404)
        strip = lambda t: re.sub(r'name="csrf" value="[^"]*"', "", t)  # noqa: E731
        self.assertEqual(strip(other.text), strip(missing.text))
        self.assertEqual(strip(other.text), strip(wrong_key.text))
        self.assertEqual(strip(other.text), strip(anonymous.text))


class SigninRequests(unittest.TestCase):
    def fresh(self, s):
        r = s.get("/")
        return {"sup_browser": r.cookies()["sup_browser"][0]}, re.search(r'name="csrf" value="([^"]+)"', r.text).group(1)

    def test_a_form_without_its_csrf_token_is_refused(self):
        cookies, csrf = self.fresh(S)
        for form, cookie in (({"address": "a@example.ru"}, cookies), ({"address": "a@example.ru", "csrf": "x" * 43},
                                                                      cookies),
                             ({"address": "a@example.ru", "csrf": csrf}, {}),
                             ({"address": "a@example.ru", "csrf": csrf}, {"sup_browser": "B" * 43})):
            with self.subTest(form=form, cookie=cookie):
                r = S.post("/signin", form, cookies=cookie)
                self.assertEqual(r.status, 403)
                self.assertIn("Форма устарела", r.text)
        r = S.post("/signin", {"address": "a@example.ru", "csrf": csrf}, cookies=cookies,
                   headers={"Origin": "https://evil.example"})
        self.assertEqual(r.status, 403)
        self.assertIn("с другого сайта", r.text)

    def test_an_unknown_address_gets_the_same_page_and_no_mail(self):
        cookies, csrf = self.fresh(S)
        before = len(S.outbox())
        r = S.post("/signin", {"address": "stranger@example.ru", "csrf": csrf}, cookies=cookies)
        self.assertEqual(r.status, 200)
        self.assertIn("Если этот адрес указан у кого-то из наших клиентов, мы отправили на него письмо со ссылкой "
                      "для входа и кодом. Ссылка и код действуют 30 минут и только один раз.", r.text)
        self.assertEqual(len(S.outbox()), before)

    def test_sign_in_requests_are_limited_per_address_and_per_client(self):
        cookies, csrf = self.fresh(P)
        for i in range(5):
            r = P.post("/signin", {"address": "limit@example.ru", "csrf": csrf}, cookies=cookies)
            self.assertEqual(r.status, 200, f"request {i + 1}")
        r = P.post("/signin", {"address": "limit@EXAMPLE.RU", "csrf": csrf}, cookies=cookies)
        self.assertEqual(r.status, 429)
        self.assertIn("Слишком много запросов входа. Повторите через", r.text)
        self.assertTrue(1 <= int(r.header("retry-after")) <= 3600)
        # the client: 20 within the hour (5 made above)
        for i in range(15):
            r = P.post("/signin", {"address": f"user{i}@example.ru", "csrf": csrf}, cookies=cookies)
            self.assertEqual(r.status, 200, f"client request {i + 6}")
        r = P.post("/signin", {"address": "one-more@example.ru", "csrf": csrf}, cookies=cookies)
        self.assertEqual(r.status, 429)


class SignedIn(unittest.TestCase):
    """A signed-in customer's pages on either engine, and the invoice's PDF when no browser is configured
    and when the configured one fails or hangs (the PDF that works is portal_browser's: printed by Debian's
    Chromium, then kept)."""

    @classmethod
    def setUpClass(cls):
        S.supportctl("customer-update", "--customer", "VECTOR", "--email", "pdf@vector.ru")
        lic = S.count("SELECT min(l.id) FROM license l JOIN customer c ON c.id = l.customer_id WHERE c.code = 'VECTOR'")
        cls.number = json.loads(S.supportctl("invoice", "--license", str(lic), "--on", stack.DEMO_TODAY,
                                             "--json"))["number"]
        cls.cookies = {"sup_session": S.sign_in("pdf@vector.ru")}
        cls.pdf_dir = os.path.join(S.dir, "pdf")

    def tearDown(self):
        S.reconfigure({("invoice", "chromium"): None, ("invoice", "pdf_dir"): None, ("invoice", "pdf_seconds"): None})

    def browser(self, name, body):
        path = os.path.join(S.dir, "files", name)
        with open(path, "w", encoding="utf-8") as f:
            f.write("#!/bin/sh\n" + body + "\n")
        os.chmod(path, 0o755)
        return path

    def left_in_pdf_dir(self):
        return sorted(n for n in os.listdir(self.pdf_dir) if n != ".lock")

    def test_the_signed_in_pages_are_read_from_one_snapshot(self):
        # the home page and a license page read their answers inside a ledger snapshot (on either engine:
        # PostgreSQL's is READ ONLY); the first visit issues keys before it, so nothing inside writes
        r = S.get("/", cookies=self.cookies)
        self.assertEqual(r.status, 200, r.text[:300])
        ids = re.findall(r'data-license="(\d+)"', r.text)
        self.assertTrue(ids, r.text[:300])
        self.assertIn('class="offer"', r.text)
        r = S.get(f"/license/{ids[0]}", cookies=self.cookies)
        self.assertEqual(r.status, 200, r.text[:300])
        self.assertIn(f'id="license-{ids[0]}"', r.text)
        self.assertIn('class="hint"', r.text, "the key issued on the home page: only its hint now")

    def test_without_a_browser_the_invoice_has_no_pdf(self):
        r = S.get(f"/invoice/{self.number}", cookies=self.cookies)
        self.assertEqual(r.status, 200, r.text[:300])
        self.assertNotIn(f"/invoice/{self.number}/pdf", r.text)
        self.assertIn("«Сохранить как PDF»", r.text)
        Hostile.assert_site_page(self, S.get(f"/invoice/{self.number}/pdf", cookies=self.cookies), 404, "no PDF")

    def test_a_failing_browser_is_a_503_and_leaves_nothing(self):
        S.reconfigure({("invoice", "chromium"): self.browser("fails.sh", "echo 'no display' >&2; exit 3"),
                       ("invoice", "pdf_dir"): self.pdf_dir})
        r = S.get(f"/invoice/{self.number}", cookies=self.cookies)
        self.assertIn(f'href="/invoice/{self.number}/pdf"', r.text)
        r = S.get(f"/invoice/{self.number}/pdf", cookies=self.cookies)
        Hostile.assert_site_page(self, r, 503, "a failing browser")
        self.assertEqual(r.header("retry-after"), "60")
        self.assertIn("сохраните его как PDF в браузере", r.text)
        self.assertEqual(self.left_in_pdf_dir(), [])
        self.assertIn(f"portal: invoice PDF of {self.number}: {S.dir}/files/fails.sh exited with status 3 and "
                      "printed nothing: no display", S.log("php-errors.log"))
        # a "browser" that writes something other than a PDF: nothing is kept either
        S.reconfigure({("invoice", "chromium"): self.browser(
            "junk.sh", 'for a; do case "$a" in --print-to-pdf=*) echo junk > "${a#--print-to-pdf=}";; esac; done')})
        Hostile.assert_site_page(self, S.get(f"/invoice/{self.number}/pdf", cookies=self.cookies), 503, "not a PDF")
        self.assertEqual(self.left_in_pdf_dir(), [])
        self.assertIn("exited with status 0 and printed no PDF", S.log("php-errors.log"))

    def test_a_hanging_browser_is_stopped_after_pdf_seconds(self):
        S.reconfigure({("invoice", "chromium"): self.browser("hangs.sh", "exec sleep 600"),
                       ("invoice", "pdf_dir"): self.pdf_dir, ("invoice", "pdf_seconds"): "5"})
        t = time.monotonic()
        r = S.get(f"/invoice/{self.number}/pdf", cookies=self.cookies, timeout=60)
        took = time.monotonic() - t
        Hostile.assert_site_page(self, r, 503, "a hanging browser")
        self.assertGreaterEqual(took, 4.9)
        self.assertLess(took, 30)
        self.assertIn("hangs.sh did not finish within 5 s", S.log("php-errors.log"))
        self.assertEqual(self.left_in_pdf_dir(), [])


class Logs(unittest.TestCase):
    def test_zz_the_servers_logged_no_php_message(self):
        for s in (S, P, H):
            text = s.log("php-fpm.out") + s.log("php-fpm.log") + s.log("php-errors.log")
            self.assertIsNone(LOG_PROBLEMS.search(text), text[-3000:])
            access = s.log("nginx-access.log")
            self.assertNotRegex(access, r'" 500 ', access[-2000:])


if __name__ == "__main__":
    unittest.main(verbosity=2)
