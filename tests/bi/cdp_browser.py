"""Headless Chromium (Debian's package) driven over the Chrome DevTools Protocol, for the dashboard test.

No browser download (no Playwright or Selenium browser builds here): the system's `chromium` is started with a
remote-debugging port and spoken to through one WebSocket (the `websockets` package Airflow already installs).
The page's own requests to Superset's chart data API are recorded, bodies included, so the test reads exactly the
figures the page was given.
"""

from __future__ import annotations

import base64
import itertools
import json
import shutil
import subprocess
import tempfile
import time
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

from websockets.sync.client import connect

CHART_DATA_PATH = "/api/v1/chart/data"


def chromium_path() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


@dataclass
class ChartResponse:
    form_data: dict
    status: int
    body: dict = field(default_factory=dict)


class Browser:
    """One headless Chromium with one page (a flattened CDP session); use as a context manager."""

    def __init__(self, *, width: int = 1600, height: int = 2200) -> None:
        executable = chromium_path()
        if executable is None:
            raise RuntimeError("Debian's chromium is not installed: apt-get update && apt-get install -y chromium")
        self._profile = tempfile.TemporaryDirectory(prefix="ai_job_share_chromium_")
        self._closing = ExitStack()
        self._process = subprocess.Popen(
            [
                executable,
                "--headless",
                "--no-sandbox",  # CI runs as root, where Chromium's sandbox refuses to start
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--no-first-run",
                "--remote-debugging-port=0",
                f"--user-data-dir={self._profile.name}",
                f"--window-size={width},{height}",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        port_file = Path(self._profile.name) / "DevToolsActivePort"
        deadline = time.monotonic() + 60
        while not (port_file.exists() and len(port_file.read_text().splitlines()) == 2):
            if time.monotonic() > deadline or self._process.poll() is not None:
                self.close()
                raise RuntimeError("chromium did not open its DevTools port")
            time.sleep(0.1)
        port, path = port_file.read_text().splitlines()
        self._socket = self._closing.enter_context(
            connect(f"ws://127.0.0.1:{port}{path}", max_size=None, open_timeout=30)
        )
        self._ids = itertools.count(1)
        self._events: list[dict] = []
        target = self._call("Target.createTarget", {"url": "about:blank"})["targetId"]
        self._session = self._call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        self.send("Emulation.setDeviceMetricsOverride", {"width": width, "height": height, "deviceScaleFactor": 1,
                                                          "mobile": False})  # fmt: skip
        self.send("Network.enable", {"maxPostDataSize": 1_000_000})
        self.send("Page.enable")

    def __enter__(self) -> Browser:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self._closing.close()
        if self._process.poll() is None:
            self._process.terminate()
            try:
                self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
        self._profile.cleanup()

    def _call(self, method: str, params: dict | None = None, session: str | None = None) -> dict:
        message_id = next(self._ids)
        message = {"id": message_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        self._socket.send(json.dumps(message))
        while True:
            reply = json.loads(self._socket.recv(timeout=120))
            if reply.get("id") == message_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            if "method" in reply:
                self._events.append(reply)

    def send(self, method: str, params: dict | None = None) -> dict:
        return self._call(method, params, self._session)

    def set_cookie(self, url: str, name: str, value: str) -> None:
        self.send("Network.setCookie", {"url": url, "name": name, "value": value})

    def navigate(self, url: str) -> None:
        self._events.clear()
        self.send("Page.navigate", {"url": url})

    def evaluate(self, expression: str):
        result = self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True, "awaitPromise": True})
        if "exceptionDetails" in result:
            raise RuntimeError(f"page script failed: {result['exceptionDetails']}")
        return result["result"].get("value")

    def pump(self, seconds: float) -> None:
        """Collect the page's events for a while (a cheap no-op call every 0.2 s)."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            self._call("Browser.getVersion")
            time.sleep(0.2)

    def chart_responses(self) -> list[ChartResponse]:
        """The chart data requests the page made since the last navigate and has finished receiving."""
        requests, statuses, finished = {}, {}, set()
        for event in self._events:
            params = event.get("params", {})
            if event["method"] == "Network.requestWillBeSent" and CHART_DATA_PATH in params["request"]["url"]:
                requests[params["requestId"]] = params["request"]
            elif event["method"] == "Network.responseReceived" and params["requestId"] in requests:
                statuses[params["requestId"]] = params["response"]["status"]
            elif event["method"] == "Network.loadingFinished" and params["requestId"] in requests:
                finished.add(params["requestId"])
        responses = []
        for request_id in sorted(finished):
            request = requests[request_id]
            post = request.get("postData")
            if post is None:
                post = self.send("Network.getRequestPostData", {"requestId": request_id})["postData"]
            body = self.send("Network.getResponseBody", {"requestId": request_id})
            text = base64.b64decode(body["body"]).decode() if body.get("base64Encoded") else body["body"]
            payload = json.loads(post)
            responses.append(ChartResponse(payload.get("form_data", {}), statuses.get(request_id, 0), json.loads(text)))
        return responses

    def screenshot(self, path: Path) -> None:
        data = self.send("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": False})["data"]
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(base64.b64decode(data))
