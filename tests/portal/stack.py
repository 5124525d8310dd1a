"""The customer portal under the real nginx and php-fpm (Debian's nginx, php8.2-fpm), for the tests.

PortalStack makes a temporary directory holding everything the portal needs — a demo ledger (supportctl
demo), release files recorded with `release-add --file … --copy-to`, the configuration file, the mail
outbox — and starts php-fpm and nginx on 127.0.0.1 with the deployment files of portal/deploy (their
Debian paths and port replaced by the temporary ones), as an unprivileged user: as root the system user
libsupport-web (tests/support/second-user.sh), otherwise the calling user.

Both servers run in the foreground in process groups of their own, handed to the reaper of
tests/site/webdriver.py: if the test itself is killed (ctest's timeout), the reaper kills them and removes
the directory. stop() ends them (TERM, then KILL) and removes it.
"""
import http.client
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "tests", "site"))
sys.path.insert(0, os.path.join(ROOT, "tests", "pg"))
from webdriver import die_with_parent, free_port, kill_group, reaper  # noqa: E402
import ledger_targets as lt  # noqa: E402

DEPLOY = os.path.join(ROOT, "portal", "deploy")
SECOND_USER = os.path.join(ROOT, "tests", "support", "second-user.sh")
WEB_USER = "libsupport-web"
DEMO_TODAY = "2026-11-26"


def env_path(name):
    v = os.environ.get(name)
    if not v:
        raise RuntimeError(f"{name} is not set (run this test through ctest)")
    return v


def need_program(path, package):
    if not path or not os.access(path, os.X_OK):
        raise RuntimeError(f"{path or package} not found: install the Debian package {package} (bash scripts/deps.sh)")
    return path


class Response:
    def __init__(self, status, headers, body):
        self.status, self.headers, self.body = status, headers, body

    @property
    def text(self):
        return self.body.decode("utf-8", "replace")

    def header(self, name):
        return self.headers.get(name.lower())

    def cookies(self):
        """name -> (value, attributes lower-cased) of every Set-Cookie."""
        out = {}
        for raw in self.headers.get("set-cookie-all", []):
            first, _, attrs = raw.partition(";")
            name, _, value = first.strip().partition("=")
            out[name] = (value, attrs.lower())
        return out


class PortalStack:
    def __init__(self, name="portal", demo=True, https_base=False, config_extra=None, api_limits=True,
                 floor_ms=10, ledger_source=None, release_files=True, base=None):
        self.name = name
        self.demo = demo
        self.https_base = https_base
        self.config_extra = config_extra or {}
        self.api_limits = api_limits
        self.floor_ms = floor_ms
        self.ledger_source = ledger_source  # an existing ledger to copy (the bench's), else the demo's
        self.release_files = release_files
        self.base = base  # where the temporary directory goes (default: $TMPDIR)
        self.prepare = None  # called after the ledger is made, before the servers start (changes as root)
        self.procs = []
        self.dir = None
        self.port = None
        self.as_root = os.geteuid() == 0

    # ---- set-up ----------------------------------------------------------------------------------------------
    def _as_user(self):
        if not self.as_root:
            return []
        # on PostgreSQL the cluster's socket directory belongs to its group (tests/pg/pg-cluster.sh)
        groups = ["--groups", "libsupport-test"] if lt.ON_PG else []
        return ["bash", SECOND_USER, "--user", WEB_USER, *groups]

    def _run(self, argv, **kw):
        r = subprocess.run(argv, capture_output=True, text=True, **kw)
        if r.returncode != 0:
            raise RuntimeError(f"{' '.join(argv)} failed ({r.returncode}):\n{r.stdout}\n{r.stderr}")
        return r.stdout

    def supportctl(self, *args):
        return self._run([env_path("SUPPORTCTL"), args[0], "--ledger", self.ledger, *args[1:]])

    def start(self):
        self.dir = tempfile.mkdtemp(prefix=f"sup-{self.name}-", dir=self.base)
        os.chmod(self.dir, 0o755)
        reaper().remove_dir(self.dir)
        for d in ("releases", "outbox", "etc", "logs", "nginx", "run", "files", "pdf"):
            os.makedirs(os.path.join(self.dir, d))
        # SUP_TEST_BACKEND=pg: the ledger in a fresh schema of the test cluster, which the portal reaches as
        # a role made by `supportctl portal-role` (it reads everything and writes only the portal's tables)
        self.ledger = lt.new_schema_uri() if lt.ON_PG else os.path.join(self.dir, "ledger.db")
        self.portal_target = self.ledger
        if self.ledger_source is not None:
            shutil.copyfile(self.ledger_source, self.ledger)
        else:
            self.supportctl_out = self._run([env_path("SUPPORTCTL"), "demo", "--ledger", self.ledger])
        self.files = {}
        if self.release_files:
            self.add_release_files()
        if self.prepare is not None:
            self.prepare()
        if lt.ON_PG:
            role = lt.new_role()
            self.supportctl("portal-role", "--role", role)
            self.portal_target = lt.as_role(self.ledger, role)
        self.write_config()
        if self.as_root:
            subprocess.run(["bash", SECOND_USER, "--user", WEB_USER, "--check", self.dir], check=False)
            shutil.chown(self.dir, WEB_USER, WEB_USER)
            for base, dirs, files in os.walk(self.dir):
                for n in dirs + files:
                    shutil.chown(os.path.join(base, n), WEB_USER, WEB_USER)
        for attempt in range(5):
            self.port = free_port()
            self.write_server_configs()
            try:
                self._start_fpm()
                self._start_nginx()
                return self
            except RuntimeError as e:
                self.stop_servers()
                if "Address already in use" not in str(e) or attempt == 4:
                    raise

    def add_release_files(self):
        """New releases with files: REPORT6 3.2 (after every demo license's support end but ROMASHKA's and
        PETROV's), EXT12 2.1 with a Cyrillic file name, CLOUD1 1.1 (the subscription)."""
        for product, version, date, name, size in (("REPORT6", "3.2", "2026-11-20", "report-3.2.zip", 300_000),
                                                   ("EXT12", "2.1", "2026-11-01", "Выписки банка 2.1.zip", 4_000),
                                                   ("CLOUD1", "1.1", "2026-11-02", "cloud-1.1.zip", 1_000)):
            path = os.path.join(self.dir, "files", name)
            with open(path, "wb") as f:
                f.write(os.urandom(size))
            out = self.supportctl("release-add", "--product", product, "--version", version, "--date", date,
                                  "--file", path, "--copy-to", os.path.join(self.dir, "releases"), "--json")
            import json
            self.files[version] = json.loads(out)

    def write_config(self):
        # https_base: the portal believes it is served over HTTPS (nginx passes HTTPS=on, as behind TLS)
        base = "https://127.0.0.1:{port}" if self.https_base else "http://127.0.0.1:{port}"
        self.config_path = os.path.join(self.dir, "etc", "portal.ini")
        cfg = {
            ("ledger", "target"): self.portal_target,
            ("portal", "base_url"): base,
            ("portal", "releases_dir"): os.path.join(self.dir, "releases"),
            ("portal", "accel_prefix"): "/_releases/",
            ("portal", "demo"): "yes" if self.demo else "no",
            ("portal", "demo_date"): DEMO_TODAY,
            ("mail", "transport"): "outbox",
            ("mail", "outbox_dir"): os.path.join(self.dir, "outbox"),
            ("mail", "from"): "portal@v8pro.ru",
            ("mail", "from_name"): "Восьмёрка Про — личный кабинет",
            ("api", "answer_floor_ms"): str(self.floor_ms),
        }
        cfg.update(self.config_extra)
        self._cfg = cfg

    def _write_config_file(self):
        sections = {}
        for (sec, key), value in self._cfg.items():
            if value is None:
                continue
            sections.setdefault(sec, []).append(f"{key} = {value}".replace("{port}", str(self.port))
                                               .replace("{dir}", self.dir))
        with open(self.config_path, "w", encoding="utf-8") as f:
            f.write("# written by tests/portal/stack.py\n")
            for sec, lines in sections.items():
                f.write(f"[{sec}]\n" + "\n".join(lines) + "\n")
        if self.as_root:
            shutil.chown(self.config_path, WEB_USER, WEB_USER)

    def base_url(self):
        return f"http://127.0.0.1:{self.port}"

    def write_server_configs(self):
        """portal/deploy's files, with their Debian paths and port replaced."""
        d = self.dir
        sock = os.path.join(d, "run", "fpm.sock")
        repl = [
            ("/usr/share/libsupport/portal", os.path.join(ROOT, "portal")),
            ("/srv/libsupport/releases/", os.path.join(d, "releases") + "/"),
            ("/run/php/libsupport-portal.sock", sock),
            ("/run/php/libsupport-portal-api.sock", os.path.join(d, "run", "fpm-api.sock")),
            ("/etc/libsupport/portal.ini", self.config_path),
            ("127.0.0.1:8080", f"127.0.0.1:{self.port}"),
        ]
        with open(os.path.join(DEPLOY, "nginx-libsupport-portal.conf"), encoding="utf-8") as f:
            server = f.read()
        with open(os.path.join(DEPLOY, "php-fpm-libsupport-portal.conf"), encoding="utf-8") as f:
            pool = f.read()
        for a, b in repl:
            server = server.replace(a, b)
            pool = pool.replace(a, b)
        if self.https_base:
            server = server.replace("include /etc/nginx/fastcgi_params;",
                                    "include /etc/nginx/fastcgi_params;\n        fastcgi_param HTTPS on;")
        if not self.api_limits:  # the zones stay declared; no location uses them
            server = re.sub(r"\n\s*limit_req zone=[^\n]*", "", server)
        # open_basedir: the temporary paths instead of the Debian ones
        pool = re.sub(r"php_admin_value\[open_basedir\] = .*",
                      f"php_admin_value[open_basedir] = {ROOT}/portal/:{d}/", pool)
        # an unprivileged php-fpm cannot switch users: the lines that would (and their warnings) go
        pool = "\n".join(l for l in pool.splitlines()
                         if not re.match(r"(user|group|listen\.owner|listen\.group) =", l)) + "\n"
        # a fixed number of workers in each pool (PORTAL_FPM_CHILDREN for the pages, default 4;
        # PORTAL_FPM_API_CHILDREN for the update API, default 8): no forks in the middle of a measurement
        pool = re.sub(r"\npm\.(start_servers|min_spare_servers|max_spare_servers) = \d+", "", pool)
        pool = pool.replace("pm = dynamic", "pm = static")
        page, api = pool.split("\n[libsupport-portal-api]\n")
        page = re.sub(r"pm\.max_children = \d+", f"pm.max_children = {os.environ.get('PORTAL_FPM_CHILDREN', '4')}", page)
        api = re.sub(r"pm\.max_children = \d+", f"pm.max_children = {os.environ.get('PORTAL_FPM_API_CHILDREN', '8')}",
                     api)
        pool = page + "\n[libsupport-portal-api]\n" + api
        self._write_config_file()
        with open(os.path.join(d, "etc", "php-fpm.conf"), "w", encoding="utf-8") as f:
            f.write(f"[global]\npid = {d}/run/php-fpm.pid\nerror_log = {d}/logs/php-fpm.log\ndaemonize = no\n"
                    f"log_level = notice\n\n{pool}")
        with open(os.path.join(d, "etc", "php.ini"), "w", encoding="utf-8") as f:
            # PHP's loudest settings: the portal itself keeps every message off its pages
            f.write(f"extension={env_path('SUP_PHP_EXTENSION')}\nzend_extension=opcache.so\nopcache.enable=1\n"
                    "display_errors=On\ndisplay_startup_errors=On\nerror_reporting=-1\nhtml_errors=On\n"
                    f"error_log={d}/logs/php-errors.log\n")
        with open(os.path.join(d, "etc", "nginx.conf"), "w", encoding="utf-8") as f:
            f.write(f"""pid {d}/run/nginx.pid;
error_log {d}/logs/nginx-error.log notice;
worker_processes 2;
events {{ worker_connections 512; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log {d}/logs/nginx-access.log;
    client_body_temp_path {d}/nginx/body;
    fastcgi_temp_path {d}/nginx/fastcgi;
    proxy_temp_path {d}/nginx/proxy;
    uwsgi_temp_path {d}/nginx/uwsgi;
    scgi_temp_path {d}/nginx/scgi;
    sendfile on;
    keepalive_timeout 30;
{server}
}}
""")
        if self.as_root:
            for base, dirs, files in os.walk(d):
                for n in dirs + files:
                    shutil.chown(os.path.join(base, n), WEB_USER, WEB_USER)

    def _spawn(self, argv, log, env=None):
        full = self._as_user() + argv
        out = open(os.path.join(self.dir, "logs", log), "ab")
        p = subprocess.Popen(full, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
                             start_new_session=True, preexec_fn=die_with_parent, env=env)
        out.close()
        reaper().watch(p)
        self.procs.append(p)
        return p

    def _start_fpm(self):
        fpm = need_program(os.environ.get("SUP_PHP_FPM", "/usr/sbin/php-fpm8.2"), "php8.2-fpm")
        env = dict(os.environ, PHP_INI_SCAN_DIR="")
        p = self._spawn([fpm, "--nodaemonize", "--force-stderr", "-c", os.path.join(self.dir, "etc", "php.ini"),
                         "--fpm-config", os.path.join(self.dir, "etc", "php-fpm.conf")], "php-fpm.out", env)
        socks = [os.path.join(self.dir, "run", n) for n in ("fpm.sock", "fpm-api.sock")]
        self._wait(lambda: all(os.path.exists(s) for s in socks), p, "php-fpm")

    def _start_nginx(self):
        nginx = need_program(os.environ.get("SUP_NGINX", "/usr/sbin/nginx"), "nginx")
        p = self._spawn([nginx, "-e", os.path.join(self.dir, "logs", "nginx-error.log"), "-p", self.dir, "-c",
                         os.path.join(self.dir, "etc", "nginx.conf"), "-g", "daemon off;"], "nginx.out")

        def up():
            try:
                return self.get("/style.css").status == 200
            except OSError:
                return False
        self._wait(up, p, "nginx")

    def _wait(self, ready, proc, what, timeout=20.0):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise RuntimeError(f"{what} exited ({proc.returncode}):\n{self.logs()}")
            if ready():
                return
            time.sleep(0.05)
        raise RuntimeError(f"{what} did not start within {timeout} s:\n{self.logs()}")

    def logs(self):
        out = []
        for n in sorted(os.listdir(os.path.join(self.dir, "logs"))):
            with open(os.path.join(self.dir, "logs", n), encoding="utf-8", errors="replace") as f:
                out.append(f"---- {n}\n{f.read()[-4000:]}")
        return "\n".join(out)

    def log(self, name):
        try:
            with open(os.path.join(self.dir, "logs", name), encoding="utf-8", errors="replace") as f:
                return f.read()
        except OSError:
            return ""

    def stop_servers(self):
        for p in reversed(self.procs):
            kill_group(p)
        self.procs = []

    def stop(self):
        self.stop_servers()
        if self.dir is not None:
            shutil.rmtree(self.dir, ignore_errors=True)
            self.dir = None

    # ---- requests --------------------------------------------------------------------------------------------
    def request(self, method, path, body=None, headers=None, cookies=None, timeout=30):
        """One request with http.client (the raw path as given: hostile inputs stay unencoded)."""
        c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        h = dict(headers or {})
        if cookies:
            h["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
        if isinstance(body, dict):
            body = urllib.parse.urlencode(body)
            h.setdefault("Content-Type", "application/x-www-form-urlencoded")
        try:
            c.putrequest(method, path, skip_accept_encoding=True)
            for k, v in h.items():
                c.putheader(k, v)
            data = body.encode("utf-8") if isinstance(body, str) else body
            if data is not None:
                c.putheader("Content-Length", str(len(data)))
            c.endheaders(data)
            r = c.getresponse()
            raw = r.read()
            hdrs = {k.lower(): v for k, v in r.getheaders()}
            hdrs["set-cookie-all"] = [v for k, v in r.getheaders() if k.lower() == "set-cookie"]
            return Response(r.status, hdrs, raw)
        finally:
            c.close()

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def post(self, path, form, **kw):
        return self.request("POST", path, body=form, **kw)

    def count(self, sql):
        """One number from the ledger behind the API, on either engine (its owner's connection)."""
        return lt.raw_int(self.ledger, sql)

    def sign_in(self, address):
        """Sign in as a program would: ask for a link for `address`, take it from the outbox, use it; the
        session cookie's value."""
        r = self.get("/")
        browser = r.cookies()["sup_browser"][0]
        csrf = re.search(r'name="csrf" value="([^"]+)"', r.text).group(1)
        seen = len(self.outbox())
        r = self.post("/signin", {"address": address, "csrf": csrf}, cookies={"sup_browser": browser})
        if r.status != 200 or len(self.outbox()) <= seen:
            raise RuntimeError(f"no sign-in link for {address}: {r.status}\n{r.text[:300]}")
        token = re.search(rb"/signin/([A-Za-z0-9_-]{43})", self.outbox()[-1][1]).group(1).decode()
        r = self.get(f"/signin/{token}", cookies={"sup_browser": browser})
        csrf = re.search(r'name="csrf" value="([^"]+)"', r.text).group(1)
        r = self.post(f"/signin/{token}", {"csrf": csrf}, cookies={"sup_browser": browser})
        if r.status != 303:
            raise RuntimeError(f"the sign-in link of {address} did not sign in: {r.status}\n{r.text[:300]}")
        return r.cookies()["sup_session"][0]

    def reconfigure(self, changes):
        """Change keys of the configuration file ((section, key) -> value, None removes): the portal reads it at
        every request."""
        self._cfg.update(changes)
        self._write_config_file()

    def outbox(self):
        """The messages in the outbox, oldest first (file name, bytes)."""
        d = os.path.join(self.dir, "outbox")
        out = []
        for n in sorted(os.listdir(d)):
            if n.endswith(".eml"):
                with open(os.path.join(d, n), "rb") as f:
                    out.append((n, f.read()))
        return out
