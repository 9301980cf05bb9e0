"""Sign a demo member of staff in with both factors and print their cookies as one Cookie header.

Usage: dast_session.py BASE_URL EMAIL PASSWORD TOTP_SECRET_HEX

For `make dast` (.ci/dast): wapiti then scans the signed-in pages with this session.
"""

import contextlib
import sys

from production_probe import Browser, fail, sign_in, wait_for

if __name__ == "__main__":
    if len(sys.argv) != 5:
        fail(__doc__ or "")
    base, email, password, secret = sys.argv[1:]
    browser = Browser(base)
    with contextlib.redirect_stdout(sys.stderr):  # only the cookies go to standard output
        wait_for(browser)
        sign_in(browser, email, password, secret)
    status, _, content = browser.get("/account/home/")
    if status != 200 or email not in content.decode():
        fail(f"signing in as {email} did not reach their home page ({status})")
    print("; ".join(f"{name}={value}" for name, value in browser.cookies.items()))
