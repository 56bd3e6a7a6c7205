"""The pieces of the browser test (browser_test.py) that drive processes: headless Chromium
over the Chrome DevTools Protocol, `kosearch serve`, xapian-tcpsrv; and the pass/fail count."""

import base64
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request

import websocket

CHROMIUM_CANDIDATES = ("chromium", "chromium-browser", "google-chrome")
passed = 0  # checks counted by check(), read by browser_test.main
failed = 0


def check(condition, what):
    global passed, failed
    if condition:
        passed += 1
    else:
        failed += 1
        print(f"FAIL: {what}", file=sys.stderr)


def read_line_matching(stream, needle, deadline, what):
    """Reads `stream` line by line until one contains `needle`."""
    lines = []
    while time.monotonic() < deadline:
        line = stream.readline()
        if not line:
            break
        lines.append(line)
        if needle in line:
            return line
    raise RuntimeError(f"{what} did not start: " + "".join(lines[-10:]))


class Browser:
    """One headless Chromium and a CDP session on its page."""

    def __init__(self, profile):
        exe = next((shutil.which(c) for c in CHROMIUM_CANDIDATES if shutil.which(c)), None)
        if exe is None:
            raise RuntimeError("no chromium found: run scripts/install-deps.sh (Debian's chromium)")
        self.proc = subprocess.Popen(
            [exe, "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
             "--disable-extensions", "--disable-background-networking", "--disable-sync",
             "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0",
             "--remote-allow-origins=*", f"--user-data-dir={profile}", "--window-size=1100,900"]
            + os.environ.get("KOSEARCH_CHROMIUM_FLAGS", "").split() + ["about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        line = read_line_matching(self.proc.stderr, "DevTools listening on ",
                                  time.monotonic() + 60, "chromium")
        port = urllib.parse.urlparse(line.split("DevTools listening on ", 1)[1].strip()).port
        targets = json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=10))
        page = next(t for t in targets if t["type"] == "page")
        self.ws = websocket.create_connection(page["webSocketDebuggerUrl"], timeout=30,
                                              suppress_origin=True)
        self.next_id = 0
        self.events = []
        for domain in ("Page", "Runtime", "Network"):
            self.send(f"{domain}.enable")

    def send(self, method, **params):
        self.next_id += 1
        my_id = self.next_id
        self.ws.send(json.dumps({"id": my_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == my_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})
            if "method" in message:
                self.on_event(message)

    def on_event(self, message):
        self.events.append(message)
        if message["method"] == "Fetch.requestPaused" and getattr(self, "stub", None):
            p = message["params"]
            body = self.stub(p["request"]["url"])
            self.ws.send(json.dumps({"id": 0, "method": "Fetch.fulfillRequest", "params": {
                "requestId": p["requestId"], "responseCode": 200,
                "responseHeaders": [{"name": "Content-Type", "value": "application/json"}],
                "body": base64.b64encode(body.encode()).decode()}}))

    def js(self, expression):
        result = self.send("Runtime.evaluate", expression=expression, returnByValue=True,
                           awaitPromise=True)
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def wait_for(self, expression, what, timeout=15):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            value = self.js(expression)
            if value:
                return value
            time.sleep(0.05)
        check(False, f"timed out waiting for {what} ({expression})")
        return None

    def goto(self, url):
        self.send("Page.navigate", url=url)
        self.wait_for("document.readyState === 'complete'", f"load of {url}")

    def key(self, key, code, vk, text=None):
        down = {"type": "keyDown", "key": key, "code": code, "windowsVirtualKeyCode": vk}
        if text is not None:
            down["text"] = text
        self.send("Input.dispatchKeyEvent", **down)
        self.send("Input.dispatchKeyEvent", type="keyUp", key=key, code=code, windowsVirtualKeyCode=vk)

    def requested(self, path):
        """URLs of the requests sent so far whose path is `path`."""
        urls = []
        for e in self.events:
            if e["method"] == "Network.requestWillBeSent":
                url = e["params"]["request"]["url"]
                if urllib.parse.urlparse(url).path == path:
                    urls.append(url)
        return urls

    def screenshot(self, path):
        data = self.send("Page.captureScreenshot", format="png")["data"]
        with open(path, "wb") as f:
            f.write(base64.b64decode(data))

    def close(self):
        try:
            self.ws.close()
        finally:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()


class Server:
    """`kosearch serve` on a free loopback port."""

    def __init__(self, kosearch, index):
        self.proc = subprocess.Popen([kosearch, "serve", "--index", index, "--listen", "127.0.0.1:0"],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        line = read_line_matching(self.proc.stderr, "serving ", time.monotonic() + 30, "kosearch serve")
        self.base = "http://" + line.split("http://", 1)[1].split("/", 1)[0]

    def close(self):
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


class ShardServer:
    """xapian-tcpsrv serving `index` on a free loopback port, in a process group of its own (it
    forks a child per connection): None when xapian-tcpsrv is not installed."""

    @staticmethod
    def start(index):
        exe = shutil.which("xapian-tcpsrv")
        return ShardServer(exe, index) if exe else None

    def __init__(self, exe, index):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.proc = subprocess.Popen([exe, "--interface", "127.0.0.1", "--port", str(self.port), index],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                     start_new_session=True)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and self.proc.poll() is None:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.05)
        self.close()
        raise RuntimeError(f"xapian-tcpsrv did not start on port {self.port}")

    def close(self):
        try:
            os.killpg(self.proc.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()


def shown(element_id):
    """JS: whether the element takes space on the page (not display:none, nor inside one)."""
    return f"(document.getElementById('{element_id}').getClientRects().length > 0)"


HITS = "document.querySelectorAll('#results .hit').length"
FIRST_RANK = "(document.querySelector('#results .hit .rank') || {}).textContent"
