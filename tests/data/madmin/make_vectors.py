#!/usr/bin/env python3
"""Writes vectors.json: MinIO admin body encryption (madmin format) computed
by an implementation independent of rdm-s3's C code: Python's hashlib
(PBKDF2-HMAC-SHA256) and the `cryptography` package (Argon2id, AES-256-GCM,
ChaCha20-Poly1305), with the sio framing written from its description:

  salt(32) | id(1) | nonce(8) | fragments of 16384 plaintext bytes, each
  sealed with nonce || le32(seq) (seq from 1) and associated data
  flag || tag0 (flag 0x80 on the last fragment, tag0 = tag of sealing
  nothing under seq 0).

Salts and nonces are fixed (test data only). Run: python3 make_vectors.py
(needs cryptography >= 44 for Argon2id)."""
import hashlib
import json
import struct

from cryptography.hazmat.primitives.ciphers.aead import AESGCM, ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

BUF = 16384


def key_for(fmt, password, salt):
    if fmt == 2:
        return hashlib.pbkdf2_hmac("sha256", password.encode(), salt, 8192, 32)
    return Argon2id(salt=salt, length=32, iterations=1, lanes=4,
                    memory_cost=64 * 1024).derive(password.encode())


def seal(fmt, password, salt, nonce, plain):
    key = key_for(fmt, password, salt)
    aead = ChaCha20Poly1305(key) if fmt == 1 else AESGCM(key)
    tag0 = aead.encrypt(nonce + struct.pack("<I", 0), b"", b"")
    out = salt + bytes([fmt]) + nonce
    frags = [plain[i:i + BUF] for i in range(0, len(plain), BUF)] or [b""]
    for seq, frag in enumerate(frags, 1):
        flag = b"\x80" if seq == len(frags) else b"\x00"
        out += aead.encrypt(nonce + struct.pack("<I", seq), frag, flag + tag0)
    return out


def pattern(n):
    return bytes(i % 251 for i in range(n))


cases = []
for fmt, password, n in [(2, "minio-root-password", 0), (2, "minio-root-password", 37),
                         (2, "p\u00e4ss w\"ord", BUF), (2, "minio-root-password", BUF + 1),
                         (0, "minio-root-password", 53), (1, "minio-root-password", 53),
                         (0, "", 1)]:
    salt = bytes((7 * i + fmt + n) % 256 for i in range(32))
    nonce = bytes((3 * i + 1 + fmt) % 256 for i in range(8))
    plain = pattern(n)
    cases.append({"format": fmt, "password": password, "salt": salt.hex(),
                  "nonce": nonce.hex(), "plaintext_pattern_len": n,
                  "ciphertext": seal(fmt, password, salt, nonce, plain).hex()})
with open("vectors.json", "w") as f:
    json.dump(cases, f, indent=1)
    f.write("\n")
