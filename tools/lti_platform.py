"""A small LTI 1.3 platform (an LMS) on loopback, for the tests and for trying the tool.

It has a real RSA key and serves what an LMS serves: its key set, the OIDC authorisation
endpoint of the launch (answering with a signed id_token, posted by the browser), an OAuth2
token endpoint (client assertion checked against the tool's key set), Assignment and Grade
Services (line items, scores, results) and Names and Role Provisioning (paged with Link
headers). In a browser it shows a course page that opens the tool in an iframe as a learner,
as an instructor or for Deep Linking, and lists the results the tool posted back.

    make lti-platform      # = .venv/bin/python -m tools.lti_platform

registers itself in the tool's database as an LMS platform and prints the address to open.
The tests (tests/lti/conftest.py, tests/e2e/test_lti_frame.py) start the same server on a
free port. Nothing here is imported by the site.
"""

import argparse
import html
import json
import threading
import time
import urllib.request
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlsplit

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa

CLAIM = "https://purl.imsglobal.org/spec/lti/claim/"
DL = "https://purl.imsglobal.org/spec/lti-dl/claim/"
AGS = "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint"
NRPS = "https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice"
LEARNER = "http://purl.imsglobal.org/vocab/lis/v2/membership#Learner"
INSTRUCTOR = "http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor"
AGS_SCOPES = [
    "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem",
    "https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly",
    "https://purl.imsglobal.org/spec/lti-ags/scope/score",
]
# The people of the course shell, by the role a launch from the course page takes.
PEOPLE = {
    "learner": {
        "sub": "dev-learner",
        "name": "Fenna de Vries",
        "given_name": "Fenna",
        "family_name": "de Vries",
        "email": "fenna@hogeschool.example",
        "roles": [LEARNER],
    },
    "instructor": {
        "sub": "dev-instructor",
        "name": "Marieke Docent",
        "given_name": "Marieke",
        "family_name": "Docent",
        "email": "marieke@hogeschool.example",
        "roles": [INSTRUCTOR],
    },
}


class LtiPlatform:
    """The platform's state: key, issued tokens, line items, scores, members."""

    def __init__(self, issuer=None, client_id="leergang-tool", deployment="deployment-1"):
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.kid = "lms-key-1"
        jwk = jwt.algorithms.RSAAlgorithm.to_jwk(self.key.public_key(), as_dict=True)
        self.jwks = {"keys": [{**jwk, "kid": self.kid, "alg": "RS256", "use": "sig"}]}
        self.fixed_issuer = issuer
        self.client_id = client_id
        self.deployment = deployment
        self.url = ""
        self.tool_url = ""  # where the tool runs, for its key set and the launch
        self.tool_jwks = None  # the tool's key set; fetched from tool_url when not given
        self.tokens = set()
        self.lineitems = []
        self.scores = {}  # line item id -> [score]
        self.fail_next = 0
        self.members = []
        self.page_size = None
        self.member_requests = []
        self.placed = []  # content items the tool returned through Deep Linking
        self.context = {"id": "course-42", "title": "Creative Communities 2027"}

    @property
    def issuer(self):
        return self.fixed_issuer or self.url

    def sign(self, claims, key=None):
        return jwt.encode(claims, key or self.key, algorithm="RS256", headers={"kid": self.kid})

    def launch_claims(self, nonce, sub="lms-user-1", **extra):
        now = int(time.time())
        claims = {
            "iss": self.issuer,
            "aud": self.client_id,
            "sub": sub,
            "iat": now,
            "exp": now + 300,
            "nonce": nonce,
            "name": "Fenna de Vries",
            "email": "fenna@hogeschool.example",
            CLAIM + "message_type": "LtiResourceLinkRequest",
            CLAIM + "version": "1.3.0",
            CLAIM + "deployment_id": self.deployment,
            CLAIM + "target_link_uri": "http://testserver/portfolio/",
            CLAIM + "resource_link": {"id": "link-" + uuid.uuid4().hex[:6]},
            CLAIM + "roles": [LEARNER],
        }
        claims.update(extra)
        return claims

    def browser_launch_claims(self, params):
        """The id_token for the tool's authorisation request (the browser's launch)."""
        hint = json.loads(params.get("lti_message_hint") or "{}")
        person = PEOPLE[hint.get("role", "learner")]
        extra = {
            **{k: v for k, v in person.items() if k not in ("sub", "roles")},
            CLAIM + "roles": person["roles"],
            CLAIM + "target_link_uri": hint.get("target") or params["redirect_uri"],
            CLAIM + "context": self.context,
            AGS: {"scope": AGS_SCOPES, "lineitems": self.url + "/lineitems"},
            NRPS: {
                "context_memberships_url": self.url + "/memberships",
                "service_versions": ["2.0"],
            },
        }
        if hint.get("kind") == "deeplink":
            extra[CLAIM + "message_type"] = "LtiDeepLinkingRequest"
            extra.pop(CLAIM + "resource_link", None)
            extra[DL + "deep_linking_settings"] = {
                "deep_link_return_url": self.url + "/deeplink-return",
                "accept_types": ["ltiResourceLink", "link"],
                "accept_presentation_document_targets": ["iframe", "window"],
                "data": "dev",
            }
        claims = self.launch_claims(params["nonce"], sub=person["sub"], **extra)
        if hint.get("kind") == "deeplink":
            claims.pop(CLAIM + "resource_link", None)
        return claims

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

    def the_tool_jwks(self):
        if self.tool_jwks is None:
            with urllib.request.urlopen(self.tool_url + "/lti/jwks/", timeout=10) as answer:  # noqa: S310 (loopback)
                return json.load(answer)
        return self.tool_jwks

    def login_url(self, role="learner", kind="launch", target=""):
        """The third-party initiated login the course page sends the frame to."""
        hint = {"role": role, "kind": kind, "target": target}
        return (
            self.tool_url
            + "/lti/login/?"
            + urlencode(
                {
                    "iss": self.issuer,
                    "client_id": self.client_id,
                    "login_hint": PEOPLE[role]["sub"],
                    "lti_message_hint": json.dumps(hint),
                    "lti_deployment_id": self.deployment,
                    "target_link_uri": target or self.tool_url + "/lti/launch/",
                }
            )
        )


def _page(title, body):
    return (
        "<!doctype html><html lang='nl'><head><meta charset='utf-8'>"
        f"<title>{html.escape(title)}</title><style>body{{font-family:sans-serif;margin:1rem}}"
        "iframe{width:100%;height:70vh;border:1px solid #888}td,th{padding:.2rem .6rem}</style>"
        f"</head><body>{body}</body></html>"
    )


class Handler(BaseHTTPRequestHandler):
    """The LMS's endpoints, and its course page for a browser."""

    platform = None  # set by make_handler()

    def _answer(self, status, data=None, content_type="application/json", headers=()):
        if isinstance(data, str):
            body = data.encode()
        else:
            body = json.dumps(data).encode() if data is not None else b""
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def _html(self, title, body):
        return self._answer(200, _page(title, body), "text/html; charset=utf-8")

    def _authorised(self):
        header = self.headers.get("Authorization", "")
        return header.startswith("Bearer ") and header[7:] in self.platform.tokens

    def _body(self):
        return self.rfile.read(int(self.headers.get("Content-Length") or 0))

    def _memberships(self, query):
        """NRPS, in pages of self.platform.page_size with Link rel="next" (an opaque cursor
        with capitals, as some LMSs use) and rel="differences" headers."""
        size = self.platform.page_size or max(len(self.platform.members), 1)
        page = int(query.get("Cursor", ["Pg0X"])[0][2:-1])
        self.platform.member_requests.append(self.path)
        chunk = self.platform.members[page * size : (page + 1) * size]
        links = [f'<{self.platform.url}/memberships?since=Diff{page}>; rel="differences"']
        if (page + 1) * size < len(self.platform.members):
            links.append(f'<{self.platform.url}/memberships?Cursor=Pg{page + 1}X>; rel="next"')
        data = {"id": self.platform.url + "/memberships", "members": chunk}
        return self._answer(200, data, headers=[("Link", ", ".join(links))])

    def _auth(self, params):
        """The tool's authorisation request: answer with a signed launch, posted by the
        browser to the tool's redirect URI (as an LMS does)."""
        if params.get("client_id") != self.platform.client_id or not params.get("nonce"):
            return self._answer(400, {"error": "invalid_request"})
        token = self.platform.sign(self.platform.browser_launch_claims(params))
        action = html.escape(params["redirect_uri"], quote=True)
        body = (
            f"<form method='post' action='{action}' id='launch'>"
            f"<input type='hidden' name='id_token' value='{token}'>"
            f"<input type='hidden' name='state' value='{html.escape(params['state'], quote=True)}'>"
            "<noscript><button>Verder</button></noscript></form>"
            "<script>document.getElementById('launch').submit()</script>"
        )
        return self._html("Starten", body)

    def _course_page(self, query):
        role = query.get("role", [""])[0]
        kind = query.get("kind", ["launch"])[0]
        frame = ""
        if role in PEOPLE:
            target = query.get("target", [""])[0]
            src = html.escape(self.platform.login_url(role, kind, target), quote=True)
            frame = f"<iframe id='tool' title='Leergang' src='{src}'></iframe>"
        links = " · ".join(
            [
                "<a href='/?role=learner'>Start als student</a>",
                "<a href='/?role=instructor'>Start als docent</a>",
                "<a href='/?role=instructor&amp;kind=deeplink'>Module plaatsen (Deep Linking)</a>",
            ]
        )
        placed = "".join(
            f"<li><a href='/?role=learner&amp;target={html.escape(item['url'], quote=True)}'>"
            f"{html.escape(item.get('title', item['url']))}</a></li>"
            for item in self.platform.placed
        )
        rows = "".join(
            f"<tr><td>{html.escape(item['label'])}</td><td>{html.escape(r['userId'])}</td>"
            f"<td>{r['resultScore'] if r['resultScore'] is not None else '–'}"
            f" / {r['resultMaximum'] if r['resultMaximum'] is not None else '–'}</td>"
            f"<td>{html.escape(r['comment'] or '')}</td></tr>"
            for item in self.platform.lineitems
            for r in self.platform.results(item["id"])
        )
        body = (
            f"<h1>Test-leeromgeving: {html.escape(self.platform.context['title'])}</h1>"
            f"<p>{links}</p>{frame}"
            f"<h2>Geplaatste modules</h2><ul>{placed or '<li>Nog geen.</li>'}</ul>"
            "<h2>Cijferboek</h2><table><tr><th>Onderdeel</th><th>Gebruiker</th>"
            f"<th>Score</th><th>Opmerking</th></tr>{rows}</table>"
        )
        return self._html("Test-leeromgeving", body)

    def _deeplink_return(self, form):
        claims = jwt.decode(
            form["JWT"],
            jwt.PyJWK(self.platform.the_tool_jwks()["keys"][0]),
            algorithms=["RS256"],
            audience=self.platform.issuer,
        )
        for item in claims.get(DL + "content_items", []):
            self.platform.placed.append(item)
        body = "<p>Module geplaatst.</p><p><a href='/' target='_top'>Terug naar de cursus</a></p>"
        return self._html("Geplaatst", body)

    def do_GET(self):  # noqa: N802 (http.server's name)
        parts = urlsplit(self.path)
        path, query = parts.path, parse_qs(parts.query)
        if path == "/":
            return self._course_page(query)
        if path == "/jwks":
            return self._answer(200, self.platform.jwks)
        if path == "/auth":
            return self._auth({k: v[0] for k, v in query.items()})
        if not self._authorised():
            return self._answer(401, {"error": "unauthorised"})
        if path == "/lineitems":
            return self._answer(200, self.platform.lineitems)
        if path == "/memberships":
            return self._memberships(query)
        if path.endswith("/results"):
            return self._answer(
                200, self.platform.results(self.platform.url + path[: -len("/results")])
            )
        return self._answer(404, {})

    def do_POST(self):  # noqa: N802
        path = urlsplit(self.path).path
        body = self._body()
        if path in ("/token", "/auth", "/deeplink-return"):
            form = {k: v[0] for k, v in parse_qs(body.decode()).items()}
            if path == "/auth":
                return self._auth(form)
            if path == "/deeplink-return":
                return self._deeplink_return(form)
            jwt.decode(
                form["client_assertion"],
                jwt.PyJWK(self.platform.the_tool_jwks()["keys"][0]),
                algorithms=["RS256"],
                audience=self.platform.url + "/token",
            )
            token = uuid.uuid4().hex
            self.platform.tokens.add(token)
            data = {"access_token": token, "token_type": "Bearer", "expires_in": 3600}
            return self._answer(200, {**data, "scope": form.get("scope", "")})
        if not self._authorised():
            return self._answer(401, {"error": "unauthorised"})
        if self.platform.fail_next:
            self.platform.fail_next -= 1
            return self._answer(503, {"error": "busy"})
        data = json.loads(body or b"{}")
        if path == "/lineitems":
            item = {
                **data,
                "id": f"{self.platform.url}/lineitems/{len(self.platform.lineitems) + 1}",
            }
            self.platform.lineitems.append(item)
            return self._answer(201, item)
        if path.endswith("/scores"):
            item = self.platform.url + path[: -len("/scores")]
            self.platform.scores.setdefault(item, []).append(data)
            return self._answer(200, {})
        return self._answer(404, {})

    def log_message(self, *args):
        pass


def make_handler(platform):
    return type("Handler", (Handler,), {"platform": platform})


def start(platform, host="127.0.0.1", port=0):
    """Serve the platform in a thread; returns the server (call .shutdown() to stop)."""
    server = ThreadingHTTPServer((host, port), make_handler(platform))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    platform.url = f"http://{host}:{server.server_port}"
    return server


def register(platform, cohort=None):
    """Enter the platform in the tool's database, as an administrator would in the admin."""
    from lti.models import Platform

    row, _created = Platform.objects.update_or_create(
        issuer=platform.issuer,
        client_id=platform.client_id,
        defaults={
            "name": "Test-leeromgeving (lokaal)",
            "deployment_ids": platform.deployment,
            "key_set_url": platform.url + "/jwks",
            "auth_login_url": platform.url + "/auth",
            "auth_token_url": platform.url + "/token",
            "cohort": cohort,
            "instructors_become_trainers": True,
            "active": True,
        },
    )
    return row


def main(argv=None):  # pragma: no cover - the command line; the tests use start()
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, default=9500)
    parser.add_argument("--tool", default="http://127.0.0.1:8000", help="the tool's address")
    parser.add_argument("--cohort", help="name of the cohort the course maps to")
    args = parser.parse_args(argv)

    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "leergang.settings.dev")
    django.setup()
    from leergang.models import Cohort
    from sso.models import ExternalIdentity

    platform = LtiPlatform()
    platform.tool_url = args.tool.rstrip("/")
    server = start(platform, port=args.port)
    cohort = Cohort.objects.filter(name=args.cohort).first() if args.cohort else None
    # By default the newest cohort that has participants.
    cohort = cohort or (
        Cohort.objects.filter(enrolments__isnull=False).order_by("-pk").first()
        or Cohort.objects.order_by("-pk").first()
    )
    row = register(platform, cohort)
    linked = []
    if cohort is not None:
        # Link the course page's two people to a participant and a trainer of the cohort, as
        # if they had linked their LMS login before (the tool never links by e-mail itself).
        learner = cohort.enrolments.select_related("user").first()
        trainer = cohort.trainers.first()
        for role, user in (("learner", learner and learner.user), ("instructor", trainer)):
            if user is not None:
                ExternalIdentity.objects.update_or_create(
                    issuer=platform.issuer,
                    subject=PEOPLE[role]["sub"],
                    defaults={"user": user, "source": ExternalIdentity.LTI},
                )
                linked.append(f"  {role:<10} → {user.email}")
    print(f"LTI test platform at {platform.url}/ (registered as “{row.name}”, cohort {cohort})")
    print("  issuer        ", platform.issuer)
    print("  client id     ", platform.client_id)
    print("  deployment id ", platform.deployment)
    print("  key set URL   ", platform.url + "/jwks")
    print("  auth endpoint ", platform.url + "/auth")
    print("  token endpoint", platform.url + "/token")
    print("Linked LMS people:", *linked, sep="\n")
    print(f"Open {platform.url}/ and start as learner or instructor; Ctrl-C stops.")
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        server.shutdown()


if __name__ == "__main__":  # pragma: no cover
    main()
