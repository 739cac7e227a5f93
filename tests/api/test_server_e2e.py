"""End to end over real HTTP: ``ipsec-doctor serve`` in a subprocess on 127.0.0.1, a key from
``ipsec-doctor keys create``, a stored case, a 64 MiB body, and server logs free of secrets."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlencode

import httpx
import pytest

from tests.api.leak_corpus import ASA_CONFIG, leaks
from tests.api.support import SLACK_SECRET, seed_inputs, slack_headers

STARTUP_SECONDS = 60
IPSEC_DOCTOR = str(Path(sys.executable).with_name("ipsec-doctor"))  # the installed console script
EXAMPLE_PACK = Path(__file__).resolve().parents[2] / "examples" / "proxy_id_pack" / "ipsec_doctor_example_pack"


@dataclass
class LiveServer:
    url: str
    port: int
    env: dict[str, str]
    process: subprocess.Popen[bytes]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _cli(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([IPSEC_DOCTOR, *args], env=env, capture_output=True, text=True, check=True, timeout=60)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    data = tmp_path_factory.mktemp("server")
    env = {
        **os.environ,
        "IPSEC_DOCTOR_DATABASE_URL": f"sqlite:///{data / 'service.sqlite3'}",
        "IPSEC_DOCTOR_LOG_LEVEL": "debug",
        "IPSEC_DOCTOR_SLACK_SIGNING_SECRET": SLACK_SECRET,
    }
    port = _free_port()
    log = (data / "server.log").open("wb")
    process = subprocess.Popen(
        [IPSEC_DOCTOR, "serve", "--port", str(port), "--rules-dir", str(EXAMPLE_PACK)], env=env, stdout=log,
        stderr=subprocess.STDOUT
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + STARTUP_SECONDS
    while True:
        assert process.poll() is None, (data / "server.log").read_text()
        try:
            if httpx.get(f"{url}/readyz", timeout=1).status_code == 200:
                break
        except httpx.TransportError:
            pass
        assert time.monotonic() < deadline, "the server did not become ready"
        time.sleep(0.1)
    yield LiveServer(url, port, env, process)
    process.terminate()
    process.wait(timeout=30)
    log.close()
    assert leaks((data / "server.log").read_text()) == []


@pytest.fixture(scope="module")
def key(server: LiveServer) -> str:
    out = _cli("keys", "create", "e2e", env=server.env).stdout
    return out.strip().splitlines()[-1].split()[-1]


def test_a_client_with_a_key_diagnoses_and_stores_a_case(server: LiveServer, key: str) -> None:
    headers = {"Authorization": f"Bearer {key}"}
    with httpx.Client(base_url=server.url, headers=headers, timeout=60) as client:
        assert client.get("/v1/cases", headers={"Authorization": "Bearer wrong"}).status_code == 401
        diagnosed = client.post("/v1/diagnose", json={"inputs": seed_inputs()})
        assert diagnosed.status_code == 200
        assert diagnosed.json()["sessions"][0]["peer"] == "10.48.66.23"
        created = client.post("/v1/cases", json={"inputs": [*seed_inputs(), {"name": "asa2.cfg", "text": ASA_CONFIG}]})
        assert created.status_code == 201
        fetched = client.get(created.headers["location"])
        assert fetched.json()["id"] == created.json()["id"]
        assert leaks(created.content + fetched.content) == []


def test_serve_loads_the_rules_dir_it_is_given(server: LiveServer, key: str) -> None:
    with httpx.Client(base_url=server.url, headers={"Authorization": f"Bearer {key}"}, timeout=60) as client:
        rules = {rule["id"]: rule for rule in client.get("/v1/rules").json()}
    assert rules["proxy_id_mismatch"]["pack"] == str(EXAMPLE_PACK)


def test_serve_refuses_a_missing_rules_dir(tmp_path) -> None:
    done = subprocess.run([IPSEC_DOCTOR, "serve", "--rules-dir", str(tmp_path / "absent")], capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 2 and "does not exist" in done.stderr and done.stderr.count("\n") == 1


def test_a_64_mib_body_gets_413_over_the_wire(server: LiveServer) -> None:
    size = 64 * 1024 * 1024
    head = (
        f"POST /v1/diagnose HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        f"Content-Length: {size}\r\n\r\n"
    ).encode()
    with socket.create_connection(("127.0.0.1", server.port), timeout=30) as connection:
        connection.sendall(head)

        def send_body() -> None:  # the server may answer and close before it is all sent
            chunk = b"x" * (1024 * 1024)
            try:
                for _ in range(64):
                    connection.sendall(chunk)
            except OSError:
                pass

        sender = threading.Thread(target=send_body, daemon=True)
        sender.start()
        response = b""
        while b"\r\n\r\n" not in response or not response.rstrip().endswith(b"}"):
            data = connection.recv(65536)
            if not data:
                break
            response += data
    status_line, _, rest = response.partition(b"\r\n")
    assert status_line.startswith(b"HTTP/1.1 413")
    assert b"content-type: application/problem+json" in rest.lower()
    assert b'"status":413' in rest


@dataclass
class ResponseUrlReceiver:
    """A loopback HTTP server standing in for Slack's ``response_url``."""

    url: str = ""
    messages: list[dict] = field(default_factory=list)
    received: threading.Event = field(default_factory=threading.Event)


@pytest.fixture
def receiver() -> Iterator[ResponseUrlReceiver]:
    box = ResponseUrlReceiver()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            box.messages.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
            self.send_response(200)
            self.end_headers()
            box.received.set()

        def log_message(self, *args: object) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    box.url = f"http://127.0.0.1:{httpd.server_address[1]}/commands/T1/2/3"
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield box
    httpd.shutdown()
    thread.join(timeout=10)


def test_a_signed_slack_command_is_answered_through_response_url(
    server: LiveServer, key: str, receiver: ResponseUrlReceiver
) -> None:
    with httpx.Client(base_url=server.url, timeout=60) as client:
        created = client.post("/v1/cases", json={"inputs": seed_inputs()}, headers={"Authorization": f"Bearer {key}"})
        body = urlencode(
            {"command": "/ipsec-doctor", "text": created.json()["id"], "response_url": receiver.url}
        ).encode()
        headers = slack_headers(body)
        ack = client.post("/v1/chat/slack", content=body, headers=headers)
        assert ack.status_code == 200
        assert ack.json()["response_type"] == "ephemeral"
        assert client.post("/v1/chat/slack", content=body, headers=headers).status_code == 401  # replayed
        forged = client.post("/v1/chat/slack", content=body, headers=slack_headers(body, secret="forged"))
        assert forged.status_code == 401
    assert receiver.received.wait(timeout=60), "no message reached the response_url"
    assert len(receiver.messages) == 1
    assert "10.48.66.23: established" in receiver.messages[0]["text"]
