"""The one base of Haven's domain errors: a change the rules do not allow.

Every app's own error (AccountError, SchoolError, AgreementRefused, CaseCannotClose...) is a
`Refused`, so a page or command that calls services of several apps catches one thing, and the
message, written for the person, is what it shows.
"""


class Refused(Exception):
    """A change the rules do not allow; the message says why, in words for the page."""
