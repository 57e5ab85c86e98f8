"""A software WebAuthn authenticator for tests without a browser: it makes ES256 passkeys and
signs assertions the way a platform authenticator does (fmt "none", CTAP2 authenticator data),
with every field a test may want to get wrong exposed as an argument."""

import hashlib
import json
import os
import struct
from base64 import urlsafe_b64decode, urlsafe_b64encode
from dataclasses import dataclass, field
from typing import Any

import cbor2
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec

UP, UV, BE, BS, AT = 0x01, 0x04, 0x08, 0x10, 0x40  # authenticator data flags


def b64url(data: bytes) -> str:
    return urlsafe_b64encode(data).rstrip(b"=").decode()


def from_b64url(text: str) -> bytes:
    return urlsafe_b64decode(text + "=" * (-len(text) % 4))


@dataclass
class SoftAuthenticator:
    """One passkey: its key, credential id and signature counter."""

    rp_id: str = "localhost"
    origin: str = "http://localhost:5000"
    key: ec.EllipticCurvePrivateKey = field(
        default_factory=lambda: ec.generate_private_key(ec.SECP256R1())
    )
    credential_id: bytes = field(default_factory=lambda: os.urandom(32))
    counter: int = 0
    user_handle: bytes = b""

    def create(self, options: dict[str, Any], **wrong: Any) -> dict[str, Any]:
        """The RegistrationResponseJSON for creation `options`."""
        self.user_handle = from_b64url(options["user"]["id"])
        client_data = self._client_data("webauthn.create", options["challenge"], **wrong)
        public = self.key.public_key().public_numbers()
        cose_key = {
            1: 2,
            3: -7,
            -1: 1,
            -2: public.x.to_bytes(32, "big"),
            -3: public.y.to_bytes(32, "big"),
        }
        attested = bytes(16) + struct.pack(">H", len(self.credential_id)) + self.credential_id
        auth_data = (
            self._auth_data(AT | wrong.get("flags", UP | UV), wrong.get("rp_id", self.rp_id))
            + attested
            + cbor2.dumps(cose_key)
        )
        attestation = cbor2.dumps({"fmt": "none", "attStmt": {}, "authData": auth_data})
        response = {
            "clientDataJSON": b64url(client_data),
            "attestationObject": b64url(attestation),
            "transports": ["internal"],
        }
        return self._credential(response)

    def get(self, options: dict[str, Any], **wrong: Any) -> dict[str, Any]:
        """The AuthenticationResponseJSON for request `options`; the counter moves on."""
        self.counter = wrong.get("counter", self.counter + 1)
        client_data = self._client_data("webauthn.get", options["challenge"], **wrong)
        auth_data = self._auth_data(wrong.get("flags", UP | UV), wrong.get("rp_id", self.rp_id))
        signed = auth_data + hashlib.sha256(client_data).digest()
        signature = self.key.sign(signed, ec.ECDSA(hashes.SHA256()))
        response = {
            "clientDataJSON": b64url(client_data),
            "authenticatorData": b64url(auth_data),
            "signature": b64url(signature),
            "userHandle": b64url(self.user_handle),
        }
        return self._credential(response)

    def _client_data(self, kind: str, challenge: str, **wrong: Any) -> bytes:
        data = {
            "type": kind,
            "challenge": wrong.get("challenge", challenge),
            "origin": wrong.get("origin", self.origin),
            "crossOrigin": False,
        }
        return json.dumps(data).encode()

    def _auth_data(self, flags: int, rp_id: str) -> bytes:
        rp_id_hash = hashlib.sha256(rp_id.encode()).digest()
        return rp_id_hash + bytes([flags]) + struct.pack(">I", self.counter)

    def _credential(self, response: dict[str, str]) -> dict[str, Any]:
        return {
            "id": b64url(self.credential_id),
            "rawId": b64url(self.credential_id),
            "type": "public-key",
            "response": response,
            "clientExtensionResults": {},
            "authenticatorAttachment": "platform",
        }
