"""Schemathesis hooks of patient-service, loaded by scripts/schemathesis.sh (SCHEMATHESIS_HOOKS).

Some rules on a patient cannot be written as JSON Schema (src/patients/input-rules.ts; each is stated
in the description of its field in openapi.yaml). Two hooks deal with them:

map_body: nudges generated bodies towards these rules (a time slot's `from` before its `to`, no
dates in the future), so that most schema-valid bodies exercise the happy path instead of ending
in the same 400. It only changes values that are already schema-valid.

filter_failure: one narrow exception to the `positive_data_acceptance` check (ST202, "schema-valid
request rejected"): a body can be schema-valid and still rightly be answered with 400 by one of
these rules. Such a failure is dropped only when every field error of the 400 names one of them;
any other 400 for schema-valid data still fails the run.
"""

import re
from datetime import date

import schemathesis

# The messages of src/patients/input-rules.ts, and of the service's rule that no string may hold U+0000
# (PostgreSQL text cannot store it; Schemathesis' coverage phase sends it even with
# --generation-allow-x00 false).
RULES_BEYOND_THE_SCHEMA = {
    "must not be in the future",  # dateOfBirth, complaintsSince
    "from must be before to",  # timeAvailability.<day>[i]
    "must not contain the NUL character (U+0000)",  # any string
    "must contain a word",  # search: only spaces
    "may have at most 5 words",  # search
    "needs a search: it compares the words of search by how they sound",  # phonetic=true without search
    "cannot be combined with cursor: a cursor says where the page starts",  # offset with cursor
    # A cursor is a token the server issued for one query (src/patients/list-cursor.ts); a generated
    # string is rightly refused, whatever the schema lets it look like.
    "is not a cursor of this list; use the `next` or `prev` value of a page as it is",
    "belongs to another query: send it with the filters and sort of the page it came from",
}

# Problems the contract documents for a rule beyond the schema: an offset above 10,000 (the
# schema allows more, for compatibility; the answer points to the cursor).
RULE_PROBLEMS = {"/problems/offset-too-large"}


def _only_rules_beyond_the_schema(response) -> bool:
    if response.status_code != 400:
        return False
    try:
        problem = response.json()
        errors = problem.get("errors") or []
    except Exception:  # not a problem+json body: keep the failure
        return False
    if problem.get("type") in RULE_PROBLEMS:
        return True
    return bool(errors) and all(isinstance(e, dict) and e.get("message") in RULES_BEYOND_THE_SCHEMA for e in errors)


# Answers that depend on the server's state, not on the request's shape, and that the contract
# documents for exactly that: a well-formed If-Match naming a version the patient is not at (412),
# an Idempotency-Key that an earlier generated request already used with another body (422), and
# one whose patient an earlier generated request deleted (410).
STATE_DEPENDENT_PROBLEMS = {
    410: "/problems/patient-deleted",
    412: "/problems/precondition-failed",
    422: "/problems/idempotency-key-reused",
}


def _state_dependent(response) -> bool:
    expected = STATE_DEPENDENT_PROBLEMS.get(response.status_code)
    if expected is None:
        return False
    try:
        return response.json().get("type") == expected
    except Exception:
        return False


@schemathesis.hook
def filter_failure(context, failure, case, response) -> bool:
    """Keep every failure except a rejection of schema-valid data that breaks only
    RULES_BEYOND_THE_SCHEMA, or that the server's state decides (STATE_DEPENDENT_PROBLEMS)."""
    if failure.code == "ST202" and (_only_rules_beyond_the_schema(response) or _state_dependent(response)):
        return False
    return True


_TIME = re.compile(r"^([01][0-9]|2[0-3]):[0-5][0-9]$")
_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


@schemathesis.hook
def map_body(context, body):
    """Orders each valid time slot and moves valid future dates into the past."""
    if not isinstance(body, dict):
        return body
    today = date.today().isoformat()
    for field in ("dateOfBirth", "complaintsSince"):
        value = body.get(field)
        if isinstance(value, str) and _DATE.match(value) and value > today:
            body[field] = "2000-01-01"
    availability = body.get("timeAvailability")
    if isinstance(availability, dict):
        for slots in availability.values():
            for slot in slots if isinstance(slots, list) else []:
                start, end = (slot.get("from"), slot.get("to")) if isinstance(slot, dict) else (None, None)
                if isinstance(start, str) and isinstance(end, str) and _TIME.match(start) and _TIME.match(end) and start >= end:
                    slot["from"], slot["to"] = (end, start) if start != end else ("00:00", "23:59")
    return body
