#!/usr/bin/env python3
"""Mints an HS256 access token for local benchmarks: mint-token.py SUBJECT [ROLE ...].

The secret comes from CHORUS_JWT_SECRET, or the local profile's documented development secret.
"""
import base64, hashlib, hmac, json, os, sys, time

def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()

secret = os.environ.get("CHORUS_JWT_SECRET", "chorus-local-dev-secret-change-me-0123456789abcdef")
subject, roles = sys.argv[1], sys.argv[2:]
header = b64(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
claims = b64(json.dumps({"sub": subject, "roles": roles, "exp": int(time.time()) + 3600}).encode())
signature = b64(hmac.new(secret.encode(), f"{header}.{claims}".encode(), hashlib.sha256).digest())
print(f"{header}.{claims}.{signature}")
