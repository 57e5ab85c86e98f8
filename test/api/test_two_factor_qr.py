"""The enrolment's QR code, rendered and read back by real tools: Debian's librsvg renders the
SVG, and zbar (zbarimg) decodes it to exactly the otpauth URI."""

import shutil
import subprocess

import pytest
from conftest import skip_outside_ci

pytestmark = pytest.mark.slow  # runs rsvg-convert and zbarimg


def test_the_qr_code_decodes_to_the_otpauth_uri(client, create_account, tmp_path):
    for tool in ("rsvg-convert", "zbarimg"):
        if not shutil.which(tool):
            skip_outside_ci(f"{tool} not found (apt-get install librsvg2-bin zbar-tools)")
    enrolment = client.post("/api/v1/auth/mfa/totp", headers=create_account().headers).json
    (tmp_path / "qr.svg").write_text(enrolment["qr_svg"])
    subprocess.run(
        ["rsvg-convert", "-w", "400", "-o", tmp_path / "qr.png", tmp_path / "qr.svg"], check=True
    )
    decoded = subprocess.run(
        ["zbarimg", "--quiet", "--raw", tmp_path / "qr.png"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert decoded.stdout.strip() == enrolment["otpauth_uri"]
