"""Schemathesis hook: signs every request with Hawk as Taskcluster clients do.

Imported by fuzz_hooks.py (the fuzz stage's hooks) when run-fuzz.ts passes the
credentials in FUZZ_HAWK_ID and FUZZ_HAWK_KEY. The MAC covers the request exactly as
sent (method, path and query, host, port), so it is computed on requests' prepared
request; no payload hash is sent (it is optional in Hawk).
"""

import base64
import hashlib
import hmac
import os
import secrets
import time
from urllib.parse import urlsplit

import requests
import schemathesis


class HawkAuth(requests.auth.AuthBase):
    def __init__(self, client_id: str, access_token: str) -> None:
        self.client_id = client_id
        self.access_token = access_token

    def __call__(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        url = urlsplit(request.url)
        port = url.port or (443 if url.scheme == "https" else 80)
        ts = str(int(time.time()))
        nonce = secrets.token_urlsafe(6)
        normalized = "\n".join(
            ["hawk.1.header", ts, nonce, request.method or "GET", request.path_url, url.hostname or "", str(port), "", "", ""]
        )
        mac = base64.b64encode(hmac.new(self.access_token.encode(), normalized.encode(), hashlib.sha256).digest()).decode()
        request.headers["Authorization"] = f'Hawk id="{self.client_id}", ts="{ts}", nonce="{nonce}", mac="{mac}"'
        return request


HAWK = HawkAuth(os.environ["FUZZ_HAWK_ID"], os.environ["FUZZ_HAWK_KEY"])


@schemathesis.hook
def before_call(context, case, kwargs):
    # requests applies `auth` to the prepared request, after the URL and body are final.
    kwargs["auth"] = HAWK
