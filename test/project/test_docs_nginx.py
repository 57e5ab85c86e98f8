"""The nginx site with TLS that docs/operations/deployment.md prints is one nginx accepts."""

import re
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from conftest import skip_outside_ci
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

pytestmark = pytest.mark.slow  # runs nginx in its own process

PAGE = Path(__file__).resolve().parents[2] / "docs" / "operations" / "deployment.md"
NGINX = Path("/usr/sbin/nginx")
CERTIFICATE = "/etc/letsencrypt/live/api.example.com/fullchain.pem"
PRIVATE_KEY = "/etc/letsencrypt/live/api.example.com/privkey.pem"


def documented_site() -> str:
    """The nginx block of the page's section "nginx with TLS"."""
    section = PAGE.read_text().split("## nginx with TLS", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```nginx\n(.*?)```", section, re.DOTALL)[0]


def self_signed(folder: Path) -> tuple[Path, Path]:
    """A certificate for api.example.com and its key, in place of the page's Let's Encrypt files."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "api.example.com")])
    now = datetime.now(UTC)
    certificate = (
        x509.CertificateBuilder(subject_name=name, issuer_name=name, public_key=key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + timedelta(days=1))
        .sign(key, hashes.SHA256())
    )
    (folder / "cert.pem").write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    private = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    (folder / "key.pem").write_bytes(private)
    return folder / "cert.pem", folder / "key.pem"


def test_nginx_accepts_the_documented_tls_site(tmp_path):
    if not NGINX.exists():
        skip_outside_ci(f"{NGINX} not found (apt-get install nginx)")
    certificate, key = self_signed(tmp_path)
    site = documented_site().replace(CERTIFICATE, str(certificate))
    temp = " ".join(f"{kind}_temp_path {tmp_path};" for kind in ("client_body", "proxy"))
    config = tmp_path / "nginx.conf"
    config.write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\nevents {{}}\n"
        f"http {{\naccess_log off;\n{temp}\n{site.replace(PRIVATE_KEY, str(key))}\n}}\n"
    )
    check = [str(NGINX), "-t", "-c", str(config), "-e", str(tmp_path / "error.log")]
    result = subprocess.run(check, capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, result.stderr
