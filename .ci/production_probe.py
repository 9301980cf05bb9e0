"""Fetch what a production install must serve, as a browser behind the operator's TLS proxy would.

Usage: production_probe.py BASE_URL EMAIL PASSWORD TOTP_SECRET_HEX SCHOOL_SLUG

Waits for the server, then fetches the landing page, the school's public page and the sign-in
page, signs in with both factors and fetches a staff page; each page must answer 200 and so must
every static file it names (and every file a stylesheet names). Exits 1 with the reason if not.
Standard library only: it runs before anything else is known to work.
"""

import hmac
import http.client
import re
import struct
import sys
import time
from urllib.parse import urlencode, urlsplit

# The operator's proxy terminates TLS and says so; Haven's production settings insist on HTTPS.
PROXY_HEADERS = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "198.51.100.20"}
STATIC = re.compile(r"""(?:href|src)="(/static/[^"]+)\"""")
CSS_URL = re.compile(r"""url\(["']?(/static/[^"')]+)["']?\)""")
JS_IMPORT = re.compile(r"""\bimport\b[^"';]*["'](/static/[^"']+)["']""")


class Browser:
    def __init__(self, base: str) -> None:
        parts = urlsplit(base)
        self.host, self.port = parts.hostname or "127.0.0.1", parts.port or 80
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, form: dict[str, str] | None = None):
        connection = http.client.HTTPConnection(self.host, self.port, timeout=10)
        headers = dict(PROXY_HEADERS)
        headers["Host"] = f"{self.host}:{self.port}"
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = f"https://{self.host}:{self.port}"  # Django's HTTPS CSRF check
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        content = response.read()
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key.strip()] = rest.split(";", 1)[0]
        connection.close()
        return response.status, dict(response.getheaders()), content

    def get(self, path: str):
        return self.request("GET", path)

    def post(self, path: str, form: dict[str, str]):
        return self.request("POST", path, form)


def fail(message: str) -> None:
    print(f"FAILED: {message}", file=sys.stderr)
    sys.exit(1)


def wait_for(browser: Browser, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            browser.get("/")
            return
        except OSError:
            time.sleep(0.2)
    fail(f"the server did not answer within {seconds:.0f} s")


def page(browser: Browser, path: str) -> str:
    status, _, content = browser.get(path)
    if status != 200:
        fail(f"{path} answered {status}, not 200")
    html = content.decode()
    files = sorted(set(STATIC.findall(html)))
    if not any(f.endswith(".css") for f in files):
        fail(f"{path} names no stylesheet")
    for url in files:
        static_file(browser, url, path)
    print(f"ok   {path} and the {len(files)} static files it names")
    return html


def static_file(browser: Browser, url: str, named_by: str) -> None:
    status, _, content = browser.get(url)
    if status != 200 or not content:
        fail(f"{url} (named by {named_by}) answered {status} with {len(content)} bytes")
    # The manifest storage names each file by its content, so it can be cached for ever.
    if not re.search(r"\.[0-9a-f]{12}\.\w+$", url):
        fail(f"{url} is not a hashed (manifest) name: collectstatic did not run in production")
    names = CSS_URL if url.endswith(".css") else JS_IMPORT if url.endswith(".mjs") else None
    for inner in sorted(set(names.findall(content.decode()))) if names else []:
        imported(browser, inner, url)


def imported(browser: Browser, url: str, named_by: str) -> None:
    """A file a stylesheet or a module names by its plain name (served as collected)."""
    status, _, content = browser.get(url)
    if status != 200 or not content:
        fail(f"{url} (named by {named_by}) answered {status} with {len(content)} bytes")


def csrf_token(html: str) -> str:
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    if not found:
        fail("no CSRF token on the form")
    return found.group(1) if found else ""


def totp(secret_hex: str, now: float) -> str:
    digest = hmac.new(bytes.fromhex(secret_hex), struct.pack(">Q", int(now) // 30), "sha1").digest()
    offset = digest[-1] & 0x0F
    number = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{number % 1_000_000:06d}"


def sign_in(browser: Browser, email: str, password: str, secret: str) -> None:
    html = page(browser, "/account/sign-in/")
    form = {"csrfmiddlewaretoken": csrf_token(html), "username": email, "password": password}
    status, headers, _ = browser.post("/account/sign-in/", form)
    if status != 302 or headers.get("Location") != "/account/sign-in/code/":
        fail(f"the password step answered {status} to {headers.get('Location')}")
    status, _, content = browser.get("/account/sign-in/code/")
    form = {"csrfmiddlewaretoken": csrf_token(content.decode()), "code": totp(secret, time.time())}
    status, headers, _ = browser.post("/account/sign-in/code/", form)
    if status != 302:
        fail(f"the code step answered {status}, not a redirect")


def main(base: str, email: str, password: str, secret: str, school: str) -> None:
    browser = Browser(base)
    wait_for(browser)
    page(browser, "/")
    page(browser, f"/s/{school}/")
    sign_in(browser, email, password, secret)
    staff_page = page(browser, "/account/home/")
    if "signed in as ci@ci.test" not in staff_page:
        fail("the staff page does not show who is signed in")
    page(browser, "/concerns/new/")


if __name__ == "__main__":
    if len(sys.argv) != 6:
        fail(__doc__ or "")
    main(*sys.argv[1:])
