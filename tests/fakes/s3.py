"""A local S3-compatible server for the S3 storage tests: moto's standalone server in a child
process, so the real boto3/django-storages stack talks HTTP to it (no in-process mocking)."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import boto3

REGION = "eu-west-1"
# moto accepts any credentials; these only need to be present for boto3 to sign requests.
ACCESS_KEY = "local-s3-access-key"
SECRET_KEY = "local-s3-secret-key"


@dataclass
class LocalS3:
    endpoint_url: str
    process: subprocess.Popen[bytes]

    def client(self) -> object:
        """A plain boto3 client, to look at the bucket from outside the app."""
        return boto3.client(
            "s3",
            endpoint_url=self.endpoint_url,
            region_name=REGION,
            aws_access_key_id=ACCESS_KEY,
            aws_secret_access_key=SECRET_KEY,
        )

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=5)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_local_s3(timeout: float = 20.0) -> LocalS3:
    """Start moto_server on a free loopback port and wait until it accepts connections."""
    executable = Path(sys.executable).with_name("moto_server")
    port = _free_port()
    process = subprocess.Popen(
        [str(executable), "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"moto_server exited with code {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return LocalS3(endpoint_url=f"http://127.0.0.1:{port}", process=process)
        except OSError:
            time.sleep(0.05)
    process.kill()
    process.wait(timeout=5)
    raise RuntimeError("moto_server did not start in time")
