"""The storage-touching tests once more, on object storage (DJANGO_STORAGE=s3), against moto's S3
API server on loopback started here (used by .ci/run; by hand: .venv/bin/python tests/s3_suite.py,
extra arguments go to pytest, e.g. a narrower selection of tests)."""

import logging
import os
import socket
import subprocess
import sys
from pathlib import Path

import boto3
from moto.server import ThreadedMotoServer

ROOT = Path(__file__).resolve().parent.parent
# Everything that writes or reads files: attachments, PDFs and exports, erasure and retention of
# files, quick-capture uploads.
SUBSET = [
    "tests/portfolio",
    "tests/portfolio_pdf",
    "tests/capture",
    "tests/reliability/test_data_rights.py",
    "tests/reliability/test_privacy_contract.py",
]
MEDIA_BUCKET, PRIVATE_BUCKET = "ci-media", "ci-private"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main(argv):
    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # moto's request log
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "DJANGO_STORAGE": "s3",
        "AWS_S3_ENDPOINT_URL": endpoint,
        "AWS_STORAGE_BUCKET_NAME": MEDIA_BUCKET,
        "AWS_PRIVATE_BUCKET_NAME": PRIVATE_BUCKET,
        "AWS_ACCESS_KEY_ID": "ci",
        "AWS_SECRET_ACCESS_KEY": "ci-secret",
        "AWS_S3_REGION_NAME": "us-east-1",
    }
    try:
        s3 = boto3.client(
            "s3",
            endpoint_url=endpoint,
            region_name="us-east-1",
            aws_access_key_id="ci",
            aws_secret_access_key="ci-secret",
        )
        for bucket in (MEDIA_BUCKET, PRIVATE_BUCKET):
            s3.create_bucket(Bucket=bucket)
        # Arguments replace the subset (pytest's own, e.g. a narrower selection of tests).
        selection = argv or [p for p in SUBSET if (ROOT / p).exists()]
        command = [sys.executable, "-m", "pytest", "-m", "not e2e", "-q", *selection]
        print(f"== on S3 ({endpoint}, moto): {' '.join(selection)}", flush=True)
        return subprocess.call(command, cwd=ROOT, env=env)
    finally:
        server.stop()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
