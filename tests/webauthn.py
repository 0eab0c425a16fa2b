"""A passkey authenticator in Python, for tests through the test client (no browser).

It answers the options the site's ceremonies send as a browser with a platform authenticator
would (an EC P-256 key, attestation "none", user present and verified), so that the site's
checks of challenge, origin, relying party, signature and counter run for real.
"""

import json
import os
from base64 import urlsafe_b64decode, urlsafe_b64encode
from hashlib import sha256

import cbor2
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec

USER_PRESENT, USER_VERIFIED, ATTESTED = 0x01, 0x04, 0x40


def b64url(data: bytes) -> str:
    return urlsafe_b64encode(data).rstrip(b"=").decode()


def from_b64url(text: str) -> bytes:
    return urlsafe_b64decode(text + "=" * (-len(text) % 4))


class SoftAuthenticator:
    def __init__(self, origin: str = "https://localhost") -> None:
        self.origin = origin
        self.key = ec.generate_private_key(ec.SECP256R1())
        self.credential_id = os.urandom(32)
        self.sign_count = 0

    def _public_key(self) -> bytes:
        numbers = self.key.public_key().public_numbers()
        return cbor2.dumps(
            {1: 2, 3: -7, -1: 1, -2: numbers.x.to_bytes(32), -3: numbers.y.to_bytes(32)}
        )

    def _authenticator_data(self, rp_id: str, flags: int) -> bytes:
        self.sign_count += 1
        return sha256(rp_id.encode()).digest() + bytes([flags]) + self.sign_count.to_bytes(4)

    def _client_data(self, kind: str, challenge: str) -> bytes:
        return json.dumps(
            {"type": kind, "challenge": challenge, "origin": self.origin, "crossOrigin": False}
        ).encode()

    def create(self, options: dict) -> dict:
        """The browser's answer to ``navigator.credentials.create`` with these options."""
        attested = (
            bytes(16)  # AAGUID: none, as an authenticator without attestation sends
            + len(self.credential_id).to_bytes(2)
            + self.credential_id
            + self._public_key()
        )
        data = self._authenticator_data(
            options["rp"]["id"], USER_PRESENT | USER_VERIFIED | ATTESTED
        )
        attestation = cbor2.dumps({"fmt": "none", "attStmt": {}, "authData": data + attested})
        return {
            "id": b64url(self.credential_id),
            "rawId": b64url(self.credential_id),
            "type": "public-key",
            "response": {
                "clientDataJSON": b64url(
                    self._client_data("webauthn.create", options["challenge"])
                ),
                "attestationObject": b64url(attestation),
                "transports": ["internal"],
            },
            "clientExtensionResults": {"credProps": {"rk": True}},
        }

    def get(self, options: dict) -> dict:
        """The browser's answer to ``navigator.credentials.get`` with these options."""
        data = self._authenticator_data(options["rpId"], USER_PRESENT | USER_VERIFIED)
        client_data = self._client_data("webauthn.get", options["challenge"])
        signature = self.key.sign(data + sha256(client_data).digest(), ec.ECDSA(hashes.SHA256()))
        return {
            "id": b64url(self.credential_id),
            "rawId": b64url(self.credential_id),
            "type": "public-key",
            "response": {
                "clientDataJSON": b64url(client_data),
                "authenticatorData": b64url(data),
                "signature": b64url(signature),
            },
            "clientExtensionResults": {},
        }
