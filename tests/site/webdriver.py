"""A minimal W3C WebDriver client (standard library only) for Debian's chromedriver.

Just what the site test needs: start chromedriver on a free port, open a
headless Chromium session, navigate, run a script, resize, take a screenshot,
and shut everything down (the driver and the browser it started are one
process group, killed by its id if they do not stop by themselves).
"""
import base64
import ctypes
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

# Flags that work in a closed network and as root in a container: without the
# background-networking ones Chromium's own connections are refused here.
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
    "--no-first-run", "--no-default-browser-check", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-extensions", "--no-proxy-server",
    "--hide-scrollbars", "--force-device-scale-factor=1", "--lang=ru-RU",
]

_libc = ctypes.CDLL(None, use_errno=True)


def die_with_parent():
    """preexec_fn: the child gets SIGTERM if the test process dies (e.g. killed by ctest's timeout)."""
    _libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


# The reaper: a separate process holding the process groups this test started. When the test process
# dies without cleaning up (ctest's timeout kills it), the reaper's stdin reaches EOF and it kills every
# group it was told about -- Chromium included, which chromedriver starts and PDEATHSIG cannot follow --
# and removes the temporary directories it was given.
# A clean shutdown sends "done" first and the reaper exits without killing anything.
_REAPER_CODE = r"""
import os, shutil, signal, sys, time
groups, dirs = [], []
for line in sys.stdin:
    line = line.rstrip("\n")
    if line == "done":
        sys.exit(0)
    if line.startswith("dir "):
        dirs.append(line[4:])
    elif line.startswith("-"):
        groups = [g for g in groups if g != int(line[1:])]
    elif line:
        groups.append(int(line))
for g in groups:
    try:
        os.killpg(g, signal.SIGKILL)
    except OSError:
        pass
time.sleep(0.5)
for d in dirs:
    shutil.rmtree(d, ignore_errors=True)
"""


class Reaper:
    def __init__(self, python=sys.executable):
        self.proc = subprocess.Popen([python, "-c", _REAPER_CODE], stdin=subprocess.PIPE,
                                     stdout=subprocess.DEVNULL, start_new_session=True, text=True)

    def _say(self, line):
        try:
            self.proc.stdin.write(line + "\n")
            self.proc.stdin.flush()
        except (OSError, ValueError):
            pass

    def watch(self, proc):
        self._say(str(proc.pid))  # started with start_new_session: its pid is its group

    def remove_dir(self, path):
        """Also remove this directory (the test's temporary files) if the test dies."""
        self._say("dir " + path)

    def forget(self, proc):
        self._say(f"-{proc.pid}")

    def close(self):
        self._say("done")
        try:
            self.proc.stdin.close()
            self.proc.wait(timeout=10)
        except (OSError, subprocess.TimeoutExpired):
            self.proc.kill()


REAPER = None


def reaper():
    global REAPER
    if REAPER is None:
        REAPER = Reaper()
    return REAPER


def kill_group(proc, grace=5.0):
    """Stop a process started with start_new_session=True, and its children: TERM, then KILL."""
    _kill_group(proc, grace)
    if proc is not None and REAPER is not None:
        REAPER.forget(proc)


# Requests to 127.0.0.1 never go through a proxy from the environment.
_opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))


class WebDriverError(RuntimeError):
    pass


def free_port():
    """A TCP port that was free a moment ago (callers retry if another process takes it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def http(method, url, body=None, timeout=30):
    """(status, headers, bytes) of one request; HTTP errors are answers, not exceptions."""
    data = None if body is None else json.dumps(body).encode("utf-8")
    req = urllib.request.Request(url, data=data, method=method,
                                 headers={"Content-Type": "application/json; charset=utf-8"})
    try:
        with _opener.open(req, timeout=timeout) as r:
            return r.status, r.headers, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read()


def _kill_group(proc, grace):
    if proc is None:
        return
    for sig, wait in ((signal.SIGTERM, grace), (signal.SIGKILL, grace)):
        if proc.poll() is not None:
            break
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            break
        try:
            proc.wait(timeout=wait)
        except subprocess.TimeoutExpired:
            pass
    try:  # children left in the group after the leader exited
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


class ChromeDriver:
    """chromedriver on a free port and one headless Chromium session."""

    def __init__(self, chromedriver, chromium, workdir, width=1280, height=1600):
        self.chromedriver, self.chromium, self.workdir = chromedriver, chromium, workdir
        self.width, self.height = width, height
        self.proc = None
        self.base = None
        self.session = None
        self.log_path = os.path.join(workdir, "chromedriver.log")

    # ---- lifecycle ----------------------------------------------------------------------------------------
    def start(self, timeout=30.0):
        last = ""
        for _attempt in range(5):
            port = free_port()
            self.proc = subprocess.Popen(
                [self.chromedriver, f"--port={port}", f"--log-path={self.log_path}"],
                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                start_new_session=True, preexec_fn=die_with_parent)
            reaper().watch(self.proc)
            self.base = f"http://127.0.0.1:{port}"
            deadline = time.monotonic() + timeout
            while time.monotonic() < deadline:
                if self.proc.poll() is not None:
                    last = (f"exit status {self.proc.returncode}: "
                            + self.proc.stderr.read().decode("utf-8", "replace"))
                    break
                try:
                    status, _h, body = http("GET", self.base + "/status", timeout=2)
                    if status == 200 and json.loads(body)["value"].get("ready"):
                        self._new_session()
                        return self
                except (OSError, ValueError, KeyError):
                    pass
                time.sleep(0.1)
            else:
                kill_group(self.proc)
                raise WebDriverError(f"chromedriver did not answer on {self.base} within {timeout} s")
        raise WebDriverError(f"chromedriver would not start: {last.strip()}")

    def _new_session(self):
        profile = os.path.join(self.workdir, "chromium-profile")
        os.makedirs(profile, exist_ok=True)
        caps = {"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "pageLoadStrategy": "normal",
            "timeouts": {"pageLoad": 30000, "script": 30000, "implicit": 0},
            "goog:chromeOptions": {
                "binary": self.chromium,
                "args": CHROMIUM_FLAGS + [f"--user-data-dir={profile}",
                                          f"--window-size={self.width},{self.height}"],
            },
        }}}
        value = self._cmd("POST", "/session", caps, timeout=90)
        self.session = value["sessionId"]

    def quit(self):
        try:
            if self.session is not None and self.proc is not None and self.proc.poll() is None:
                self._cmd("DELETE", f"/session/{self.session}", timeout=30)
        except (OSError, WebDriverError):
            pass
        finally:
            self.session = None
            kill_group(self.proc)
            if self.proc is not None and self.proc.stderr is not None:
                self.proc.stderr.close()
            self.proc = None

    def log_tail(self, lines=40):
        try:
            with open(self.log_path, encoding="utf-8", errors="replace") as f:
                return "".join(f.readlines()[-lines:])
        except OSError:
            return ""

    # ---- commands -----------------------------------------------------------------------------------------
    def _cmd(self, method, path, body=None, timeout=60):
        status, _h, raw = http(method, self.base + path, body if body is not None else
                               ({} if method == "POST" else None), timeout=timeout)
        try:
            payload = json.loads(raw) if raw else {}
        except ValueError:
            raise WebDriverError(f"{method} {path}: HTTP {status}, not JSON: {raw[:200]!r}")
        value = payload.get("value")
        if status != 200:
            err = value.get("error") if isinstance(value, dict) else None
            msg = value.get("message") if isinstance(value, dict) else raw[:300]
            raise WebDriverError(f"{method} {path}: HTTP {status} {err}: {msg}")
        return value

    def _s(self, path):
        return f"/session/{self.session}{path}"

    def get(self, url):
        self._cmd("POST", self._s("/url"), {"url": url})

    def script(self, js, *args):
        return self._cmd("POST", self._s("/execute/sync"), {"script": js, "args": list(args)})

    def title(self):
        return self._cmd("GET", self._s("/title"))

    def alert_open(self):
        try:
            self._cmd("GET", self._s("/alert/text"))
            return True
        except WebDriverError as e:
            if "no such alert" in str(e):
                return False
            raise

    def set_size(self, width, height):
        self._cmd("POST", self._s("/window/rect"), {"width": width, "height": height})

    def screenshot(self, path, full_page=True, max_height=12000):
        """Save a PNG of the page; full_page: the window is first made as tall as the document."""
        if full_page:
            self.set_size(self.width, 400)  # so that a short page is measured short
            # the window's height = the document's + what the window adds around the viewport
            h = self.script("return Math.max(document.documentElement.scrollHeight, document.body.scrollHeight)"
                            " + Math.max(0, window.outerHeight - window.innerHeight);")
            self.set_size(self.width, min(max(int(h), 400), max_height))
        png = base64.b64decode(self._cmd("GET", self._s("/screenshot")))
        with open(path, "wb") as f:
            f.write(png)
        if full_page:
            self.set_size(self.width, self.height)
        return png

    # ---- elements, cookies, navigation (the portal's browser test) -------------------------------------------
    ELEMENT = "element-6066-11e4-a52e-4f735466cecf"

    def find(self, css):
        """The first element matching a CSS selector (WebDriverError if none)."""
        v = self._cmd("POST", self._s("/element"), {"using": "css selector", "value": css})
        return v[self.ELEMENT]

    def find_all(self, css):
        return [e[self.ELEMENT] for e in self._cmd("POST", self._s("/elements"),
                                                   {"using": "css selector", "value": css})]

    def click(self, css, navigates=True):
        """Click the element (a submit button: the browser sends the form and loads the answer).

        chromedriver's click returns once the click is dispatched, not when the form's answer is loaded: with
        `navigates` this waits until the document is a new one and loaded, so that the next command sees the
        answer (not the page the button was on)."""
        el = self.find(css)
        if navigates:
            self.script("window.__sup_before_click = true;")
        self._cmd("POST", self._s(f"/element/{el}/click"))
        if not navigates:
            return
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            try:
                if self.script("return window.__sup_before_click !== true && document.readyState === 'complete';"):
                    return
            except WebDriverError:
                pass  # the document was being replaced
            time.sleep(0.05)
        raise WebDriverError(f"clicking {css}: no new page loaded within 15 s")

    def type(self, css, text):
        el = self.find(css)
        self._cmd("POST", self._s(f"/element/{el}/clear"))
        self._cmd("POST", self._s(f"/element/{el}/value"), {"text": text})

    def text(self, css):
        return self._cmd("GET", self._s(f"/element/{self.find(css)}/text"))

    def url(self):
        return self._cmd("GET", self._s("/url"))

    def source(self):
        return self._cmd("GET", self._s("/source"))

    def cookies(self):
        return {c["name"]: c for c in self._cmd("GET", self._s("/cookie"))}

    def add_cookie(self, cookie):
        self._cmd("POST", self._s("/cookie"), {"cookie": cookie})

    def delete_cookies(self):
        self._cmd("DELETE", self._s("/cookie"))

    def back(self):
        self._cmd("POST", self._s("/back"))
