"""RSA and AES-GCM primitives the live providers' signature schemes are built from (`cryptography`).

- SHA256withRSA (PKCS#1 v1.5): WeChat Pay API v3 (`WECHATPAY2-SHA256-RSA2048`) and Alipay's RSA2.
- AEAD_AES_256_GCM: how WeChat Pay v3 encrypts a notification's resource with the APIv3 key.

Keys are PEM text. Alipay's console gives keys as bare base64 (no BEGIN/END lines): both are accepted.
"""

from __future__ import annotations

import base64
import functools
import textwrap

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.x509 import load_pem_x509_certificate


class BadKey(ValueError):
    """A key that cannot be read (wrong format, wrong kind)."""


def _pem(text: str, label: str) -> bytes:
    text = (text or "").strip()
    if "-----BEGIN" not in text:
        body = "".join(text.split())
        text = f"-----BEGIN {label}-----\n" + "\n".join(textwrap.wrap(body, 64)) + f"\n-----END {label}-----"
    return text.encode()


@functools.lru_cache(maxsize=64)
def private_key(pem: str) -> rsa.RSAPrivateKey:
    """A merchant's private key: PKCS#8 (`BEGIN PRIVATE KEY`, WeChat's apiclient_key.pem) or PKCS#1."""
    text = (pem or "").strip()
    label = "RSA PRIVATE KEY" if "BEGIN RSA" in text else "PRIVATE KEY"
    try:
        key = serialization.load_pem_private_key(_pem(text, label), password=None)
    except (ValueError, TypeError):
        raise BadKey("not a readable RSA private key") from None
    if not isinstance(key, rsa.RSAPrivateKey):
        raise BadKey("not an RSA private key")
    return key


@functools.lru_cache(maxsize=64)
def public_key(pem: str) -> rsa.RSAPublicKey:
    """A platform's public key: `BEGIN PUBLIC KEY`, a certificate (`BEGIN CERTIFICATE`), or bare base64."""
    text = (pem or "").strip()
    try:
        if "BEGIN CERTIFICATE" in text:
            key = load_pem_x509_certificate(text.encode()).public_key()
        else:
            key = serialization.load_pem_public_key(_pem(text, "PUBLIC KEY"))
    except (ValueError, TypeError):
        raise BadKey("not a readable RSA public key") from None
    if not isinstance(key, rsa.RSAPublicKey):
        raise BadKey("not an RSA public key")
    return key


def rsa_sign(private_pem: str, message: str) -> str:
    """SHA256withRSA, base64."""
    raw = private_key(private_pem).sign(message.encode(), padding.PKCS1v15(), hashes.SHA256())
    return base64.b64encode(raw).decode()


def rsa_verify(public_pem: str, message: str, signature: str) -> bool:
    try:
        raw = base64.b64decode(signature or "", validate=True)
        public_key(public_pem).verify(raw, message.encode(), padding.PKCS1v15(), hashes.SHA256())
    except (InvalidSignature, ValueError, TypeError):
        return False
    return True


def aead_decrypt(key: str, *, nonce: str, associated_data: str, ciphertext: str) -> bytes:
    """AEAD_AES_256_GCM with the 32-byte APIv3 key; raises ValueError when the tag does not check."""
    if len(key.encode()) != 32:
        raise ValueError("the APIv3 key must be 32 characters")
    try:
        return AESGCM(key.encode()).decrypt(
            nonce.encode(), base64.b64decode(ciphertext), (associated_data or "").encode()
        )
    except (InvalidTag, ValueError, TypeError):
        raise ValueError("the resource does not decrypt with the APIv3 key") from None


def aead_encrypt(key: str, *, nonce: str, associated_data: str, plaintext: bytes) -> str:
    """What the provider does (used by the fake provider in tests)."""
    return base64.b64encode(
        AESGCM(key.encode()).encrypt(nonce.encode(), plaintext, associated_data.encode())
    ).decode()


def new_key_pair() -> tuple[str, str]:
    """(private PEM, public PEM): a fresh 2048-bit key, for tests and the fake provider only."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
    public = (
        key.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )
    return private, public
