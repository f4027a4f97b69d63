"""A small LTI 1.3 platform (an LMS) for the tests: a real RSA key, its key set served over
HTTP on loopback, and launches signed as an LMS signs them."""

import html
import json
import re
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from lti.models import Platform

ISSUER = "https://lms.hogeschool.example"
CLIENT_ID = "leergang-tool"
DEPLOYMENT = "deployment-1"
CLAIM = "https://purl.imsglobal.org/spec/lti/claim/"


class TestPlatform:
    def __init__(self):
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.kid = "lms-key-1"
        jwk = jwt.algorithms.RSAAlgorithm.to_jwk(self.key.public_key(), as_dict=True)
        self.jwks = {"keys": [{**jwk, "kid": self.kid, "alg": "RS256", "use": "sig"}]}
        self.url = ""
        self.tool_jwks = None  # the tool's published key set, to check its service tokens
        self.tokens = set()
        self.lineitems = []
        self.scores = {}  # lineitem id -> [score]
        self.fail_next = 0
        self.members = []
        self.page_size = None
        self.member_requests = []

    def results(self, item):
        """AGS result service: the latest score of each user (a later score replaces an
        earlier one); a score without scoreGiven (Pending) leaves no result score."""
        latest = {}
        for score in self.scores.get(item, []):
            latest[score["userId"]] = score
        return [
            {
                "userId": s["userId"],
                "resultScore": s.get("scoreGiven"),
                "resultMaximum": s.get("scoreMaximum"),
                "comment": s.get("comment"),
            }
            for s in latest.values()
        ]

    def sign(self, claims, key=None):
        return jwt.encode(claims, key or self.key, algorithm="RS256", headers={"kid": self.kid})

    def launch_claims(self, nonce, sub="lms-user-1", **extra):
        now = int(time.time())
        claims = {
            "iss": ISSUER,
            "aud": CLIENT_ID,
            "sub": sub,
            "iat": now,
            "exp": now + 300,
            "nonce": nonce,
            "name": "Fenna de Vries",
            "email": "fenna@hogeschool.example",
            CLAIM + "message_type": "LtiResourceLinkRequest",
            CLAIM + "version": "1.3.0",
            CLAIM + "deployment_id": DEPLOYMENT,
            CLAIM + "target_link_uri": "http://testserver/portfolio/",
            CLAIM + "resource_link": {"id": "link-" + uuid.uuid4().hex[:6]},
            CLAIM + "roles": ["http://purl.imsglobal.org/vocab/lis/v2/membership#Learner"],
        }
        claims.update(extra)
        return claims


@pytest.fixture(scope="module")
def lms():
    platform = TestPlatform()

    class Handler(BaseHTTPRequestHandler):
        """The LMS's endpoints: key set, OAuth2 token (client assertion), AGS line items,
        scores and results."""

        def _answer(self, status, data=None, content_type="application/json"):
            body = json.dumps(data).encode() if data is not None else b""
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def _memberships(self, query):
            """NRPS, in pages of platform.page_size with Link rel="next" (an opaque cursor
            with capitals, as some LMSs use) and rel="differences" headers."""
            size = platform.page_size or max(len(platform.members), 1)
            page = int(query.get("Cursor", ["Pg0X"])[0][2:-1])
            platform.member_requests.append(self.path)
            chunk = platform.members[page * size : (page + 1) * size]
            links = [f'<{platform.url}/memberships?since=Diff{page}>; rel="differences"']
            if (page + 1) * size < len(platform.members):
                links.append(f'<{platform.url}/memberships?Cursor=Pg{page + 1}X>; rel="next"')
            body = json.dumps({"id": platform.url + "/memberships", "members": chunk}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Link", ", ".join(links))
            self.end_headers()
            self.wfile.write(body)

        def _authorised(self):
            header = self.headers.get("Authorization", "")
            return header.startswith("Bearer ") and header[7:] in platform.tokens

        def _body(self):
            return self.rfile.read(int(self.headers.get("Content-Length") or 0))

        def do_GET(self):  # noqa: N802 (http.server's name)
            path = urlsplit(self.path).path
            if path == "/jwks":
                return self._answer(200, platform.jwks)
            if not self._authorised():
                return self._answer(401, {"error": "unauthorised"})
            if path == "/lineitems":
                return self._answer(200, platform.lineitems)
            if path == "/memberships":
                return self._memberships(parse_qs(urlsplit(self.path).query))
            if path.endswith("/results"):
                item = platform.url + path.removesuffix("/results")
                return self._answer(200, platform.results(item))
            return self._answer(404, {})

        def do_POST(self):  # noqa: N802
            path = urlsplit(self.path).path
            body = self._body()
            if path == "/token":
                form = {k: v[0] for k, v in parse_qs(body.decode()).items()}
                key = jwt.PyJWK(platform.tool_jwks["keys"][0])
                jwt.decode(
                    form["client_assertion"],
                    key,
                    algorithms=["RS256"],
                    audience=platform.url + "/token",
                )
                token = uuid.uuid4().hex
                platform.tokens.add(token)
                return self._answer(
                    200,
                    {
                        "access_token": token,
                        "token_type": "Bearer",
                        "expires_in": 3600,
                        "scope": form.get("scope", ""),
                    },
                )
            if not self._authorised():
                return self._answer(401, {"error": "unauthorised"})
            if platform.fail_next:
                platform.fail_next -= 1
                return self._answer(503, {"error": "busy"})
            data = json.loads(body or b"{}")
            if path == "/lineitems":
                item = {**data, "id": f"{platform.url}/lineitems/{len(platform.lineitems) + 1}"}
                platform.lineitems.append(item)
                return self._answer(201, item)
            if path.endswith("/scores"):
                item = platform.url + path.removesuffix("/scores")
                platform.scores.setdefault(item, []).append(data)
                return self._answer(200, {})
            return self._answer(404, {})

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    platform.url = f"http://127.0.0.1:{server.server_port}"
    yield platform
    server.shutdown()
    server.server_close()


@pytest.fixture
def registration(lms, cohort):
    lms.lineitems.clear()
    lms.scores.clear()
    lms.fail_next = 0
    lms.members = []
    lms.page_size = None
    lms.member_requests.clear()
    return Platform.objects.create(
        name="Brightspace",
        issuer=ISSUER,
        client_id=CLIENT_ID,
        deployment_ids=f"{DEPLOYMENT}\n",
        key_set_url=lms.url + "/jwks",
        auth_login_url=ISSUER + "/auth",
        auth_token_url=lms.url + "/token",
        cohort=cohort,
    )


def login_initiation(client):
    """The LMS's first step; returns (state, nonce) from the redirect to its auth endpoint."""
    response = client.post(
        "/lti/login/",
        {
            "iss": ISSUER,
            "client_id": CLIENT_ID,
            "login_hint": "lms-user-1",
            "target_link_uri": "http://testserver/portfolio/",
            "lti_message_hint": "hint",
            "lti_deployment_id": DEPLOYMENT,
        },
    )
    # First the page that checks the browser keeps cookies in the LMS's frame; its script
    # continues to the same login with lti1p3_new_window=1.
    assert response.status_code == 200, response.content[:500]
    continue_url = html.unescape(
        re.search(r'data-continue="([^"]+)"', response.content.decode()).group(1)
    )
    assert "lti1p3_new_window=1" in continue_url
    response = client.get(continue_url)
    assert response.status_code == 302, response.content[:500]
    params = {k: v[0] for k, v in parse_qs(urlsplit(response["Location"]).query).items()}
    assert params["redirect_uri"] == "http://testserver/lti/launch/"
    return params["state"], params["nonce"]


def launch(client, lms, token_claims=None, key=None, **extra):
    state, nonce = login_initiation(client)
    claims = token_claims or lms.launch_claims(nonce, **extra)
    token = lms.sign(claims, key=key)
    return client.post("/lti/launch/", {"id_token": token, "state": state}), token, state
