"""Field encryption (AES-256-GCM) and HMAC blind indexes for personal data.

Keys are derived with HKDF from ``settings.FIELD_KEY`` so that the encryption key and the
index key differ. Ciphertext is stored as ``v1:<urlsafe base64 of nonce || ct||tag>``.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
from functools import lru_cache

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

_PREFIX = "v1:"


@lru_cache(maxsize=4)
def _keys(master: str) -> tuple[bytes, bytes]:
    material = master.encode()
    try:
        decoded = base64.urlsafe_b64decode(master + "=" * (-len(master) % 4))
        if len(decoded) >= 32:
            material = decoded
    except (ValueError, TypeError):
        pass
    out = HKDF(algorithm=hashes.SHA256(), length=64, salt=b"fawang-field", info=b"v1").derive(
        material
    )
    return out[:32], out[32:]


def _enc_key() -> bytes:
    return _keys(settings.FIELD_KEY)[0]


def _idx_key() -> bytes:
    return _keys(settings.FIELD_KEY)[1]


def encrypt(plaintext: str, *, context: str = "") -> str:
    """Encrypt ``plaintext``; ``context`` (e.g. the field name) is bound as associated data."""
    if plaintext == "":
        return ""
    nonce = os.urandom(12)
    ct = AESGCM(_enc_key()).encrypt(nonce, plaintext.encode(), context.encode())
    return _PREFIX + base64.urlsafe_b64encode(nonce + ct).decode()


def decrypt(token: str, *, context: str = "") -> str:
    if token == "":
        return ""
    if not token.startswith(_PREFIX):
        raise ValueError("unknown ciphertext format")
    raw = base64.urlsafe_b64decode(token[len(_PREFIX) :])
    return AESGCM(_enc_key()).decrypt(raw[:12], raw[12:], context.encode()).decode()


def blind_index(value: str, *, purpose: str) -> str:
    """A keyed HMAC of a normalised value, to find a record without decrypting every row."""
    if value == "":
        return ""
    normalised = value.strip().upper()
    return hmac.new(_idx_key(), f"{purpose}:{normalised}".encode(), hashlib.sha256).hexdigest()
