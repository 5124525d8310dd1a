#!/usr/bin/env python3
"""The customer portal in a real browser (ctest portal_browser, labels "portal" and "browser").

The portal runs under the real nginx and php-fpm with portal/deploy's files (tests/portal/stack.py) over the
demo ledger, whose customers get e-mail addresses (supportctl customer-update --email); Debian's headless
Chromium is driven through Debian's chromedriver (tests/site/webdriver.py). The sign-in e-mails are read
where the portal delivered them (the SMTP test server, or the outbox directory of the configuration).

Checked, in the browser:
  * sign-in with the link from the e-mail (a page with one button: the link is used by its POST), and with
    the code typed in the same browser (a wrong code says how many attempts are left);
  * a customer sees only their own licenses; a customer with two addresses signs in with either, and an
    address two customers share shows both;
  * another customer's license, release, download or invoice is the same 404 page as a missing one;
  * an allowed download's bytes match the SHA-256 the page shows; a release after the support end is refused
    with the library's reason and the offer;
  * the license key is shown once on the first visit, and "Заменить ключ" replaces it (the old key stops
    working at the update API);
  * "Продлить" (the renewal request);
  * an expired and a reused sign-in link; a POST without its CSRF token; a session cookie planted before
    sign-in is replaced (session fixation) and the browser's secret with it; sign-out ends the session
    (its cookie no longer works anywhere);
  * screenshots at 1280 and 390 px wide, and no horizontal scrolling at 390 px;
  * no PHP message on any page or in the servers' logs.

A missing chromium, chromedriver, nginx or php-fpm is a failure naming the Debian package, not a skip.
Environment (ctest): SUPPORTCTL, SUP_PHP_EXTENSION, PORTAL_ARTIFACTS (screenshots); CHROMIUM, CHROMEDRIVER.
"""
import email
import email.policy
import hashlib
import json
import os
import re
import shutil
import sqlite3
import sys
import time
import unittest
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import stack  # noqa: E402
from webdriver import ChromeDriver  # noqa: E402

PHP_LEAKS = re.compile(r"(Warning|Notice|Deprecated|Fatal error|Parse error|Uncaught|Stack trace|"
                       r"\.php on line|\.php:\d+|#0 \{main\}|ErrorException|TypeError|ValueError)")
LOG_PROBLEMS = re.compile(r"(PHP (Warning|Notice|Deprecated|Fatal|Parse)|Stack trace|portal: 500|portal: fatal)")
ARTIFACTS = os.environ.get("PORTAL_ARTIFACTS") or os.path.join(os.getcwd(), "portal-artifacts")

# The demo's customers and the addresses they get here.
ADDRESSES = {
    "ROMASHKA": ["director@romashka.ru", "buh@romashka.ru"],  # two contact people
    "VECTOR": ["it@vector.ru"],
    "SEVER": ["shared@accounting.ru"],  # an accountant serving two companies
    "ALFA": ["shared@accounting.ru", "alfa@alfa.ru"],
    "OBLAKO": ["oblako@oblako.ru"],
}

S = None
B = None


def which_or_fail(env, program, package):
    path = os.environ.get(env) or shutil.which(program)
    if not path or not os.access(path, os.X_OK):
        raise RuntimeError(f"{program} not found: install the Debian package {package} (bash scripts/deps.sh)")
    return path


def setUpModule():
    global S, B
    os.makedirs(ARTIFACTS, exist_ok=True)
    chromium = which_or_fail("CHROMIUM", "chromium", "chromium")
    # every test signs in again (often with one address): the sign-in limits are portal_http's subject, not this one's;
    # the invoice's PDF is printed by the same Chromium the test drives
    S = stack.PortalStack("portal-browser", demo=True, api_limits=False, floor_ms=0,
                          config_extra={("signin", "per_address"): "1000", ("signin", "per_client"): "100000",
                                        ("invoice", "chromium"): chromium, ("invoice", "pdf_dir"): "{dir}/pdf",
                                        ("invoice", "pdf_seconds"): "120"})  # a loaded CI machine
    S.start()
    for code, addresses in ADDRESSES.items():
        args = ["customer-update", "--customer", code]
        for a in addresses:
            args += ["--email", a]
        S.supportctl(*args)
    B = ChromeDriver(which_or_fail("CHROMEDRIVER", "chromedriver", "chromium-driver"),
                     chromium, S.dir, width=1280, height=1000).start()


def tearDownModule():
    if B is not None:
        B.quit()
    if S is not None:
        S.stop()
    stack.reaper().close()


def licenses_of(code):
    with sqlite3.connect(f"file:{S.ledger}?mode=ro", uri=True) as c:
        return [r[0] for r in c.execute("SELECT l.id FROM license l JOIN customer c ON c.id = l.customer_id "
                                        "WHERE c.code = ? ORDER BY l.id", (code,))]


def last_mail(to, since):
    """The newest sign-in e-mail to `to` written after `since` (a count of messages): (link, code, message)."""
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        box = S.outbox()
        for _name, raw in reversed(box[since:]):
            msg = email.message_from_bytes(raw, policy=email.policy.default)
            if msg["To"] is not None and to in str(msg["To"]):
                text = msg.get_body(("plain",)).get_content()
                link = re.search(r"(http://127\.0\.0\.1:\d+/signin/[A-Za-z0-9_-]{43})", text).group(1)
                code = re.search(r"код: (\d{6})", text).group(1)
                return link, code, msg
        time.sleep(0.1)
    raise AssertionError(f"no sign-in e-mail to {to}")


def page_ok(testcase, what):
    src = B.source()
    testcase.assertIsNone(PHP_LEAKS.search(src), f"{what}: PHP text on the page")
    testcase.assertNotIn("<script", src.lower(), what)
    return src


def request_link(address):
    """Ask for a sign-in link in the browser; returns the e-mail's link and code."""
    since = len(S.outbox())
    B.get(S.base_url() + "/")
    B.type("#address", address)
    B.click("form.signin button")
    return last_mail(address, since)


def sign_in(address):
    link, code, _m = request_link(address)
    B.get(link)
    B.click("form.confirm button")
    return link


def sign_out():
    B.get(S.base_url() + "/")
    if B.find_all("form.signout button"):
        B.click("form.signout button")


def cards():
    return B.script("""return Array.from(document.querySelectorAll('article.license')).map((a) => ({
        id: Number(a.dataset.license), state: a.dataset.state,
        allowed: Array.from(a.querySelectorAll('ul.allowed li')).map((li) => li.dataset.version),
        needs: Array.from(a.querySelectorAll('ul.needs-renewal li')).map((li) => li.dataset.version),
        key: (a.querySelector('code.license-key') || {}).innerText || null,
        hint: (a.querySelector('code.key-hint') || {}).innerText || null,
        fee: (a.querySelector('dd.fee') || {}).innerText || null}));""")


def session_cookie():
    return B.cookies().get("sup_session", {}).get("value")


class Portal(unittest.TestCase):
    def tearDown(self):
        sign_out()

    def test_sign_in_with_the_link_shows_only_ones_own_licenses(self):
        B.delete_cookies()
        link, code, msg = request_link("director@romashka.ru")
        src = page_ok(self, "the sent page")
        self.assertIn("Ссылка и код действуют 30 минут и только один раз.", src)
        self.assertIn(link, src)  # demo mode shows it (labelled)
        self.assertIn("Демонстрационный режим", src)
        self.assertEqual(msg["From"].addresses[0].addr_spec, "portal@v8pro.ru")
        self.assertIn("Вход в личный кабинет", str(msg["Subject"]))
        B.get(link)
        self.assertTrue(B.find_all("form.confirm button"))  # opening the link does not use it
        B.click("form.confirm button")
        self.assertEqual(B.url(), S.base_url() + "/")
        src = page_ok(self, "the customer's page")
        self.assertIn("ООО «Ромашка»", src)
        for stranger in ("Вектор", "Север", "Альфа", "Петров", "Облако", "Козлов", "Смирнова"):
            self.assertNotIn(stranger, src)
        got = cards()
        self.assertEqual([c["id"] for c in got], licenses_of("ROMASHKA"))
        self.assertEqual(got[0]["state"], "active")
        self.assertIn("3.2", got[0]["allowed"])  # REPORT6 3.2 (20.11.2026): within support
        self.assertEqual(got[0]["fee"], "1\u00a0998 руб.")
        B.screenshot(os.path.join(ARTIFACTS, "portal-customer-1280.png"))
        # the address in the header, and the phone-sized page
        self.assertIn("director@romashka.ru", B.text("header.site .address"))
        B.set_size(390, 900)
        overflow = B.script("return document.documentElement.scrollWidth - window.innerWidth;")
        self.assertLessEqual(overflow, 0, "horizontal scrolling at 390 px")
        B.width = 390
        B.screenshot(os.path.join(ARTIFACTS, "portal-customer-390.png"))
        B.width = 1280
        B.set_size(1280, 1000)

    def test_a_key_is_shown_once_on_the_first_visit_and_replaced(self):  # first: no page has shown a key yet
        sign_in("it@vector.ru")
        first = cards()[0]
        self.assertIsNotNone(first["key"], "a license without a key gets one on the first visit")
        self.assertIn("Сохраните ключ сейчас: он показан один раз.", B.source())
        B.get(S.base_url() + "/")
        again = cards()[0]
        self.assertIsNone(again["key"], "the key is shown once")
        self.assertEqual(again["hint"], "…" + first["key"][-5:])
        api = lambda k: S.get("/api/v1/updates?" + urllib.parse.urlencode({"key": k, "version": "3.0"}))  # noqa
        self.assertEqual(api(first["key"]).status, 200)
        B.click(f"#license-{first['id']} form.replace-key button")
        fresh = cards()[0]
        self.assertIsNotNone(fresh["key"])
        self.assertNotEqual(fresh["key"], first["key"])
        self.assertEqual(api(first["key"]).status, 404)
        self.assertEqual(api(fresh["key"]).status, 200)
        self.assertNotIn(fresh["key"], B.url())  # a key never travels in a URL

    def test_a_stranger_s_license_release_and_download_are_the_missing_404(self):
        sign_in("director@romashka.ru")
        theirs = licenses_of("VECTOR")[0]
        cloud = S.files["1.1"]["release_id"]  # CLOUD1: ROMASHKA holds no license of it
        pages = {}
        for path in (f"/license/{theirs}", "/license/999999", f"/download/{cloud}", "/download/999999",
                     "/invoice/2026-000001", "/invoice/2099-999999"):
            B.get(S.base_url() + path)
            pages[path] = re.sub(r'name="csrf" value="[^"]*"', "", B.source())
            self.assertIn('data-status="404"', pages[path], path)
        self.assertEqual(pages[f"/license/{theirs}"], pages["/license/999999"])
        self.assertEqual(pages["/invoice/2026-000001"], pages["/invoice/2099-999999"])
        self.assertEqual(pages[f"/download/{cloud}"], pages["/download/999999"])
        B.screenshot(os.path.join(ARTIFACTS, "portal-error-404.png"))

    def test_an_allowed_download_matches_its_sha256_and_a_denied_one_shows_the_offer(self):
        sign_in("director@romashka.ru")
        f = S.files["3.2"]
        link = B.script(f"return document.querySelector('li[data-release=\"{f['release_id']}\"] a.download').href;")
        shown = B.script(f"return document.querySelector('li[data-release=\"{f['release_id']}\"] .sha256 code')"
                         ".innerText;")
        self.assertEqual(shown, f["file_sha256"])
        r = S.get(urllib.parse.urlparse(link).path, cookies={"sup_session": session_cookie()})
        self.assertEqual(r.status, 200)
        self.assertEqual(hashlib.sha256(r.body).hexdigest(), f["file_sha256"])
        with sqlite3.connect(f"file:{S.ledger}?mode=ro", uri=True) as c:
            n = c.execute("SELECT count(*) FROM download WHERE release_id = ? AND actor LIKE 'portal:session%'",
                          (f["release_id"],)).fetchone()[0]
        self.assertGreaterEqual(n, 1)
        sign_out()
        sign_in("it@vector.ru")  # grace: support ended 10.11.2026, 3.2 came out 20.11.2026
        self.assertIn("3.2", cards()[0]["needs"])
        B.get(f"{S.base_url()}/download/{f['release_id']}")
        src = page_ok(self, "the refused download")
        self.assertIn('data-status="403"', src)
        self.assertIn("Версия 3.2 вышла 20.11.2026, после окончания поддержки (10.11.2026): чтобы скачать её, "
                      "продлите поддержку.", src)
        self.assertIn("Льготное продление поддержки", B.text("section.offer"))
        self.assertEqual(B.text("section.offer dd.fee").replace("\u00a0", " "), "1 998 руб.")  # WebDriver text: NBSP as a space
        B.screenshot(os.path.join(ARTIFACTS, "portal-download-denied.png"))

    def test_renewal_request(self):
        sign_in("it@vector.ru")
        lic = licenses_of("VECTOR")[0]
        B.get(S.base_url() + f"/license/{lic}")
        before = B.text(f"#license-{lic} dd.support-until")
        B.click(f"#license-{lic} form.renew button")
        page_ok(self, "the renewal request")
        m = re.search(r"/invoice/(\d{4}-\d{6})$", B.url())
        self.assertIsNotNone(m, B.url())
        number = m.group(1)
        state = B.text("p.invoice-state")
        self.assertRegex(state, r"^Счёт № \d{4}-\d{6} на 1[\u00a0 ]998,00 руб\. ожидает оплаты до \d\d\.\d\d\.\d{4} "
                                r"включительно\.$")
        B.screenshot(os.path.join(ARTIFACTS, "portal-invoice.png"))
        pdf_link = B.find_all("p.print a.pdf")
        self.assertEqual(len(pdf_link), 1, "the invoice page links its PDF")
        B.get(S.base_url() + f"/invoice/{number}/print")
        src = page_ok(self, "the printable invoice")
        self.assertIn(f"Счёт на оплату № {number}", src)
        self.assertIn("Одна тысяча девятьсот девяносто восемь рублей 00 копеек", src)
        # its A4 style is applied (the site's CSP lets the document's own style sheet in by its hash)
        self.assertEqual(B.script("return getComputedStyle(document.querySelector('h1')).borderBottomStyle;"), "solid")
        # the PDF: printed by Chromium once, then the kept file (the same bytes, without a second print)
        cookie = {"sup_session": session_cookie()}
        r = S.get(f"/invoice/{number}/pdf", cookies=cookie, timeout=120)
        self.assertEqual(r.status, 200, S.logs())
        self.assertEqual(r.header("content-type"), "application/pdf")
        self.assertTrue(r.body.startswith(b"%PDF-") and len(r.body) > 5000, r.body[:100])
        self.assertIn(f'filename="invoice-{number}.pdf"', r.header("content-disposition"))
        kept = [n for n in os.listdir(os.path.join(S.dir, "pdf")) if n.endswith(".pdf")]
        self.assertEqual(len(kept), 1, kept)
        self.assertTrue(kept[0].startswith(number + "-"), kept)
        self.assertEqual([n for n in os.listdir(os.path.join(S.dir, "pdf")) if n.startswith(".print-")], [],
                         "the print's working directory is removed")
        t = time.monotonic()
        again = S.get(f"/invoice/{number}/pdf", cookies=cookie)
        self.assertEqual(again.body, r.body)
        self.assertLess(time.monotonic() - t, 5.0, "the kept PDF is served, not printed again")
        self.assertEqual(S.get(f"/invoice/{number}/pdf").status, 404, "signed out: the same 404")
        # the license says what it waits for; asking again gives the same invoice, not a second number
        B.get(S.base_url() + f"/license/{lic}")
        self.assertEqual(B.text(f"#license-{lic} p.awaiting-payment"), state)
        B.click(f"#license-{lic} form.renew button")
        self.assertTrue(B.url().endswith(f"/invoice/{number}"), B.url())
        # another customer's invoice is the same 404 as a missing one
        sign_out()
        sign_in("director@romashka.ru")
        pages = {}
        for path in (f"/invoice/{number}", "/invoice/2099-999999", f"/invoice/{number}/print",
                     f"/invoice/{number}/pdf"):
            B.get(S.base_url() + path)
            pages[path] = re.sub(r'name="csrf" value="[^"]*"', "", B.source())
            self.assertIn('data-status="404"', pages[path], path)
        self.assertEqual(pages[f"/invoice/{number}"], pages["/invoice/2099-999999"])
        sign_out()
        # the money arrives (the bank statement, here the manager's invoice-pay): the page shows the new end
        inv = json.loads(S.supportctl("invoice-show", number, "--json"))
        S.supportctl("invoice-pay", number, "--payment-id", "bank-vector-1", "--on", stack.DEMO_TODAY,
                     "--amount", str(inv["amount"]))
        sign_in("it@vector.ru")
        B.get(S.base_url() + f"/license/{lic}")
        after = B.text(f"#license-{lic} dd.support-until")
        self.assertNotEqual(after, before)
        y, mo, d = inv["new_support_until"].split("-")
        self.assertIn(f"{d}.{mo}.{y}", after)  # the invoice's new support end, as the library writes dates
        self.assertEqual(B.find_all(f"#license-{lic} p.awaiting-payment"), [])
        B.screenshot(os.path.join(ARTIFACTS, "portal-renewal.png"))

    def test_several_addresses_and_a_shared_address(self):
        sign_in("buh@romashka.ru")  # ROMASHKA's second address
        self.assertEqual([c["id"] for c in cards()], licenses_of("ROMASHKA"))
        sign_out()
        sign_in("SHARED@accounting.ru".replace("SHARED", "shared"))
        ids = [c["id"] for c in cards()]
        self.assertEqual(ids, licenses_of("SEVER") + licenses_of("ALFA"))
        src = B.source()
        self.assertIn("АО «Север»", src)
        self.assertIn("ООО «Альфа»", src)

    def test_sign_in_with_the_code_in_the_same_browser(self):
        B.delete_cookies()
        _link, code, _m = request_link("oblako@oblako.ru")
        wrong = "000000" if code != "000000" else "111111"
        B.type("#code", wrong)
        B.click("form.code button")
        self.assertIn("Код не подходит. Осталось попыток: 4.", B.source())
        B.type("#code", code)
        B.click("form.code button")
        self.assertEqual(B.url(), S.base_url() + "/")
        self.assertIn("ООО \"Облако\"", B.source())

    def test_expired_and_reused_links(self):
        link = sign_in("it@vector.ru")
        sign_out()
        B.get(link)
        B.click("form.confirm button")
        self.assertIn("По этой ссылке уже выполнен вход: ссылка и код действуют только один раз.", B.source())
        link, _code, _m = request_link("it@vector.ru")
        token_hash = hashlib.sha256(link.rsplit("/", 1)[1].encode()).hexdigest()
        with sqlite3.connect(S.ledger) as c:  # behind the API: the request was made 31 minutes ago
            c.execute("UPDATE signin_request SET expires_at = expires_at - 31 * 60000 WHERE token_hash = ?",
                      (token_hash,))
        B.get(link)
        B.click("form.confirm button")
        self.assertIn("Срок действия ссылки истёк: ссылка и код действуют 30 минут.", B.source())
        self.assertIsNone(session_cookie() or None)

    def test_a_post_without_its_csrf_token_is_refused(self):
        B.delete_cookies()
        B.get(S.base_url() + "/")
        B.type("#address", "it@vector.ru")
        B.script("document.querySelector('form.signin input[name=csrf]').remove();")
        B.click("form.signin button")
        src = page_ok(self, "no CSRF token")
        self.assertIn('data-status="403"', src)
        sign_in("it@vector.ru")
        lic = licenses_of("VECTOR")[0]
        B.script(f"document.querySelector('#license-{lic} form.replace-key input[name=csrf]').value = 'x'.repeat(43);")
        B.click(f"#license-{lic} form.replace-key button")
        self.assertIn('data-status="403"', B.source())

    def test_session_fixation_and_sign_out(self):
        B.delete_cookies()
        B.get(S.base_url() + "/")
        planted = "F" * 43
        B.add_cookie({"name": "sup_session", "value": planted, "path": "/"})
        browser_before = B.cookies()["sup_browser"]["value"]
        sign_in("it@vector.ru")
        token = session_cookie()
        self.assertNotEqual(token, planted)
        self.assertRegex(token, r"\A[A-Za-z0-9_-]{43}\Z")
        self.assertNotEqual(B.cookies()["sup_browser"]["value"], browser_before)
        c = B.cookies()["sup_session"]
        self.assertTrue(c.get("httpOnly"))
        self.assertEqual(c.get("sameSite"), "Lax")
        lic = licenses_of("VECTOR")[0]
        self.assertEqual(S.get(f"/license/{lic}", cookies={"sup_session": token}).status, 200)
        self.assertEqual(S.get(f"/license/{lic}", cookies={"sup_session": planted}).status, 404)
        B.click("form.signout button")
        self.assertIn("Сеанс завершён.", B.source())
        self.assertEqual(S.get(f"/license/{lic}", cookies={"sup_session": token}).status, 404)
        B.get(S.base_url() + "/")
        self.assertTrue(B.find_all("form.signin"))

    def test_zz_sign_in_page_screenshots_and_logs(self):
        B.delete_cookies()
        B.get(S.base_url() + "/")
        B.screenshot(os.path.join(ARTIFACTS, "portal-signin-1280.png"))
        B.set_size(390, 900)
        self.assertLessEqual(B.script("return document.documentElement.scrollWidth - window.innerWidth;"), 0)
        B.width = 390
        B.screenshot(os.path.join(ARTIFACTS, "portal-signin-390.png"))
        B.width = 1280
        B.set_size(1280, 1000)
        text = S.log("php-fpm.out") + S.log("php-fpm.log") + S.log("php-errors.log")
        self.assertIsNone(LOG_PROBLEMS.search(text), text[-3000:])


if __name__ == "__main__":
    unittest.main(verbosity=2)
